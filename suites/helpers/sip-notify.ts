/**
 * Receiving the NOTIFY a target sends when the harness asks it to resync a phone (SIP-001, SIP-005):
 * a bare UDP endpoint plays the phone's SIP port, so that a test decides itself whether and when it
 * answers (RFC 3261 section 17.1.2.2: an unanswered NOTIFY over UDP is retransmitted). Every datagram
 * goes through the test's tap, so the NOTIFY is a frame in the test's pcap.
 */
import { buildResponse, decode as decodeSip, encode as encodeSip, type SipRequest } from '../../lib/codec/sip/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { UdpEndpoint } from '../../lib/emulator/net/udp-endpoint.js';
import type { Endpoint } from '../../lib/emulator/net/packet-events.js';
import { notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TargetView, TestContext } from '../../lib/runner/types.js';

export interface ReceivedNotify {
  readonly request: SipRequest;
  readonly bytes: Uint8Array;
  readonly from: Endpoint;
  /** ms since the action was started. */
  readonly atMs: number;
}

export interface NotifyExchange {
  /** NOTIFY requests received, in order (retransmissions included). */
  readonly notifies: readonly ReceivedNotify[];
  /** Datagrams that did not decode as SIP, with the decoder's reason. */
  readonly garbage: readonly { bytes: Uint8Array; why: string }[];
  /** The phone's SIP address the action was given. */
  readonly phoneSip: string;
  /** The profile URL the action was asked to name, if any. */
  readonly profileUrl?: string;
  /** Why the action failed, when it did (the target's act() threw). */
  readonly actionError?: string;
}

export interface NotifyOptions {
  readonly phone: RunPhone;
  /** How many NOTIFYs to leave unanswered before answering 200 (0 = answer the first). */
  readonly withhold?: number;
  /** Ask the target to name this profile URL (Event: resync;profile="..."). */
  readonly profileUrl?: string;
  /** Wait bound after the action returns or fails, for late datagrams; default 300 ms. */
  readonly settleMs?: number;
  /** Overall bound; default 10 s. */
  readonly timeoutMs?: number;
}

/** Applicability of SIP action tests: a target that can be asked to send a NOTIFY. */
export function sipActionApplies(t: TargetView): string | undefined {
  if (t.mode === 'lab') return 'the NOTIFY receiver is bound on loopback; lab mode would need it inside the phone namespace, which the runner does not offer to suites yet';
  if (t.kind !== 'builtin' && t.spec.actions === undefined) return 'the target declares no `actions` hook, so the harness cannot make it send a NOTIFY';
  return undefined;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((r) => {
  const timer = setTimeout(r, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); r(); }, { once: true });
});

/**
 * Binds the phone's SIP port, asks the target to send `notify-resync` to it, answers as told and
 * returns what arrived. n/a when the running target has no act().
 */
export async function driveNotify(ctx: TestContext, o: NotifyOptions): Promise<NotifyExchange> {
  const act = ctx.running.act;
  if (!act) notApplicable('the running target cannot be asked to act (no actions hook)');
  const ep = await UdpEndpoint.bind({ address: '127.0.0.1', port: 0, proto: 'sip', tap: ctx.tap, phone: o.phone.mac });
  const notifies: ReceivedNotify[] = [];
  const garbage: { bytes: Uint8Array; why: string }[] = [];
  const started = Date.now();
  const withhold = o.withhold ?? 0;
  try {
    ep.onDatagram((bytes, from) => {
      let request: SipRequest;
      try {
        const m = decodeSip(bytes).value;
        if (m.kind !== 'request') return;
        request = m;
      } catch (e) {
        garbage.push({ bytes, why: isProvcertError(e) ? e.message : String(e) });
        return;
      }
      if (request.method !== 'NOTIFY') return;
      notifies.push({ request, bytes, from, atMs: Date.now() - started });
      if (notifies.length <= withhold) return;
      try {
        const ok = buildResponse(request, 200, { toTag: `pc${Math.floor(ctx.random() * 1e9).toString(36)}` });
        void ep.send(encodeSip(ok), from).catch(() => undefined);
      } catch {
        // A NOTIFY without From/To/Call-ID/CSeq cannot be answered; the format tests report it.
      }
    });
    const phoneSip = `sip:${o.phone.serial.toLowerCase()}@${ep.local.address}:${ep.local.port}`;
    ctx.log(`asking the target to send notify-resync to ${phoneSip}`);
    let actionError: string | undefined;
    const bound = o.timeoutMs ?? 10_000;
    const acted = act.call(ctx.running, { type: 'notify-resync', phoneMac: o.phone.mac, phoneSip, ...(o.profileUrl ? { profileUrl: o.profileUrl } : {}) })
      .then(() => undefined, (e: unknown) => { actionError = isProvcertError(e) ? e.message : e instanceof Error ? e.message : String(e); });
    await Promise.race([acted, sleep(bound, ctx.signal)]);
    await sleep(o.settleMs ?? 300, ctx.signal);
    return { notifies, garbage, phoneSip, ...(o.profileUrl ? { profileUrl: o.profileUrl } : {}), ...(actionError !== undefined ? { actionError } : {}) };
  } finally {
    await ep.close();
  }
}
