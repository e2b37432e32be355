/**
 * Key derivation for `openssl enc -aes-256-cbc` files (ENC-002): the passphrase and the 8-byte
 * salt become a 32-byte AES key and a 16-byte IV, either by EVP_BytesToKey (one iteration, the
 * only mode openssl 0.9.7c had) or by PBKDF2-HMAC-SHA256 (openssl 1.1.1+ `-pbkdf2 [-iter N]`).
 */
import { createHash, pbkdf2Sync } from 'node:crypto';
import { ProvcertError } from '../errors.js';

export type Kdf = { kind: 'evp'; md: 'md5' | 'sha256' } | { kind: 'pbkdf2'; iter: number };

/** openssl enc's default iteration count for -pbkdf2 without -iter (openssl-enc(1)). */
export const PBKDF2_DEFAULT_ITER = 10000;
/** Bounds the work a hostile or mistyped --iter can cause; openssl itself has no limit. */
export const PBKDF2_MAX_ITER = 10_000_000;

export const AES256_KEY_LEN = 32;
export const AES_IV_LEN = 16;

export interface KeyIv {
  readonly key: Buffer;
  readonly iv: Buffer;
}

/** 'md5', 'sha256' or 'pbkdf2-sha256/10000': how reports and the CLI name a KDF. */
export function kdfName(kdf: Kdf): string {
  return kdf.kind === 'evp' ? kdf.md : `pbkdf2-sha256/${kdf.iter}`;
}

/** Throws PC_ERR_CONFIG for a KDF value a caller built by hand wrongly. */
export function checkKdf(kdf: Kdf): void {
  if (kdf.kind === 'evp') {
    if (kdf.md !== 'md5' && kdf.md !== 'sha256') {
      throw new ProvcertError('PC_ERR_CONFIG', `unsupported digest '${String(kdf.md)}' (md5 or sha256)`);
    }
    return;
  }
  if (kdf.kind !== 'pbkdf2' || !Number.isInteger(kdf.iter) || kdf.iter < 1 || kdf.iter > PBKDF2_MAX_ITER) {
    throw new ProvcertError('PC_ERR_CONFIG', `PBKDF2 iteration count must be an integer 1..${PBKDF2_MAX_ITER}`);
  }
}

/**
 * EVP_BytesToKey with count 1: D_1 = H(pass || salt), D_i = H(D_{i-1} || pass || salt),
 * concatenated until key and IV are filled (openssl crypto/evp/evp_key.c semantics).
 */
export function evpBytesToKey(pass: Uint8Array, salt: Uint8Array, md: 'md5' | 'sha256'): KeyIv {
  const need = AES256_KEY_LEN + AES_IV_LEN;
  const blocks: Buffer[] = [];
  let have = 0;
  let prev: Buffer = Buffer.alloc(0);
  while (have < need) {
    prev = createHash(md).update(prev).update(pass).update(salt).digest();
    blocks.push(prev);
    have += prev.length;
  }
  const all = Buffer.concat(blocks);
  return { key: all.subarray(0, AES256_KEY_LEN), iv: all.subarray(AES256_KEY_LEN, need) };
}

/** Derives key and IV for one KDF; the passphrase is used as its UTF-8 bytes, like openssl's argv. */
export function deriveKeyIv(pass: string, salt: Uint8Array, kdf: Kdf): KeyIv {
  checkKdf(kdf);
  const passBytes = Buffer.from(pass, 'utf8');
  if (kdf.kind === 'evp') return evpBytesToKey(passBytes, salt, kdf.md);
  const all = pbkdf2Sync(passBytes, salt, kdf.iter, AES256_KEY_LEN + AES_IV_LEN, 'sha256');
  return { key: all.subarray(0, AES256_KEY_LEN), iv: all.subarray(AES256_KEY_LEN) };
}
