/** base64url (RFC 4648 section 5) for IKM values such as IKM_HTTP_Encrypt_Content (ENC-009). */
import { ProvcertError } from '../errors.js';

export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Strict decode: only the URL-safe alphabet, optional '=' padding, no whitespace, and the
 * value must re-encode to itself (so a typo in the last character is not silently dropped).
 * Throws PC_ERR_CONFIG: an IKM is configuration, not input.
 */
export function parseIkm(b64url: string): Uint8Array {
  const bad = (why: string) => new ProvcertError('PC_ERR_CONFIG', `IKM is not valid base64url: ${why}`, { requirementId: 'ENC-009' });
  const s = b64url.replace(/=+$/, '');
  if (s.length === 0) throw bad('empty');
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw bad('only A-Z a-z 0-9 - _ are allowed (standard base64 uses + and /)');
  if (s.length % 4 === 1) throw bad(`length ${s.length} cannot be base64`);
  if (b64url.length !== s.length && b64url.length % 4 !== 0) throw bad('wrong amount of = padding');
  const bytes = Buffer.from(s, 'base64url');
  if (bytes.toString('base64url') !== s) throw bad('non-zero bits in the last character');
  return new Uint8Array(bytes);
}
