/**
 * decryptAuto: what the phone model does with a downloaded body (ENC-001..004, ENC-008/009):
 * detect the wrapper, decrypt with the key material it was given, and for openssl enc files
 * without a configured digest try the documented KDF order (X-ENC-001, X-ENC-002):
 *   1. EVP_BytesToKey MD5     — openssl 0.9.7c, the version Cisco tested the firmware against;
 *   2. EVP_BytesToKey SHA-256 — the `openssl enc` default since OpenSSL 1.1.0;
 *   3. PBKDF2-HMAC-SHA256, 10000 iterations — `openssl enc -pbkdf2` without -iter.
 * A candidate is accepted only when the plaintext is XML or gzip (ENC-003), because CBC has no
 * integrity check and a wrong KDF passes the padding check about once in 256 tries.
 * No other keys, digests or iteration counts are ever guessed.
 */
import { ProvcertError } from '../errors.js';
import { parseIkm } from './base64url.js';
import { detectWrapper, isGzip, isXmlText, type Wrapper } from './detect.js';
import { checkKdf, kdfName, PBKDF2_DEFAULT_ITER, type Kdf } from './kdf.js';
import { opensslDecrypt, parseOpensslFrame } from './openssl.js';
import { aes128gcmDecrypt } from './rfc8188.js';

export interface DecryptOptions {
  /** openssl enc passphrase (the `[--key ...]` qualifier of a profile rule, ENC-004). */
  key?: string;
  /** Fixes the EVP_BytesToKey digest instead of trying the KDF order. */
  md?: 'md5' | 'sha256';
  /** Fixes PBKDF2-HMAC-SHA256 (iterations from `iter`, default 10000). */
  pbkdf2?: boolean;
  iter?: number;
  /** RFC 8188 input keying material, base64url (IKM_HTTP_Encrypt_Content, ENC-009). */
  ikm?: string;
}

export type DecryptMethod = 'none' | 'openssl-enc' | 'aes128gcm';

export interface DecryptResult {
  plain: Uint8Array;
  method: DecryptMethod;
  /** The KDF that produced an accepted plaintext (openssl-enc only). */
  kdf?: Kdf;
  wrapper: Wrapper;
}

/** The order tried when no digest is configured (X-ENC-002). */
export const KDF_ORDER: readonly Kdf[] = [
  { kind: 'evp', md: 'md5' },
  { kind: 'evp', md: 'sha256' },
  { kind: 'pbkdf2', iter: PBKDF2_DEFAULT_ITER },
];

/** ENC-003: what a phone can use after decryption is an XML profile or a gzip of one. */
export function isProfilePlaintext(plain: Uint8Array): boolean {
  return isXmlText(plain) || isGzip(plain);
}

/** The KDFs decryptAuto will try for these options, in order. */
export function kdfCandidates(opts: DecryptOptions): Kdf[] {
  if (opts.md !== undefined && (opts.pbkdf2 || opts.iter !== undefined)) {
    throw new ProvcertError('PC_ERR_CONFIG', 'choose either an EVP_BytesToKey digest (md) or PBKDF2, not both');
  }
  let list: Kdf[];
  if (opts.md !== undefined) list = [{ kind: 'evp', md: opts.md }];
  else if (opts.pbkdf2 || opts.iter !== undefined) list = [{ kind: 'pbkdf2', iter: opts.iter ?? PBKDF2_DEFAULT_ITER }];
  else list = [...KDF_ORDER];
  list.forEach(checkKdf);
  return list;
}

function noKey(what: string, wrapper: Wrapper): ProvcertError {
  return new ProvcertError('PC_ERR_CRYPTO_KEY', `the body is ${wrapper}, but no ${what} was given to decrypt it`, { proto: wrapper, offset: 0 });
}

function decryptOpenssl(bytes: Uint8Array, key: string, opts: DecryptOptions): DecryptResult {
  parseOpensslFrame(bytes); // framing errors are the same for every KDF: report them once
  const tried: string[] = [];
  for (const kdf of kdfCandidates(opts)) {
    let plain: Uint8Array;
    try {
      plain = opensslDecrypt(bytes, key, kdf);
    } catch (e) {
      if (e instanceof ProvcertError && e.code === 'PC_ERR_CRYPTO_KEY') {
        tried.push(`${kdfName(kdf)}: bad padding`);
        continue;
      }
      throw e;
    }
    if (isProfilePlaintext(plain)) return { plain, method: 'openssl-enc', kdf, wrapper: 'openssl-salted' };
    tried.push(`${kdfName(kdf)}: result is neither XML nor gzip`);
  }
  throw new ProvcertError('PC_ERR_CRYPTO_KEY', `no key derivation gave an XML or gzip profile (${tried.join('; ')}): wrong key?`, {
    proto: 'openssl-enc',
    requirementId: 'ENC-004',
  });
}

/**
 * Decrypts whatever wraps `bytes`. Plain XML or gzip comes back unchanged with method 'none'.
 * Errors: PC_ERR_CRYPTO_FORMAT (unknown or malformed wrapper), PC_ERR_CRYPTO_KEY (missing or
 * wrong key), PC_ERR_CONFIG (bad options, e.g. an IKM that is not base64url).
 */
export function decryptAuto(bytes: Uint8Array, opts: DecryptOptions): DecryptResult {
  // Options are checked before the bytes, so a bad IKM or KDF choice is always PC_ERR_CONFIG.
  const ikm = opts.ikm === undefined ? undefined : parseIkm(opts.ikm);
  kdfCandidates(opts);
  const wrapper = detectWrapper(bytes);
  switch (wrapper) {
    case 'xml':
    case 'gzip':
      return { plain: bytes, method: 'none', wrapper };
    case 'openssl-salted':
      if (opts.key === undefined) throw noKey('passphrase (--key)', wrapper);
      return decryptOpenssl(bytes, opts.key, opts);
    case 'aes128gcm': {
      if (ikm === undefined) {
        throw opts.key !== undefined
          ? new ProvcertError('PC_ERR_CRYPTO_FORMAT', 'no "Salted__" header: not an openssl enc file (its structure fits RFC 8188 aes128gcm, which needs an IKM)', { proto: 'openssl-enc', offset: 0 })
          : noKey('IKM', wrapper);
      }
      const r = aes128gcmDecrypt(bytes, ikm);
      return { plain: r.plain, method: 'aes128gcm', wrapper };
    }
    default:
      throw new ProvcertError('PC_ERR_CRYPTO_FORMAT', 'not XML, gzip, openssl enc ("Salted__") nor RFC 8188 aes128gcm', { proto: 'profile-wrapper', offset: 0 });
  }
}
