/**
 * Profile bodies as fetched: gzip detection and bounded inflation (ENC-001, ENC-003,
 * X-PROF-003). Uses node:zlib, so it is kept apart from the pure parser.
 */
import { gunzipSync } from 'node:zlib';
import { ProvcertError } from '../errors.js';
import { DEFAULT_PROFILE_LIMITS } from './types.js';

/** RFC 1952 section 2.3.1: ID1 = 31, ID2 = 139. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `openssl enc` with a salt writes the 8 bytes 'Salted__' first (ENC-002). */
export function isOpensslEncrypted(bytes: Uint8Array): boolean {
  const magic = 'Salted__';
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/**
 * Inflates a gzip body, refusing more than `maxOutput` bytes of output (gzip bombs):
 * PC_ERR_PROFILE_LIMIT beyond it, PC_ERR_PROFILE_INVALID for a corrupt stream.
 */
export function inflateProfileBody(bytes: Uint8Array, maxOutput: number = DEFAULT_PROFILE_LIMITS.maxBytes): Uint8Array {
  try {
    const out = gunzipSync(bytes, { maxOutputLength: maxOutput });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ProvcertError('PC_ERR_PROFILE_LIMIT', `gzip body inflates to more than ${maxOutput} bytes`, { proto: 'profile', requirementId: 'X-PROF-003', cause: e });
    }
    throw new ProvcertError('PC_ERR_PROFILE_INVALID', `corrupt gzip body: ${e instanceof Error ? e.message : String(e)}`, { proto: 'profile', requirementId: 'ENC-001', cause: e });
  }
}

export interface ProfileBody {
  bytes: Uint8Array;
  /** True when the body was gzip and has been inflated (ENC-001). */
  inflated: boolean;
}

/**
 * Recognises the body by content, not by name (ENC-001): gzip is inflated with a bound;
 * anything else is returned as is (an encrypted body is for lib/crypto, ENC-003 order:
 * decrypt first, then inflate).
 */
export function openProfileBody(bytes: Uint8Array, maxOutput: number = DEFAULT_PROFILE_LIMITS.maxBytes): ProfileBody {
  if (isGzip(bytes)) return { bytes: inflateProfileBody(bytes, maxOutput), inflated: true };
  return { bytes, inflated: false };
}
