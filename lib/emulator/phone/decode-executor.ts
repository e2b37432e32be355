/**
 * Executes the model's decrypt and gunzip effects with lib/crypto and lib/profile/body: the model
 * decided THAT and WITH WHAT to decode (ENC-004/007 --key, ENC-008/009 IKM, ENC-001 gzip); a failure
 * is a result (ok: false, outcome B in the model), never an exception.
 */
import type { Effect, PhoneEvent } from '../../phone-model/index.js';
import { aes128gcmDecrypt, decryptAuto, parseIkm } from '../../crypto/index.js';
import { inflateProfileBody } from '../../profile/body.js';

export type DecodeEffect = Extract<Effect, { type: 'decrypt' } | { type: 'gunzip' }>;

export interface DecodeRun {
  readonly event: Extract<PhoneEvent, { type: 'decrypt-result' } | { type: 'gunzip-result' }>;
  /** Why it failed, for the timeline. */
  readonly error?: string;
}

export function executeDecode(e: DecodeEffect, body: Uint8Array | undefined, at: number): DecodeRun {
  const type = e.type === 'decrypt' ? 'decrypt-result' as const : 'gunzip-result' as const;
  if (body === undefined) return { event: { type, at, id: e.id, ok: false }, error: `no body kept for #${e.id}` };
  try {
    let out: Uint8Array;
    if (e.type === 'gunzip') out = inflateProfileBody(body);
    // openssl enc: decryptAuto tries the documented KDF order and accepts only XML/gzip plaintext (X-ENC-002).
    else if (e.algorithm === 'openssl-enc') out = decryptAuto(body, { key: e.key }).plain;
    else out = aes128gcmDecrypt(body, parseIkm(e.ikm)).plain; // RFC 8188 with IKM_HTTP_Encrypt_Content
    return { event: { type, at, id: e.id, ok: true, body: out } };
  } catch (err) {
    return { event: { type, at, id: e.id, ok: false }, error: err instanceof Error ? err.message : String(err) };
  }
}
