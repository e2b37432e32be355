/**
 * Small byte helpers for the DHCP codec: IPv4 text <-> bytes, big-endian integers, strings.
 * Pure (no node:*): TextEncoder/TextDecoder are ECMAScript-platform globals.
 */
import { ProvcertError } from '../../errors.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function encodeError(message: string): ProvcertError {
  return new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto: 'dhcp' });
}

/** Copies a range into a plain Uint8Array (never a Buffer view of the caller's input). */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

export function ipv4ToBytes(ip: string, what: string): Uint8Array {
  if (!IPV4.test(ip)) throw encodeError(`${what}: '${ip}' is not a dotted-quad IPv4 address`);
  return Uint8Array.from(ip.split('.').map(Number));
}

export function writeIpv4(out: Uint8Array, at: number, ip: string, what: string): void {
  out.set(ipv4ToBytes(ip, what), at);
}

export function readIpv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

export function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

export function writeU16(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 8) & 0xff;
  out[at + 1] = v & 0xff;
}

export function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 0xff;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

export function u32Bytes(v: number, what: string): Uint8Array {
  checkInt(v, 0, 0xffffffff, what);
  const out = new Uint8Array(4);
  writeU32(out, 0, v);
  return out;
}

export function u16Bytes(v: number, what: string): Uint8Array {
  checkInt(v, 0, 0xffff, what);
  const out = new Uint8Array(2);
  writeU16(out, 0, v);
  return out;
}

export function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw encodeError(`${what}: ${v} is not an integer in ${min}..${max}`);
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 when valid, else Latin-1; `utf8` tells which. */
export function decodeText(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), utf8: true };
  } catch {
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return { text: s, utf8: false };
  }
}

/** A fixed-size BOOTP text field (sname 64, file 128): the string, NUL-padded. */
export function bootpString(s: string, size: number): Uint8Array {
  const b = utf8(s);
  if (b.length > size) throw encodeError(`'${s}' is longer than the ${size}-byte field`);
  const out = new Uint8Array(size);
  out.set(b);
  return out;
}

/** Reads a BOOTP text field up to its first NUL. */
export function readBootpString(field: Uint8Array): string {
  const nul = field.indexOf(0);
  return decodeText(nul < 0 ? field : field.subarray(0, nul)).text;
}

/** '00:0b:82:01:fc:42' (or '-' separated, or bare hex) to the 16-byte chaddr field. */
export function macToChaddr(mac: string): Uint8Array {
  const hex = mac.replace(/[:-]/g, '');
  if (!/^([0-9a-fA-F]{2}){1,16}$/.test(hex)) throw encodeError(`'${mac}' is not a hardware address`);
  const out = new Uint8Array(16);
  for (let i = 0; i < hex.length / 2; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
