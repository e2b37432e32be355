/**
 * Linux "cooked" capture headers, written by libpcap for `any` devices.
 * SLL v1: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html (16 bytes, all big-endian)
 * SLL2:   https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html (20 bytes, adds the ifindex)
 */
import type { Codec, Decoded } from '../types.js';
import { checkInt, encodeError, formatMac, need, parseMac, put16, put32, u16, u32 } from './bytes.js';

export interface SllHeader {
  /** 0 host, 1 broadcast, 2 multicast, 3 otherhost, 4 outgoing (codes.ts SLL_PACKET_TYPE). */
  readonly packetType: number;
  /** ARPHRD_ type of the device (1 = Ethernet). */
  readonly arphrdType: number;
  /** Link-layer address as colon hex, `addressLength` octets of the 8-octet field. */
  readonly address: string;
  /** The declared length; may exceed 8 (then only 8 octets are present). */
  readonly addressLength: number;
  /** Raw 8-octet address field beyond `addressLength` (kept so re-encoding is exact). */
  readonly addressPadding: Uint8Array;
  /** EtherType (or a Linux protocol value for non-Ethernet ARPHRD types). */
  readonly protocol: number;
  readonly payload: Uint8Array;
}

export interface Sll2Header extends SllHeader {
  readonly reserved: number;
  readonly interfaceIndex: number;
}

function readAddress(bytes: Uint8Array, at: number, declared: number): { address: string; addressPadding: Uint8Array } {
  const shown = Math.min(declared, 8);
  return { address: formatMac(bytes, at, shown), addressPadding: bytes.slice(at + shown, at + 8) };
}

function writeAddress(out: Uint8Array, at: number, v: SllHeader, proto: string): void {
  const addr = parseMac(v.address, proto);
  if (addr.length !== Math.min(v.addressLength, 8) || addr.length + v.addressPadding.length !== 8) {
    throw encodeError(proto, `address (${addr.length} octets) + padding (${v.addressPadding.length}) must fill the 8-octet field`);
  }
  out.set(addr, at);
  out.set(v.addressPadding, at + addr.length);
}

function decodeSll(bytes: Uint8Array, offset = 0): Decoded<SllHeader> {
  need(bytes, offset, 16, 'sll', 'Linux cooked header');
  const addressLength = u16(bytes, offset + 4);
  const value: SllHeader = {
    packetType: u16(bytes, offset),
    arphrdType: u16(bytes, offset + 2),
    addressLength,
    ...readAddress(bytes, offset + 6, addressLength),
    protocol: u16(bytes, offset + 14),
    payload: bytes.subarray(offset + 16),
  };
  return { value, bytesRead: bytes.length - offset, findings: [] };
}

function encodeSll(v: SllHeader): Uint8Array {
  const out = new Uint8Array(16 + v.payload.length);
  for (const [f, n] of [['packetType', v.packetType], ['arphrdType', v.arphrdType], ['addressLength', v.addressLength], ['protocol', v.protocol]] as const) checkInt(n, 16, 'sll', f);
  put16(out, 0, v.packetType);
  put16(out, 2, v.arphrdType);
  put16(out, 4, v.addressLength);
  writeAddress(out, 6, v, 'sll');
  put16(out, 14, v.protocol);
  out.set(v.payload, 16);
  return out;
}

export const sll: Codec<SllHeader> = { proto: 'sll', decode: decodeSll, encode: encodeSll, encodingLength: (v) => 16 + v.payload.length };

function decodeSll2(bytes: Uint8Array, offset = 0): Decoded<Sll2Header> {
  need(bytes, offset, 20, 'sll2', 'Linux cooked v2 header');
  const addressLength = bytes[offset + 11]!;
  const value: Sll2Header = {
    protocol: u16(bytes, offset),
    reserved: u16(bytes, offset + 2),
    interfaceIndex: u32(bytes, offset + 4),
    arphrdType: u16(bytes, offset + 8),
    packetType: bytes[offset + 10]!,
    addressLength,
    ...readAddress(bytes, offset + 12, addressLength),
    payload: bytes.subarray(offset + 20),
  };
  return { value, bytesRead: bytes.length - offset, findings: [] };
}

function encodeSll2(v: Sll2Header): Uint8Array {
  const out = new Uint8Array(20 + v.payload.length);
  checkInt(v.protocol, 16, 'sll2', 'protocol');
  checkInt(v.reserved, 16, 'sll2', 'reserved');
  checkInt(v.interfaceIndex, 32, 'sll2', 'interfaceIndex');
  checkInt(v.arphrdType, 16, 'sll2', 'arphrdType');
  checkInt(v.packetType, 8, 'sll2', 'packetType');
  checkInt(v.addressLength, 8, 'sll2', 'addressLength');
  put16(out, 0, v.protocol);
  put16(out, 2, v.reserved);
  put32(out, 4, v.interfaceIndex);
  put16(out, 8, v.arphrdType);
  out[10] = v.packetType;
  out[11] = v.addressLength;
  writeAddress(out, 12, v, 'sll2');
  out.set(v.payload, 20);
  return out;
}

export const sll2: Codec<Sll2Header> = { proto: 'sll2', decode: decodeSll2, encode: encodeSll2, encodingLength: (v) => 20 + v.payload.length };
