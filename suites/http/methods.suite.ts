/**
 * HTTP details a phone depends on beyond status codes (suites/http/status.suite.ts): the head's
 * line endings (X-HTTP-003, RFC 9112 section 2.2), a POST of the [--post] body answered like the
 * GET (HTTP-005), and authentication challenges a phone can answer (HTTP-011, RFC 9110 section 11).
 * Raw response bytes come from the test's tap (the same bytes the pcap records).
 */
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import { decodeResponse } from '../../lib/codec/http/index.js';
import type { PacketEvent } from '../../lib/emulator/net/packet-events.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TargetView, TestContext } from '../../lib/runner/types.js';
import { profileText } from '../helpers/profile-text.js';
import { httpGet, missingPath, type HttpGetOptions } from '../helpers/served.js';

const servesHttp = (t: TargetView) => (t.serves.includes('http') || t.serves.includes('https') ? undefined : 'the target serves neither http nor https');
const overHttps = (ctx: TestContext) => !ctx.target.serves.includes('http');

/** The request's response bytes as they arrived (all rx stream chunks of this request's connections). */
async function withRawResponse(ctx: TestContext, path: string, o: HttpGetOptions) {
  const chunks = new Map<number, Uint8Array[]>();
  const off = ctx.tap.on((e: PacketEvent) => {
    if (e.kind === 'tcp' && e.dir === 'rx' && e.phase === 'data') chunks.set(e.connId, [...(chunks.get(e.connId) ?? []), e.bytes]);
  });
  try {
    const r = await httpGet(ctx, path, o);
    const raws = [...chunks.values()].map((c) => Buffer.concat(c));
    return { r, raw: raws.find((b) => b.length > 0) };
  } finally {
    off();
  }
}

export const httpMethodTests = [
  defineTest({
    id: 'http.head.crlf', title: 'Response heads end their lines with CRLF and do not fold', requirements: ['X-HTTP-003'], applies: servesHttp,
    why: 'RFC 9112 section 2.2: a sender must end start and field lines with CRLF and must not use obs-fold; a phone parser that needs CRLF then misses headers such as Content-Length.',
    procedure: { setup: 'The first phone\'s profile and a path nobody provisioned.', stimulus: 'GET both as the phone; record the raw response bytes.', criteria: 'Neither head has bare-LF, mixed line endings or obs-fold (codec findings for X-HTTP-003).' },
    async run(ctx) {
      const phone = ctx.phones[0];
      for (const path of [...(phone ? [phone.profilePath] : []), missingPath(ctx)]) {
        const { r, raw } = await withRawResponse(ctx, path, { https: overHttps(ctx), ...(phone ? { phone } : {}) });
        // Judged on the raw bytes even when the client refused the response (a strict parser rejects bare LF).
        if (!raw) { ctx.log(`GET /${path}: no response bytes (${r.ok ? r.response.status : r.reason})`); continue; }
        let findings;
        try { findings = decodeResponse(raw).findings; } catch (e) { ctx.log(`GET /${path}: the head does not frame: ${e instanceof Error ? e.message : String(e)}`); continue; }
        const f = findings.find((x) => x.requirementId === 'X-HTTP-003');
        if (f) fail({ requirementId: 'X-HTTP-003', expected: 'CRLF after every head line, no obs-fold', observed: `${f.code} at offset ${f.offset}: ${f.message}`, message: `the response to GET /${path} has a malformed head`, packet: raw });
      }
    },
  }),
  defineTest({
    id: 'http.method.post-profile', title: 'A POST to the profile URL returns the profile', requirements: ['HTTP-005'], needs: ['http'],
    why: 'With [--post x] in its rule the phone POSTs the expanded GPP_x instead of GETting; a server that answers POST with 405 leaves such phones unprovisioned.',
    procedure: { setup: 'The first phone\'s profile.', stimulus: 'POST to its rule path with the body a rule [--post a] gives when GPP_A = $MA (the phone\'s MAC), Content-Type text/plain.', criteria: '200 with the same profile as the GET (the phone\'s marker after decryption).' },
    async run(ctx) {
      const phone = ctx.phones[0];
      if (!phone) notApplicable('the run has no phone');
      const base = await httpGet(ctx, phone.profilePath, { phone });
      if (!base.ok || base.response.status !== 200) notApplicable(`GET /${phone.profilePath} did not give 200 (${base.ok ? base.response.status : base.reason}); http.status.* and profile.* judge it`);
      const r = await ctx.http({
        url: `http://${ctx.running.serverIp}:${ctx.running.ports.http}/${phone.profilePath}`,
        method: 'POST', userAgent: `Cisco-${phone.model}/${phone.swver} (${phone.mac})`, phone: phone.mac, timeoutMs: 5000,
        headers: [['Content-Type', 'text/plain']], body: new TextEncoder().encode(phone.mac),
      });
      if (!r.ok) fail({ requirementId: 'HTTP-005', expected: '200 with the profile', observed: `${r.reason}: ${r.message}`, message: `POST /${phone.profilePath} failed` });
      if (r.response.status !== 200) fail({ requirementId: 'HTTP-005', expected: '200 with the profile (as for GET)', observed: `HTTP ${r.response.status} ${r.response.statusText}`, message: `POST /${phone.profilePath} is not answered like the GET` });
      if (!profileText(ctx, r.response.body).includes(phone.marker)) fail({ requirementId: 'HTTP-005', expected: `the profile of ${phone.mac} (marker ${phone.marker})`, observed: `${r.response.body.length} octets without the marker`, message: `POST /${phone.profilePath} returned another body than the profile` });
    },
  }),
  defineTest({
    id: 'http.auth.challenge-well-formed', title: '401/407 answers carry a Basic or Digest challenge', requirements: ['HTTP-011'], applies: servesHttp,
    why: 'On 401 or 407 the phone retries with credentials (at most twice); it can only do so when the response names a Basic or Digest challenge it can answer.',
    procedure: { setup: 'The first phone\'s profile.', stimulus: 'GET it without credentials.', criteria: 'A 401 carries WWW-Authenticate and a 407 Proxy-Authenticate, with scheme Basic or Digest (RFC 9110 section 11.6); n/a when the target asks for no credentials.' },
    async run(ctx) {
      const phone = ctx.phones[0];
      if (!phone) notApplicable('the run has no phone');
      const r = await httpGet(ctx, phone.profilePath, { https: overHttps(ctx), phone });
      if (!r.ok || (r.response.status !== 401 && r.response.status !== 407)) notApplicable(`the target asks for no credentials (GET /${phone.profilePath}: ${r.ok ? r.response.status : r.reason})`);
      const name = r.response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const challenge = rawHeader(r.response.rawHeaders, name);
      if (challenge === undefined || !/^\s*(basic|digest)\b/i.test(challenge)) {
        fail({ requirementId: 'HTTP-011', expected: `${name}: Basic or Digest realm=...`, observed: challenge === undefined ? `no ${name}` : `${name}: ${challenge}`, message: `HTTP ${r.response.status} without a challenge the phone can answer` });
      }
    },
  }),
];
