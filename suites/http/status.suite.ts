/**
 * Plain-HTTP file service (HTTP-012, HTTP-023, HTTP-003, HTTP-007/008, HTTP-015, X-HTTP-001/002):
 * status semantics, body framing and integrity, redirects, and credentials in clear profiles.
 */
import { isIP } from 'node:net';
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { BLOCKS_FILE, blocksFileBytes } from '../../lib/runner/content.js';
import { parseProfile } from '../../lib/profile/index.js';
import { detectWrapper } from '../../lib/crypto/index.js';
import { httpGet, missingPath } from '../helpers/served.js';
import { sameBytes } from '../helpers/tftp-checks.js';

const needs = ['http'] as const;

export const httpStatusTests = [
  defineTest({
    id: 'http.status.missing-404', title: 'A missing file is 404, not 200', requirements: ['HTTP-012'], needs,
    why: 'A phone treats 404 as "file not found" (outcome B, retry later); a 200 error page would be applied as its profile.',
    procedure: { setup: 'A random path nobody provisioned.', stimulus: 'GET it as a phone.', criteria: 'The status is 404.' },
    async run(ctx) {
      const path = missingPath(ctx);
      const r = await httpGet(ctx, path);
      if (!r.ok) fail({ requirementId: 'HTTP-012', expected: '404 Not Found', observed: `${r.reason}: ${r.message}`, message: `GET /${path} got no response` });
      if (r.response.status !== 404) fail({ requirementId: 'HTTP-012', expected: '404 Not Found', observed: `${r.response.status} ${r.response.statusText} (${r.response.body.length} octets)`, message: `GET of the missing /${path} answered ${r.response.status}` });
    },
  }),
  defineTest({
    id: 'http.body.length', title: 'Body matches Content-Length or chunked framing and the file', requirements: ['HTTP-023', 'HTTP-003', 'X-HTTP-001', 'X-HTTP-002'], needs,
    why: 'A phone that gets fewer octets than declared, or a different file, applies a truncated or wrong profile or image.',
    procedure: { setup: `The run's ${BLOCKS_FILE} (known octets).`, stimulus: 'GET it over HTTP/1.1.', criteria: '200; either Content-Length equal to the body length or Transfer-Encoding chunked, never both; the body equals the file.' },
    async run(ctx) {
      const r = await httpGet(ctx, BLOCKS_FILE);
      if (!r.ok) fail({ requirementId: 'HTTP-023', expected: 'a complete 200 response', observed: `${r.reason}: ${r.message}`, message: `GET /${BLOCKS_FILE} did not complete (body shorter than its framing?): ${r.message}` });
      if (r.response.status !== 200) fail({ requirementId: 'HTTP-023', expected: '200', observed: `${r.response.status}`, message: `GET /${BLOCKS_FILE} answered ${r.response.status}` });
      const cl = rawHeader(r.response.rawHeaders, 'content-length');
      const te = rawHeader(r.response.rawHeaders, 'transfer-encoding');
      if (cl !== undefined && te !== undefined) fail({ requirementId: 'X-HTTP-002', expected: 'Content-Length or Transfer-Encoding, not both', observed: `Content-Length: ${cl}, Transfer-Encoding: ${te}`, message: 'ambiguous framing' });
      if (te !== undefined && !/(^|,)\s*chunked\s*$/i.test(te)) fail({ requirementId: 'X-HTTP-001', expected: 'chunked as the final transfer coding', observed: `Transfer-Encoding: ${te}`, message: 'Transfer-Encoding without chunked last' });
      if (cl === undefined && te === undefined) fail({ requirementId: 'X-HTTP-001', expected: 'Content-Length or chunked', observed: 'neither (framed by closing the connection)', message: 'the response has no length framing' });
      if (cl !== undefined && Number(cl) !== r.response.body.length) fail({ requirementId: 'HTTP-023', expected: `Content-Length ${r.response.body.length} (the body)`, observed: `Content-Length: ${cl}`, message: 'Content-Length differs from the body' });
      sameBytes(r.response.body, blocksFileBytes(ctx.seed), 'HTTP-023', BLOCKS_FILE);
    },
  }),
  defineTest({
    id: 'http.redirect.well-formed', title: 'Redirects name an absolute Location that serves', requirements: ['HTTP-007', 'HTTP-008'], needs,
    why: 'On 301/302 the phone retries at Location; a relative or dead Location leaves it unprovisioned.',
    procedure: { setup: 'The phones\' profile paths.', stimulus: 'GET each; follow any 301/302 once.', criteria: 'If any answer is 301/302 (else n/a): Location is an absolute http(s) URL and a GET there answers 200.' },
    async run(ctx) {
      let seen = 0;
      for (const phone of ctx.phones) {
        const r = await httpGet(ctx, phone.profilePath, { phone });
        if (!r.ok || (r.response.status !== 301 && r.response.status !== 302)) continue;
        seen++;
        const req = r.response.status === 301 ? 'HTTP-007' : 'HTTP-008';
        const loc = rawHeader(r.response.rawHeaders, 'location');
        let url: URL | undefined;
        try { url = loc !== undefined ? new URL(loc) : undefined; } catch { url = undefined; }
        if (!url || !/^https?:$/.test(url.protocol)) fail({ requirementId: req, expected: 'Location: an absolute http(s) URL', observed: loc === undefined ? 'no Location' : `Location: ${loc}`, message: `${r.response.status} for /${phone.profilePath} without a usable Location` });
        if (isIP(url.hostname) === 0 && url.hostname !== ctx.running.serverIp) notApplicable(`the redirect goes to host ${url.hostname}, which only the lab DNS could resolve`);
        const next = await ctx.http({ url: url.href, userAgent: 'Cisco-CP-8841-3PCC/11.3.1', phone: phone.mac, timeoutMs: 5000 });
        if (!next.ok || next.response.status !== 200) fail({ requirementId: req, expected: `${url.href} answers 200`, observed: next.ok ? `${next.response.status}` : `${next.reason}: ${next.message}`, message: 'the redirect target does not serve the file' });
      }
      if (seen === 0) notApplicable('the target redirected none of the profile requests');
    },
  }),
  defineTest({
    id: 'http.plain.password-protected', title: 'Clear-HTTP profiles carry no passwords unencrypted', requirements: ['HTTP-015'], needs,
    why: 'Profiles hold SIP and admin passwords; over plain HTTP anyone on the path reads them unless the profile is encrypted.',
    procedure: { setup: 'The phones\' profiles.', stimulus: 'GET each over plain HTTP.', criteria: 'A profile that is clear XML (not openssl enc, not aes128gcm) sets no parameter whose name contains Password/Passwd/Secret to a non-empty value.' },
    async run(ctx) {
      for (const phone of ctx.phones) {
        const r = await httpGet(ctx, phone.profilePath, { phone });
        if (!r.ok || r.response.status !== 200) continue;
        if (rawHeader(r.response.rawHeaders, 'content-encoding')?.includes('aes128gcm')) continue;
        if (detectWrapper(r.response.body) !== 'xml') continue;
        const p = parseProfile(Buffer.from(r.response.body).toString('utf8')).profile;
        const secret = p?.params.find((x) => /pass(word|wd)|secret/i.test(x.name) && x.value !== '');
        if (secret) fail({ requirementId: 'HTTP-015', expected: 'passwords only in encrypted profiles or over HTTPS', observed: `<${secret.name}> set in clear XML over HTTP`, message: `/${phone.profilePath} carries ${secret.name} unencrypted over plain HTTP` });
      }
    },
  }),
];
