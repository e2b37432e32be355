/**
 * IPv4 header (RFC 791 §3.1). Options are kept raw; the header checksum is verified and a wrong
 * one is a finding, not an error (captures taken with checksum offload carry partial sums).
 * `ihl` and `totalLength` are derived from `options` and `payload` when encoding.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, need, put16, u16 } from '../link/bytes.js';
import { formatIpv4, parseIpv4 } from './address.js';
import { internetChecksum } from './checksum.js';

const PROTO = 'ipv4';

export interface Ipv4Flags {
  /** Bit 0, "must be zero" (RFC 791); set is a finding. */
  readonly reserved: boolean;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
}

export interface Ipv4Packet {
  /** DSCP (6 bits) << 2 | ECN (2 bits), the former type-of-service octet. */
  readonly tos: number;
  readonly id: number;
  readonly flags: Ipv4Flags;
  /** Fragment offset in 8-octet units (RFC 791 §3.1). */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  /** Header checksum as found on the wire (use ipv4WithChecksum to compute it). */
  readonly checksum: number;
  readonly src: string;
  readonly dst: string;
  /** Raw options, a multiple of 4 octets, at most 40. */
  readonly options: Uint8Array;
  readonly payload: Uint8Array;
}

export interface Ipv4DecodeOptions {
  /** Accept a packet cut short by the capture snaplen: the payload is what is there, with a finding. */
  readonly partial?: boolean;
}

export const IP_PROTOCOL = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58 } as const;

export function isFragment(p: Pick<Ipv4Packet, 'flags' | 'fragmentOffset'>): boolean {
  return p.flags.moreFragments || p.fragmentOffset !== 0;
}

function decode(bytes: Uint8Array, offset = 0, opts: Ipv4DecodeOptions = {}): Decoded<Ipv4Packet> {
  need(bytes, offset, 20, PROTO, 'IPv4 header');
  const version = bytes[offset]! >>> 4;
  if (version !== 4) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, `version ${version}, expected 4`);
  const headerLength = (bytes[offset]! & 0x0f) * 4;
  if (headerLength < 20) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, `IHL ${headerLength / 4} is below the minimum of 5 (RFC 791 §3.1)`);
  const totalLength = u16(bytes, offset + 2);
  if (totalLength < headerLength) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 2, `total length ${totalLength} is shorter than the header (${headerLength})`);
  need(bytes, offset, headerLength, PROTO, 'IPv4 options');
  const findings: CodecFinding[] = [];
  let end = offset + totalLength;
  if (end > bytes.length) {
    if (!opts.partial) need(bytes, offset, totalLength, PROTO, 'IPv4 payload');
    findings.push({ code: 'ipv4-payload-cut', path: 'payload', offset: bytes.length, message: `only ${bytes.length - offset} of ${totalLength} octets captured` });
    end = bytes.length;
  }
  const flagsWord = u16(bytes, offset + 6);
  const checksum = u16(bytes, offset + 10);
  const computed = internetChecksum(bytes, offset, offset + headerLength);
  if (computed !== 0) {
    const expected = internetChecksum(withZeroChecksum(bytes.subarray(offset, offset + headerLength)));
    findings.push({ code: 'ipv4-bad-checksum', path: 'checksum', offset: offset + 10, message: `header checksum 0x${checksum.toString(16).padStart(4, '0')}, expected 0x${expected.toString(16).padStart(4, '0')}` });
  }
  if (flagsWord & 0x8000) findings.push({ code: 'ipv4-reserved-flag', path: 'flags.reserved', offset: offset + 6, message: 'reserved flag bit is set (RFC 791: must be zero)' });
  const value: Ipv4Packet = {
    tos: bytes[offset + 1]!,
    id: u16(bytes, offset + 4),
    flags: { reserved: (flagsWord & 0x8000) !== 0, dontFragment: (flagsWord & 0x4000) !== 0, moreFragments: (flagsWord & 0x2000) !== 0 },
    fragmentOffset: flagsWord & 0x1fff,
    ttl: bytes[offset + 8]!,
    protocol: bytes[offset + 9]!,
    checksum,
    src: formatIpv4(bytes, offset + 12),
    dst: formatIpv4(bytes, offset + 16),
    options: bytes.subarray(offset + 20, offset + headerLength),
    payload: bytes.subarray(offset + headerLength, end),
  };
  return { value, bytesRead: end - offset, findings };
}

function withZeroChecksum(header: Uint8Array): Uint8Array {
  const copy = header.slice();
  copy[10] = 0;
  copy[11] = 0;
  return copy;
}

function encodingLength(v: Ipv4Packet): number {
  return 20 + v.options.length + v.payload.length;
}

function encode(v: Ipv4Packet): Uint8Array {
  if (v.options.length % 4 !== 0 || v.options.length > 40) throw encodeError(PROTO, `options length ${v.options.length} must be a multiple of 4 and at most 40`);
  const total = encodingLength(v);
  if (total > 0xffff) throw encodeError(PROTO, `total length ${total} exceeds 65535`);
  checkInt(v.tos, 8, PROTO, 'tos');
  checkInt(v.id, 16, PROTO, 'id');
  checkInt(v.fragmentOffset, 13, PROTO, 'fragmentOffset');
  checkInt(v.ttl, 8, PROTO, 'ttl');
  checkInt(v.protocol, 8, PROTO, 'protocol');
  checkInt(v.checksum, 16, PROTO, 'checksum');
  const out = new Uint8Array(total);
  out[0] = 0x40 | ((20 + v.options.length) / 4);
  out[1] = v.tos;
  put16(out, 2, total);
  put16(out, 4, v.id);
  put16(out, 6, (v.flags.reserved ? 0x8000 : 0) | (v.flags.dontFragment ? 0x4000 : 0) | (v.flags.moreFragments ? 0x2000 : 0) | v.fragmentOffset);
  out[8] = v.ttl;
  out[9] = v.protocol;
  put16(out, 10, v.checksum);
  out.set(parseIpv4(v.src), 12);
  out.set(parseIpv4(v.dst), 16);
  out.set(v.options, 20);
  out.set(v.payload, 20 + v.options.length);
  return out;
}

/** The same packet with its header checksum computed (RFC 791 §3.1). */
export function ipv4WithChecksum(v: Ipv4Packet): Ipv4Packet {
  const bytes = encode({ ...v, checksum: 0 });
  return { ...v, checksum: internetChecksum(bytes, 0, 20 + v.options.length) };
}

export const ipv4: Codec<Ipv4Packet> & { decode(bytes: Uint8Array, offset?: number, opts?: Ipv4DecodeOptions): Decoded<Ipv4Packet> } = {
  proto: PROTO, encode, decode, encodingLength,
};
