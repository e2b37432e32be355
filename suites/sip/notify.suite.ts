/**
 * The resync NOTIFY a target sends when asked (SIP-001, SIP-005), for targets that can be made to
 * act (builtin, or a target file with `actions`): the harness plays the phone's SIP port, drives the
 * action and judges the NOTIFY that arrives: request line and mandatory headers (RFC 3261 section
 * 8.1.1), `Event: resync[;profile="URL"]` (never check-sync), Subscription-State (RFC 6665 section
 * 8.2.3), the profile it names, and retransmission over UDP (RFC 3261 section 17.1.2.2).
 */
import { headerValue, headerValues, sipView } from '../../lib/codec/sip/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { fetchUrl, resolvedFromText } from '../helpers/fetch-url.js';
import { profileText } from '../helpers/profile-text.js';
import { profileUrlOf } from '../helpers/served-params.js';
import { driveNotify, sipActionApplies, type NotifyExchange, type ReceivedNotify } from '../helpers/sip-notify.js';

const needs = ['sip'] as const;
/** Event = resync *( ";" profile="URL" ) as the Cisco seed shows it (SIP-002, SIP-005). */
const RESYNC_EVENT = /^resync(\s*;\s*profile\s*=\s*"[^"\s]+")?$/;

/** One NOTIFY for the first phone (answered 200); a missing NOTIFY fails `requirement`. */
async function firstNotify(ctx: TestContext, requirement: string, o: { profileUrl?: string } = {}): Promise<{ x: NotifyExchange; n: ReceivedNotify }> {
  const phone = ctx.phones[0]!;
  const x = await driveNotify(ctx, { phone, ...o });
  const n = x.notifies[0];
  if (!n) {
    const observed = x.garbage.length > 0 ? `${x.garbage.length} datagram(s) that are not SIP (${x.garbage[0]!.why})` : x.actionError ?? 'nothing';
    fail({ requirementId: requirement, expected: `a NOTIFY to ${x.phoneSip}`, observed, message: `asked to resync ${phone.mac}, the target sent no NOTIFY: ${observed}`, ...(x.garbage[0] ? { packet: x.garbage[0].bytes } : {}) });
  }
  return { x, n };
}

function bad(n: ReceivedNotify, requirement: string, what: string, expected: string, observed: string): never {
  fail({ requirementId: requirement, expected: `${what}: ${expected}`, observed: `${what}: ${observed}`, message: `NOTIFY ${what} is ${observed}, expected ${expected}`, packet: n.bytes });
}

