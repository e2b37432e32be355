/**
 * Issuing fetches and following redirects / auth challenges, shared by resync, upgrade and
 * onboarding. Headers per HTTP-004 (User-Agent) and ENC-008 (Accept-Encoding aes128gcm only with
 * an IKM); the client certificate on HTTPS (HTTP-019).
 */
import type { StepCtx } from './ctx.js';
import type { FetchOutcome } from './events.js';
import { classifyOutcome } from './http-outcome.js';
import { param } from './params.js';
import type { FetchAttempt } from './state.js';

/** HTTP-020 reading X-HTTP-020: at most this many 301/302 hops per fetch, then outcome C. */
export const MAX_REDIRECTS = 5;
/** HTTP-011: at most 2 authenticated retries, then outcome C. */
export const MAX_AUTH_RETRIES = 2;

export type AttemptInit = Omit<FetchAttempt, 'id' | 'redirects' | 'authRetries'>;

/** HTTP-004: Cisco-<product>/<version> (<MAC>). */
export function userAgent(ctx: StepCtx): string {
  const f = ctx.s.facts;
  return `Cisco-${f.productName}/${f.swVersion} (${f.mac.toLowerCase()})`;
}

export function newAttempt(ctx: StepCtx, init: AttemptInit): FetchAttempt {
  return { ...init, id: ctx.newId(), redirects: 0, authRetries: 0 };
}

export function emitFetch(ctx: StepCtx, a: FetchAttempt, reqs: readonly string[]): void {
  const headers: Record<string, string> = {};
  if (a.scheme !== 'tftp') {
    headers['User-Agent'] = userAgent(ctx);
    if (param(ctx.s.config, 'IKM_HTTP_Encrypt_Content') !== '') headers['Accept-Encoding'] = 'aes128gcm';
    if (a.method === 'POST') headers['Content-Type'] = 'text/plain';
  }
  ctx.emit({
    type: 'fetch', id: a.id, purpose: a.purpose, url: a.url, scheme: a.scheme, host: a.host, port: a.port, path: a.path,
    method: a.method, ...(a.body !== undefined ? { body: a.body } : {}), headers,
    ...(a.credentials !== undefined ? { credentials: a.credentials } : {}),
    clientCert: a.scheme === 'https' && ctx.s.facts.clientCert, reqs,
  });
}

/** Parses an absolute or path-relative Location against the current URL. */
export function resolveLocation(a: FetchAttempt, location: string): Pick<FetchAttempt, 'url' | 'scheme' | 'host' | 'port' | 'path'> | undefined {
  const abs = /^(https?|tftp):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?(\/[^#]*)?$/i.exec(location.trim());
  if (abs) {
    const scheme = (abs[1] as string).toLowerCase() as 'http' | 'https' | 'tftp';
    const port = abs[3] !== undefined ? Number(abs[3]) : scheme === 'https' ? 443 : scheme === 'http' ? 80 : 69;
    const host = abs[2] as string;
    const path = abs[4] ?? '/';
    const def = scheme === 'https' ? 443 : scheme === 'http' ? 80 : 69;
    return { scheme, host, port, path, url: `${scheme}://${host}${port === def ? '' : `:${port}`}${path}` };
  }
  if (location.startsWith('/')) {
    const def = a.scheme === 'https' ? 443 : a.scheme === 'http' ? 80 : 69;
    return { scheme: a.scheme, host: a.host, port: a.port, path: location, url: `${a.scheme}://${a.host}${a.port === def ? '' : `:${a.port}`}${location}` };
  }
  return undefined;
}

export type FollowUp =
  | { readonly kind: 'body'; readonly body: Uint8Array; readonly headers: Readonly<Record<string, string>> }
  /** A new request went out (redirect or authenticated retry); `sticky` set for 301. */
  | { readonly kind: 'refetched'; readonly attempt: FetchAttempt; readonly sticky: boolean }
  | { readonly kind: 'fail'; readonly cls: 'B' | 'C'; readonly message: string };

/** Applies the PG46 table to one result of attempt `a`, issuing follow-up requests itself. */
export function followOutcome(ctx: StepCtx, a: FetchAttempt, outcome: FetchOutcome): FollowUp {
  const c = classifyOutcome(outcome);
  switch (c.kind) {
    case 'body':
      ctx.fire(c.transition);
      return { kind: 'body', body: c.body, headers: c.headers };
    case 'fail': {
      const reqs = ctx.fire(c.transition);
      ctx.log(`${a.url}: ${c.message} (outcome ${c.cls})`, reqs);
      return { kind: 'fail', cls: c.cls, message: c.message };
    }
    case 'redirect': {
      const target = c.location !== undefined ? resolveLocation(a, c.location) : undefined;
      if (!target || a.redirects >= MAX_REDIRECTS) {
        const reqs = ctx.fire('resync.fetch.redirect-failed');
        const message = target ? 'too many redirects' : 'redirect without usable Location';
        ctx.log(`${a.url}: ${message} (outcome C)`, reqs);
        return { kind: 'fail', cls: 'C', message };
      }
      const reqs = ctx.fire(c.transition);
      const next: FetchAttempt = { ...a, ...target, id: ctx.newId(), redirects: a.redirects + 1, authRetries: 0 };
      emitFetch(ctx, next, reqs);
      return { kind: 'refetched', attempt: next, sticky: c.permanent };
    }
    case 'auth': {
      if (a.authRetries >= MAX_AUTH_RETRIES) {
        const reqs = ctx.fire('resync.fetch.http-401.exhausted');
        ctx.log(`${a.url}: authentication failed after ${MAX_AUTH_RETRIES} retries (outcome C)`, reqs);
        return { kind: 'fail', cls: 'C', message: 'authentication failed' };
      }
      const reqs = ctx.fire(c.transition);
      const next: FetchAttempt = { ...a, id: ctx.newId(), authRetries: a.authRetries + 1 };
      emitFetch(ctx, next, reqs);
      return { kind: 'refetched', attempt: next, sticky: false };
    }
  }
}
