/**
 * TCP header (RFC 9293 §3.1). The data offset is derived from the options when encoding; the
 * checksum is kept as found and verified against a pseudo header when one is given (finding on
 * mismatch). A segment has no length of its own: the payload runs to the end of the IP payload.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, need, put16, put32, u16, u32 } from '../link/bytes.js';
import { foldChecksum, onesSum, pseudoHeaderSum, type PseudoHeader } from '../ipv4/checksum.js';
import type { TransportDecodeOptions } from '../udp/udp.js';
import { decodeTcpOptions, encodeTcpOptions, tcpOptionLength, type TcpOption } from './options.js';

const PROTO = 'tcp';
export const TCP_PROTOCOL = 6;

/** Control bits (RFC 9293 §3.1; CWR/ECE from RFC 3168). */
export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export interface TcpSegment {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** The 4 bits between data offset and control bits (reserved; bit 0 is AE in RFC 9768). */
  readonly reserved: number;
  /** Control bits, see TCP_FLAG. */
  readonly flags: number;
  readonly window: number;
  readonly checksum: number;
  readonly urgentPointer: number;
  readonly options: readonly TcpOption[];
  readonly payload: Uint8Array;
}

export function tcpFlagNames(flags: number): string[] {
  return Object.entries(TCP_FLAG).filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
}

function decode(bytes: Uint8Array, offset = 0, opts: TransportDecodeOptions = {}): Decoded<TcpSegment> {
  need(bytes, offset, 20, PROTO, 'TCP header');
  const headerLength = (bytes[offset + 12]! >>> 4) * 4;
  if (headerLength < 20) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 12, `data offset ${headerLength / 4} is below the minimum of 5 (RFC 9293 §3.1)`);
  need(bytes, offset, headerLength, PROTO, 'TCP options');
  const findings: CodecFinding[] = [];
  const options = decodeTcpOptions(bytes.subarray(offset + 20, offset + headerLength), offset + 20, findings);
  const checksum = u16(bytes, offset + 16);
  if (opts.pseudo && !opts.partial) {
    const length = bytes.length - offset;
    const sum = foldChecksum(onesSum(bytes, offset, bytes.length, pseudoHeaderSum(opts.pseudo, TCP_PROTOCOL, length)));
    if (sum !== 0) {
      const expected = tcpChecksum(bytes.subarray(offset), opts.pseudo);
      findings.push({ code: 'tcp-bad-checksum', path: 'checksum', offset: offset + 16, message: `checksum 0x${checksum.toString(16).padStart(4, '0')}, expected 0x${expected.toString(16).padStart(4, '0')}` });
    }
  }
  const value: TcpSegment = {
    srcPort: u16(bytes, offset),
    dstPort: u16(bytes, offset + 2),
    seq: u32(bytes, offset + 4),
    ack: u32(bytes, offset + 8),
    reserved: bytes[offset + 12]! & 0x0f,
    flags: bytes[offset + 13]!,
    window: u16(bytes, offset + 14),
    checksum,
    urgentPointer: u16(bytes, offset + 18),
    options,
    payload: bytes.subarray(offset + headerLength),
  };
  return { value, bytesRead: bytes.length - offset, findings };
}

export function tcpChecksum(segment: Uint8Array, pseudo: PseudoHeader): number {
  const copy = segment.slice();
  copy[16] = 0;
  copy[17] = 0;
  return foldChecksum(onesSum(copy, 0, copy.length, pseudoHeaderSum(pseudo, TCP_PROTOCOL, copy.length)));
}

function optionsLength(v: TcpSegment): number {
  return v.options.reduce((n, o) => n + tcpOptionLength(o), 0);
}

function encode(v: TcpSegment): Uint8Array {
  const optLen = optionsLength(v);
  if (optLen % 4 !== 0 || optLen > 40) throw encodeError(PROTO, `options length ${optLen} must be a multiple of 4 and at most 40 (pad with nop/eol)`);
  for (const [f, n, bits] of [['srcPort', v.srcPort, 16], ['dstPort', v.dstPort, 16], ['seq', v.seq, 32], ['ack', v.ack, 32], ['reserved', v.reserved, 4], ['flags', v.flags, 8], ['window', v.window, 16], ['checksum', v.checksum, 16], ['urgentPointer', v.urgentPointer, 16]] as const) checkInt(n, bits, PROTO, f);
  const out = new Uint8Array(20 + optLen + v.payload.length);
  put16(out, 0, v.srcPort);
  put16(out, 2, v.dstPort);
  put32(out, 4, v.seq);
  put32(out, 8, v.ack);
  out[12] = (((20 + optLen) / 4) << 4) | v.reserved;
  out[13] = v.flags;
  put16(out, 14, v.window);
  put16(out, 16, v.checksum);
  put16(out, 18, v.urgentPointer);
  out.set(encodeTcpOptions(v.options), 20);
  out.set(v.payload, 20 + optLen);
  return out;
}

export function tcpWithChecksum(v: TcpSegment, pseudo: PseudoHeader): TcpSegment {
  return { ...v, checksum: tcpChecksum(encode({ ...v, checksum: 0 }), pseudo) };
}

export const tcp: Codec<TcpSegment> & { decode(bytes: Uint8Array, offset?: number, opts?: TransportDecodeOptions): Decoded<TcpSegment> } = {
  proto: PROTO, decode, encode, encodingLength: (v) => 20 + optionsLength(v) + v.payload.length,
};
