/**
 * What the phone does with a downloaded body before parsing it (PG22, PG23, AG88_105):
 * RFC 8188 aes128gcm (Content-Encoding) with IKM_HTTP_Encrypt_Content (ENC-008/009), an
 * `openssl enc` body (magic "Salted__") with the rule's --key (ENC-004/007), a gzip header
 * (ENC-001) -> inflate. Decryption and inflation are effects; their results come back as events.
 */
import type { StepCtx } from './ctx.js';
import { param } from './params.js';
import type { FetchAttempt } from './state.js';

/** At most this many decode steps per body (aes128gcm, openssl-enc, gzip). */
export const MAX_DECODE_STEPS = 3;

export type DecodeStep =
  | { readonly kind: 'plain'; readonly body: Uint8Array }
  | { readonly kind: 'pending'; readonly attempt: FetchAttempt }
  | { readonly kind: 'fail'; readonly message: string };

const SALTED = [0x53, 0x61, 0x6c, 0x74, 0x65, 0x64, 0x5f, 0x5f]; // "Salted__"

export function isOpensslEnc(b: Uint8Array): boolean {
  return b.length >= 16 && SALTED.every((x, i) => b[i] === x);
}

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

function contentEncoding(headers: Readonly<Record<string, string>>): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-encoding');
  return key === undefined ? '' : (headers[key] ?? '').trim().toLowerCase();
}

/**
 * One decode step. `headers` only for the first step (the HTTP response); later steps see
 * the output of the previous one.
 */
export function decodeBody(ctx: StepCtx, a: FetchAttempt, body: Uint8Array, headers: Readonly<Record<string, string>>): DecodeStep {
  const steps = a.decodeSteps ?? 0;
  const next = (): FetchAttempt => ({ ...a, decodeSteps: steps + 1 });
  if (steps === 0 && contentEncoding(headers) === 'aes128gcm') {
    const ikm = param(ctx.s.config, 'IKM_HTTP_Encrypt_Content');
    if (ikm === '') return { kind: 'fail', message: 'aes128gcm body but no IKM_HTTP_Encrypt_Content' };
    ctx.emit({ type: 'decrypt', id: a.id, algorithm: 'aes128gcm', ikm, reqs: ctx.fire('decode.aes128gcm') });
    return { kind: 'pending', attempt: next() };
  }
  if (steps >= MAX_DECODE_STEPS && (isOpensslEnc(body) || isGzip(body))) return { kind: 'fail', message: 'too many encoding layers' };
  if (isOpensslEnc(body)) {
    if (a.key === undefined || a.key === '') return { kind: 'fail', message: 'encrypted profile but the rule has no --key' };
    ctx.emit({ type: 'decrypt', id: a.id, algorithm: 'openssl-enc', key: a.key, reqs: ctx.fire('decode.openssl-enc') });
    return { kind: 'pending', attempt: next() };
  }
  if (isGzip(body)) {
    ctx.emit({ type: 'gunzip', id: a.id, reqs: ctx.fire('decode.gzip') });
    return { kind: 'pending', attempt: next() };
  }
  return { kind: 'plain', body };
}
