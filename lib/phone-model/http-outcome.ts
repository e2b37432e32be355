/**
 * The phone's reading of a fetch result (PG46 "Phone Behavior for HTTP Responses", PG33):
 * A success, B file-not-found/corrupt, C error; 301/302 redirect, 401/407 authenticated retry.
 * Pure classification; what follows (retry, stickiness) is decided by fetch.ts.
 */
import type { FetchOutcome } from './events.js';

export type OutcomeClass =
  | { readonly kind: 'body'; readonly body: Uint8Array; readonly headers: Readonly<Record<string, string>>; readonly transition: string }
  | { readonly kind: 'redirect'; readonly permanent: boolean; readonly location: string | undefined; readonly transition: string }
  | { readonly kind: 'auth'; readonly transition: string }
  | { readonly kind: 'fail'; readonly cls: 'B' | 'C'; readonly message: string; readonly transition: string };

/** Classifies one result; `transition` is the TRANSITIONS id the row corresponds to. */
export function classifyOutcome(o: FetchOutcome): OutcomeClass {
  switch (o.kind) {
    case 'tftp':
      return { kind: 'body', body: o.body, headers: {}, transition: 'resync.fetch.tftp-ok' };
    case 'tftp-error':
      // RFC 1350: error code 1 = File not found -> outcome B; anything else -> C.
      return o.code === 1
        ? { kind: 'fail', cls: 'B', message: 'tftp: file not found', transition: 'resync.fetch.tftp-fnf' }
        : { kind: 'fail', cls: 'C', message: `tftp error ${o.code}: ${o.message}`, transition: 'resync.fetch.tftp-error' };
    case 'network-error':
      return { kind: 'fail', cls: 'C', message: `connection failed: ${o.message}`, transition: 'resync.fetch.network-error' };
    case 'http':
      return classifyStatus(o.status, o.headers, o.body);
  }
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export function classifyStatus(status: number, headers: Readonly<Record<string, string>>, body: Uint8Array): OutcomeClass {
  if (status === 200) return { kind: 'body', body, headers, transition: 'resync.fetch.http-200' };
  if (status === 301) return { kind: 'redirect', permanent: true, location: header(headers, 'location'), transition: 'resync.fetch.http-301' };
  if (status === 302) return { kind: 'redirect', permanent: false, location: header(headers, 'location'), transition: 'resync.fetch.http-302' };
  if (status === 401 || status === 407) return { kind: 'auth', transition: 'resync.fetch.http-401' };
  if (status === 404) return { kind: 'fail', cls: 'B', message: 'http 404 file not found', transition: 'resync.fetch.http-404.fnf' };
  if (status >= 300 && status < 400) return { kind: 'fail', cls: 'C', message: `http ${status} not processed`, transition: 'resync.fetch.http-3xx-other' };
  if (status >= 400 && status < 500) return { kind: 'fail', cls: 'C', message: `http ${status}`, transition: 'resync.fetch.http-4xx' };
  if (status >= 500 && status < 600) return { kind: 'fail', cls: 'C', message: `http ${status}`, transition: 'resync.fetch.http-5xx' };
  return { kind: 'fail', cls: 'C', message: `http ${status} not processed`, transition: 'resync.fetch.http-other' };
}

/** The PG46 table as data, for golden tests and docs: status -> outcome. */
export const HTTP_OUTCOME_TABLE: readonly { readonly status: number; readonly outcome: string; readonly reqs: readonly string[] }[] = [
  { status: 200, outcome: 'A', reqs: ['HTTP-006'] },
  { status: 301, outcome: 'redirect, sticky', reqs: ['HTTP-007'] },
  { status: 302, outcome: 'redirect', reqs: ['HTTP-008'] },
  { status: 303, outcome: 'C', reqs: ['HTTP-009'] },
  { status: 307, outcome: 'C', reqs: ['HTTP-009'] },
  { status: 400, outcome: 'C', reqs: ['HTTP-010'] },
  { status: 401, outcome: 'auth retry', reqs: ['HTTP-011'] },
  { status: 403, outcome: 'C', reqs: ['HTTP-010'] },
  { status: 404, outcome: 'B', reqs: ['HTTP-012'] },
  { status: 407, outcome: 'auth retry', reqs: ['HTTP-011'] },
  { status: 418, outcome: 'C', reqs: ['HTTP-010'] },
  { status: 500, outcome: 'C', reqs: ['HTTP-013'] },
  { status: 501, outcome: 'C', reqs: ['HTTP-013'] },
  { status: 502, outcome: 'C', reqs: ['HTTP-013'] },
  { status: 503, outcome: 'C', reqs: ['HTTP-013'] },
  { status: 504, outcome: 'C', reqs: ['HTTP-013'] },
  { status: 599, outcome: 'C', reqs: ['HTTP-013'] },
];