export const notifyTests = [
  defineTest({
    id: 'sip.notify.sent', title: 'Asked to resync a phone, the server sends a NOTIFY', requirements: ['SIP-001'], needs, applies: sipActionApplies,
    why: 'A provider resyncs a fleet by SIP NOTIFY; a server whose resync action sends nothing cannot push configuration.',
    procedure: { setup: 'The harness plays the first phone\'s SIP port on loopback.', stimulus: 'Drive the target\'s notify-resync action for that phone.', criteria: 'A SIP NOTIFY arrives at the phone\'s address within 10 s.' },
    async run(ctx) {
      await firstNotify(ctx, 'SIP-001');
    },
  }),
  defineTest({
    id: 'sip.notify.event-resync', title: 'The NOTIFY uses Event: resync', requirements: ['SIP-005'], needs, applies: sipActionApplies,
    why: 'Cisco MPP phones document only Event: resync; check-sync (other vendors) or another event is not a resync for them.',
    procedure: { setup: 'As sip.notify.sent.', stimulus: 'Drive notify-resync.', criteria: 'Exactly one Event header whose value is resync, optionally with ;profile="URL".' },
    async run(ctx) {
      const { n } = await firstNotify(ctx, 'SIP-005');
      const events = headerValues(n.request, 'Event');
      if (events.length !== 1) bad(n, 'SIP-005', 'Event header', 'exactly one', `${events.length}`);
      if (!RESYNC_EVENT.test(events[0]!.trim())) bad(n, 'SIP-005', 'Event', 'resync[;profile="URL"]', JSON.stringify(events[0]));
    },
  }),
  defineTest({
    id: 'sip.notify.request-format', title: 'The NOTIFY is a well-formed request to the phone', requirements: ['SIP-001'], needs, applies: sipActionApplies,
    why: 'A phone drops requests that lack the mandatory headers or are not addressed to it, and never resyncs.',
    procedure: {
      setup: 'As sip.notify.sent.',
      stimulus: 'Drive notify-resync.',
      criteria: 'Request line NOTIFY <sip URI of the phone\'s address and port> SIP/2.0; Via with a z9hG4bK branch; From with a tag; To; Call-ID; CSeq <n> NOTIFY; Max-Forwards; Content-Length equal to the body (RFC 3261 sections 8.1.1, 18.3).',
    },
    async run(ctx) {
      const { x, n } = await firstNotify(ctx, 'SIP-001');
      const r = n.request;
      const v = sipView(r);
      const phonePort = Number(/:(\d+)$/.exec(x.phoneSip)?.[1]);
      if (r.version !== 'SIP/2.0') bad(n, 'SIP-001', 'SIP version', 'SIP/2.0', r.version);
      const uri = /^sips?:(?:[^@]*@)?([^:;>]+)(?::(\d+))?/.exec(r.uri);
      if (!uri || uri[1] !== '127.0.0.1' || Number(uri[2] ?? 5060) !== phonePort) bad(n, 'SIP-001', 'Request-URI', `a SIP URI of the phone (127.0.0.1:${phonePort})`, r.uri);
      if (!/^z9hG4bK/.test(v.via[0]?.branch ?? '')) bad(n, 'SIP-001', 'Via branch', 'z9hG4bK...', v.via[0]?.branch ?? 'absent');
      if (!v.from?.tag) bad(n, 'SIP-001', 'From tag', 'present', headerValue(r, 'From') ?? 'no From');
      if (!v.to) bad(n, 'SIP-001', 'To', 'present', 'absent');
      if (!v.callId) bad(n, 'SIP-001', 'Call-ID', 'present', 'absent');
      if (v.cseq?.method !== 'NOTIFY') bad(n, 'SIP-001', 'CSeq', '<number> NOTIFY', headerValue(r, 'CSeq') ?? 'absent');
      if (v.maxForwards === undefined) bad(n, 'SIP-001', 'Max-Forwards', 'present', 'absent');
      // Contact is not required: an unsolicited NOTIFY with Subscription-State terminated creates no dialog,
      // so there is no remote target to refresh (decision recorded in docs/suites-notes.md).
      if (v.contact.length === 0) ctx.log('NOTIFY without Contact (accepted: no dialog is created)');
      if (v.contentLength !== undefined && v.contentLength !== r.body.length) bad(n, 'SIP-001', 'Content-Length', String(r.body.length), String(v.contentLength));
    },
  }),
  defineTest({
    id: 'sip.notify.subscription-state', title: 'The NOTIFY carries a Subscription-State', requirements: ['SIP-005'], needs, applies: sipActionApplies,
    why: 'RFC 6665 section 8.2.3: every NOTIFY carries Subscription-State; for an unsolicited resync it says terminated, so the phone keeps no subscription.',
    procedure: { setup: 'As sip.notify.sent.', stimulus: 'Drive notify-resync.', criteria: 'Subscription-State is present with state active, pending or terminated.' },
    async run(ctx) {
      const { n } = await firstNotify(ctx, 'SIP-005');
      const s = sipView(n.request).subscriptionState;
      if (!s) bad(n, 'SIP-005', 'Subscription-State', 'present', headerValue(n.request, 'Subscription-State') ?? 'absent');
      if (!['active', 'pending', 'terminated'].includes(s.state.toLowerCase())) bad(n, 'SIP-005', 'Subscription-State', 'active, pending or terminated', s.state);
    },
  }),
  defineTest({
    id: 'sip.notify.profile-url', title: 'A profile the NOTIFY names is the one asked for and is served', requirements: ['SIP-001', 'SIP-005'], needs, applies: sipActionApplies,
    why: 'Event: resync;profile="URL" makes the phone fetch that URL; it must be the requested profile and reachable.',
    procedure: { setup: 'The first phone\'s profile URL on the target\'s first file service.', stimulus: 'Drive notify-resync naming that URL.', criteria: 'The Event has profile="<that URL>" (or no profile parameter: then n/a) and fetching it returns the phone\'s profile.' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      const want = profileUrlOf(ctx, phone);
      const { n } = await firstNotify(ctx, 'SIP-001', want ? { profileUrl: want.text } : {});
      const got = sipView(n.request).event?.profile;
      if (got === undefined || !want) {
        ctx.log('the NOTIFY names no profile (allowed: the phone then uses its Profile_Rule)');
        return;
      }
      if (got !== want.text) bad(n, 'SIP-005', 'Event profile', JSON.stringify(want.text), JSON.stringify(got));
      const url = resolvedFromText(got);
      if (!url) bad(n, 'SIP-001', 'Event profile', 'an absolute tftp/http/https URL', JSON.stringify(got));
      const body = await fetchUrl(ctx, url, phone);
      if (!body.ok || !profileText(ctx, body.body).includes(phone.marker)) {
        fail({ requirementId: 'SIP-001', expected: `${got} returns the profile of ${phone.mac}`, observed: body.ok ? `${body.body.length} octets without the marker` : body.observed, message: `the profile named in the NOTIFY is not served`, ...(body.packet ? { packet: body.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'sip.notify.retransmit', title: 'An unanswered NOTIFY is retransmitted', requirements: ['SIP-001'], needs, applies: sipActionApplies,
    why: 'NOTIFY goes over UDP; a single lost datagram must not lose the resync (RFC 3261 section 17.1.2.2, timer E).',
    procedure: {
      setup: 'As sip.notify.sent; the first NOTIFY is left unanswered.',
      stimulus: 'Drive notify-resync; answer 200 only to the second copy.',
      criteria: 'The same request (same Via branch, Call-ID and CSeq) arrives again within 4 s.',
    },
    async run(ctx) {
      const x = await driveNotify(ctx, { phone: ctx.phones[0]!, withhold: 1, timeoutMs: 6000 });
      const first = x.notifies[0];
      if (!first) fail({ requirementId: 'SIP-001', expected: `a NOTIFY to ${x.phoneSip}`, observed: x.actionError ?? 'nothing', message: 'the target sent no NOTIFY' });
      const again = x.notifies.slice(1).find((m) => m.atMs - first.atMs <= 4000);
      if (!again) fail({ requirementId: 'SIP-001', expected: 'the NOTIFY again within 4 s (timer E starts at T1 = 500 ms)', observed: `${x.notifies.length} NOTIFY in total`, message: 'the unanswered NOTIFY was not retransmitted', packet: first.bytes });
      const key = (m: ReceivedNotify) => { const v = sipView(m.request); return `${v.via[0]?.branch}|${v.callId}|${v.cseq?.seq}`; };
      if (key(again) !== key(first)) bad(again, 'SIP-001', 'retransmission (branch|Call-ID|CSeq)', key(first), key(again));
    },
  }),
];
