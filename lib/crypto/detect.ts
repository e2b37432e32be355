/**
 * What wraps a downloaded profile body, from its bytes alone (ENC-001, ENC-002, ENC-008).
 * Order: "Salted__" magic, gzip magic, XML text, aes128gcm structure, else unknown.
 * aes128gcm has no magic number: it is a guess from structure (see looksLikeAes128gcm), so it
 * is tried last; over HTTP the Content-Encoding header (ENC-010) is the authoritative signal.
 */
import { hasOpensslMagic } from './openssl.js';
import { HEADER_FIXED_LEN, MIN_RS, SALT_LEN, TAG_LEN } from './rfc8188.js';

export type Wrapper = 'openssl-salted' | 'aes128gcm' | 'gzip' | 'xml' | 'unknown';

const TEXT_PROBE = 256;

/**
 * gzip member header (RFC 1952 section 2.3.1): ID1 0x1f, ID2 0x8b, CM 8 (deflate) and the three
 * reserved FLG bits zero. The CM/FLG checks keep random salts from passing as gzip.
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8 && ((bytes[3] as number) & 0xe0) === 0;
}

/** Looser gzip test (just the 1f 8b magic) used where the brief's acceptance rule asks only that. */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * XML text: after an optional UTF-8 BOM and whitespace the first octet is '<', and the first
 * 256 octets hold no C0 control other than TAB/CR/LF (true of XML in any ASCII-compatible
 * encoding, false for nearly all random or wrongly decrypted bytes). DEL (0x7F) is allowed: XML 1.0
 * section 2.2 counts it as a Char, and the fuzzer found a profile with it taken for aes128gcm.
 */
export function isXmlText(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x3c) return false;
  const end = Math.min(bytes.length, i + TEXT_PROBE);
  for (let j = i; j < end; j++) {
    const b = bytes[j] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/**
 * aes128gcm guess (RFC 8188 section 2 and 2.1): rs >= 18, the keyid fits, at least one record of
 * >= 17 octets follows, and the tail after the full rs-sized records is empty or >= 17 octets.
 * Random bytes of a few dozen octets often pass: only decryption with the IKM proves it.
 */
export function looksLikeAes128gcm(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_FIXED_LEN) return false;
  const rs = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(SALT_LEN);
  if (rs < MIN_RS) return false;
  const headerLen = HEADER_FIXED_LEN + (bytes[SALT_LEN + 4] as number);
  const body = bytes.length - headerLen;
  if (body < TAG_LEN + 1) return false;
  const tail = body % rs;
  return tail === 0 || tail >= TAG_LEN + 1;
}

export function detectWrapper(bytes: Uint8Array): Wrapper {
  if (hasOpensslMagic(bytes)) return 'openssl-salted';
  if (isGzip(bytes)) return 'gzip';
  if (isXmlText(bytes)) return 'xml';
  if (looksLikeAes128gcm(bytes)) return 'aes128gcm';
  return 'unknown';
}
