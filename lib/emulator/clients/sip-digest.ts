/**
 * HTTP Digest for SIP REGISTER (RFC 3261 section 22.4, RFC 2617 / RFC 8760 with MD5, the
 * algorithm phones and registrars use by default). Only what a UA needs to answer a challenge.
 */
import { createHash } from 'node:crypto';
import { splitCommaList, unquote } from '../../codec/sip/index.js';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm?: string;
  readonly qop?: readonly string[];
}

/** Parses `Digest realm="x", nonce="y", qop="auth"`; undefined when not a Digest challenge. */
export function parseDigestChallenge(value: string): DigestChallenge | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const part of splitCommaList(m[1]!)) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const qop = params.get('qop')?.split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
  return { realm, nonce, opaque: params.get('opaque'), algorithm: params.get('algorithm'), ...(qop ? { qop } : {}) };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface DigestInput {
  readonly challenge: DigestChallenge;
  readonly username: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  /** Client nonce and count, for qop=auth; the caller's seeded PRNG makes cnonce. */
  readonly cnonce: string;
  readonly nc?: number;
}

/** The Authorization / Proxy-Authorization value. */
export function digestAuthorization(d: DigestInput): string {
  const c = d.challenge;
  const ha1 = md5(`${d.username}:${c.realm}:${d.password}`);
  const ha2 = md5(`${d.method}:${d.uri}`);
  const useQop = c.qop?.includes('auth') ?? false;
  const nc = (d.nc ?? 1).toString(16).padStart(8, '0');
  const response = useQop ? md5(`${ha1}:${c.nonce}:${nc}:${d.cnonce}:auth:${ha2}`) : md5(`${ha1}:${c.nonce}:${ha2}`);
  const parts = [`username="${d.username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${d.uri}"`, `response="${response}"`, 'algorithm=MD5'];
  if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce="${d.cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
