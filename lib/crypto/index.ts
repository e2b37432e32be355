/**
 * Profile encryption formats (ENC-001..011): `openssl enc -aes-256-cbc` compatibility, RFC 8188
 * aes128gcm, wrapper detection and the phone model's decryption order. node:crypto only.
 */
export { type Kdf, kdfName, evpBytesToKey, deriveKeyIv, PBKDF2_DEFAULT_ITER, PBKDF2_MAX_ITER } from './kdf.js';
export { opensslEncrypt, opensslDecrypt, parseOpensslFrame, OPENSSL_MAGIC } from './openssl.js';
export {
  aes128gcmEncrypt,
  aes128gcmDecrypt,
  parseHeader as parseAes128gcmHeader,
  deriveKeyAndNonce,
  recordNonce,
  sealRecord,
  encodeHeader as encodeAes128gcmHeader,
  type Aes128gcmOptions,
  type Aes128gcmHeader,
  DEFAULT_RS,
  MIN_RS,
} from './rfc8188.js';
export { type Wrapper, detectWrapper, isGzip, isXmlText, looksLikeAes128gcm } from './detect.js';
export { type DecryptOptions, type DecryptResult, type DecryptMethod, decryptAuto, isProfilePlaintext, kdfCandidates, KDF_ORDER } from './auto.js';
export { parseIkm, toBase64url } from './base64url.js';
