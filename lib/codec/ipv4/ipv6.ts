/**
 * Minimal IPv6 fixed header (RFC 8200 §3), enough to find UDP/TCP over IPv6 (the corpus has
 * syslog over IPv6). Extension headers are not walked: a next header other than UDP/TCP leaves the
 * payload undecoded.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, need, put16, put32, u16, u32 } from '../link/bytes.js';
import { formatIpv6 } from './address.js';

const PROTO = 'ipv6';

export interface Ipv6Packet {
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  /** RFC 5952 text. */
  readonly src: string;
  readonly dst: string;
  /** Raw address octets (for pseudo-header checksums). */
  readonly srcBytes: Uint8Array;
  readonly dstBytes: Uint8Array;
  readonly payload: Uint8Array;
}

function decode(bytes: Uint8Array, offset = 0, opts: { partial?: boolean } = {}): Decoded<Ipv6Packet> {
  need(bytes, offset, 40, PROTO, 'IPv6 header');
  const word = u32(bytes, offset);
  if (word >>> 28 !== 6) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, `version ${word >>> 28}, expected 6`);
  const payloadLength = u16(bytes, offset + 4);
  const findings: CodecFinding[] = [];
  let end = offset + 40 + payloadLength;
  if (end > bytes.length) {
    if (!opts.partial) need(bytes, offset, 40 + payloadLength, PROTO, 'IPv6 payload');
    findings.push({ code: 'ipv6-payload-cut', path: 'payload', offset: bytes.length, message: `only ${bytes.length - offset - 40} of ${payloadLength} payload octets captured` });
    end = bytes.length;
  }
  const srcBytes = bytes.slice(offset + 8, offset + 24);
  const dstBytes = bytes.slice(offset + 24, offset + 40);
  const value: Ipv6Packet = {
    trafficClass: (word >>> 20) & 0xff,
    flowLabel: word & 0xfffff,
    nextHeader: bytes[offset + 6]!,
    hopLimit: bytes[offset + 7]!,
    src: formatIpv6(srcBytes),
    dst: formatIpv6(dstBytes),
    srcBytes,
    dstBytes,
    payload: bytes.subarray(offset + 40, end),
  };
  return { value, bytesRead: end - offset, findings };
}

function encode(v: Ipv6Packet): Uint8Array {
  if (v.payload.length > 0xffff) throw encodeError(PROTO, 'payload over 65535 octets needs a jumbogram');
  if (v.srcBytes.length !== 16 || v.dstBytes.length !== 16) throw encodeError(PROTO, 'addresses must have 16 octets');
  checkInt(v.trafficClass, 8, PROTO, 'trafficClass');
  checkInt(v.flowLabel, 20, PROTO, 'flowLabel');
  const out = new Uint8Array(40 + v.payload.length);
  put32(out, 0, ((6 << 28) | (v.trafficClass << 20) | v.flowLabel) >>> 0);
  put16(out, 4, v.payload.length);
  out[6] = v.nextHeader;
  out[7] = v.hopLimit;
  out.set(v.srcBytes, 8);
  out.set(v.dstBytes, 24);
  out.set(v.payload, 40);
  return out;
}

export const ipv6: Codec<Ipv6Packet> & { decode(bytes: Uint8Array, offset?: number, opts?: { partial?: boolean }): Decoded<Ipv6Packet> } = {
  proto: PROTO, decode, encode, encodingLength: (v) => 40 + v.payload.length,
};
