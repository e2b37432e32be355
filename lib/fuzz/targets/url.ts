/**
 * --url target (issue 7 part 2): each input is uploaded (PUT by default, or POST) to an endpoint
 * that must be on loopback or a lab address we create (common.md network rule): 127.0.0.0/8,
 * ::1, localhost, 10.77.0.0/16, 192.0.2.0/24. Any other host is refused before anything is sent.
 * Observed: status, response body (first 64 KiB), latency. 2xx/3xx = accept, 4xx = reject,
 * 5xx or a connection dropped mid-request = crash, no answer within the timeout = hang.
 */
import { performance } from 'node:perf_hooks';
import { isIP } from 'node:net';
import { request } from 'undici';
import { configError } from '../../errors.js';
import type { FuzzTarget, Observation } from '../types.js';
import type { TargetOptions } from './index.js';

const BODY_CAP = 64 * 1024;

/** True for the hosts provcert may send fuzz traffic to. */
export function isAllowedHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) !== 4) return false;
  const [a, b, c] = h.split('.').map(Number);
  return a === 127 || (a === 10 && b === 77) || (a === 192 && b === 0 && c === 2);
}

export function urlTarget(url: string, method: 'PUT' | 'POST', o: TargetOptions): FuzzTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(`--url: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw configError(`--url: only http and https, got ${parsed.protocol}`);
  if (!isAllowedHost(parsed.hostname)) throw configError(`--url: ${parsed.hostname} is not a loopback or lab address (127.0.0.0/8, ::1, 10.77.0.0/16, 192.0.2.0/24)`);

  const run = async (input: Uint8Array): Promise<Observation> => {
    const t0 = performance.now();
    try {
      const res = await request(parsed, {
        method, body: input, headers: { 'content-type': 'application/xml' },
        headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs,
      });
      const chunks: Buffer[] = [];
      let len = 0;
      for await (const chunk of res.body) {
        if (len < BODY_CAP) chunks.push(chunk as Buffer);
        len += (chunk as Buffer).length;
      }
      const status = res.statusCode;
      const outcome = status >= 500 ? 'crash' : status >= 400 ? 'reject' : 'accept';
      const body = Buffer.concat(chunks).subarray(0, BODY_CAP).toString('utf8');
      return { outcome, status, stdout: body, stderr: status >= 400 ? `HTTP ${status}` : '', durationMs: performance.now() - t0 };
    } catch (e) {
      const code = (e as { code?: string }).code ?? (e instanceof Error ? e.name : 'error');
      const durationMs = performance.now() - t0;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { outcome: 'hang', stdout: '', stderr: code, durationMs };
      // Refused: nothing is listening (not a finding about this input). Reset/closed: it died on it.
      if (code === 'ECONNREFUSED') return { outcome: 'error', stdout: '', stderr: `${code}: nothing listens on ${parsed.host}`, durationMs };
      return { outcome: 'crash', signal: code, stdout: '', stderr: `${code}: ${e instanceof Error ? e.message : String(e)}`, durationMs };
    }
  };

  return {
    name: `url:${method} ${parsed.href}`,
    run,
    replayShell: (file) => `exec curl -sS -X ${method} --data-binary @${file} -H 'content-type: application/xml' -w '%{http_code}\\n' '${parsed.href.replace(/'/g, "%27")}'`,
    close: async () => {},
  };
}
