/**
 * Octet strings for the text codecs (SIP, syslog, TFTP names). Bytes map 1:1 to U+0000..U+00FF
 * so that any captured message decodes and re-encodes byte-for-byte, whatever its charset.
 * (TextDecoder('latin1') is windows-1252 in WHATWG and would remap 0x80..0x9F, so it is not used.)
 * Callers that want UTF-8 text use `utf8FromOctets` on a field.
 */
import { ProvcertError } from '../../errors.js';

const CHUNK = 8192;

/** Bytes -> string, one code unit per byte. */
export function octetsToString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + CHUNK)));
  }
  return out;
}

/** String -> bytes; a code unit above 0xFF cannot be an octet (PC_ERR_ENCODE_INVALID). */
export function stringToOctets(text: string, proto: string, into?: Uint8Array, at = 0): Uint8Array {
  const out = into ?? new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      throw new ProvcertError('PC_ERR_ENCODE_INVALID', `character U+${c.toString(16).padStart(4, '0')} at ${i} is not an octet (encode UTF-8 first with utf8ToOctetString)`, { proto });
    }
    out[at + i] = c;
  }
  return out;
}

/** Reads an octet string as UTF-8 (replacement characters for invalid sequences). */
export function utf8FromOctets(octetString: string): string {
  const bytes = new Uint8Array(octetString.length);
  for (let i = 0; i < octetString.length; i++) bytes[i] = octetString.charCodeAt(i) & 0xff;
  return new TextDecoder('utf-8').decode(bytes);
}

/** Turns Unicode text into the octet string of its UTF-8 encoding. */
export function utf8ToOctetString(text: string): string {
  return octetsToString(new TextEncoder().encode(text));
}
