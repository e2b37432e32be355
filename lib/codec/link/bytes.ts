/**
 * Small byte helpers shared by the link, network and capture codecs (pure, no node:*).
 * Every reader checks bounds itself and throws DecodeError with the protocol and the absolute offset.
 */
import { DecodeError, ProvcertError } from '../../errors.js';

/** Throws PC_ERR_DECODE_TRUNCATED unless `need` bytes are available at `offset`. */
export function need(bytes: Uint8Array, offset: number, need: number, proto: string, what: string): void {
  if (offset + need > bytes.length) {
    throw new DecodeError('PC_ERR_DECODE_TRUNCATED', proto, Math.min(offset, bytes.length), `${what}: needs ${need} bytes at offset ${offset}, only ${Math.max(0, bytes.length - offset)} left`);
  }
}

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

export function formatMac(b: Uint8Array, o = 0, len = 6): string {
  const parts: string[] = [];
  for (let i = 0; i < len; i++) parts.push(b[o + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** Parses 'aa:bb:cc:dd:ee:ff' (or any length of colon-separated hex octets). */
export function parseMac(text: string, proto: string): Uint8Array {
  if (text === '') return new Uint8Array(0);
  const parts = text.split(':');
  const out = new Uint8Array(parts.length);
  parts.forEach((p, i) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw encodeError(proto, `'${text}' is not a colon-separated hex address`);
    out[i] = parseInt(p, 16);
  });
  return out;
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}


export function encodeError(proto: string, message: string): ProvcertError {
  return new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto });
}

/** Checks an integer field before it is written. */
export function checkInt(value: number, bits: number, proto: string, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw encodeError(proto, `${field} ${value} does not fit in ${bits} bits`);
  }
}
