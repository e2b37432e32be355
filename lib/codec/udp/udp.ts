/**
 * UDP (RFC 768). The length field is derived from the payload when encoding; the checksum is kept
 * as found. With a pseudo header the checksum is verified (0 = "no checksum" over IPv4, RFC 768;
 * over IPv6 it is mandatory, RFC 8200 §8.1) and a mismatch is a finding.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, need, put16, u16 } from '../link/bytes.js';
import { foldChecksum, onesSum, pseudoHeaderSum, type PseudoHeader } from '../ipv4/checksum.js';

const PROTO = 'udp';
export const UDP_PROTOCOL = 17;

export interface UdpDatagram {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly checksum: number;
  readonly payload: Uint8Array;
}

export interface TransportDecodeOptions {
  /** Addresses for checksum verification; without them the checksum is not checked. */
  readonly pseudo?: PseudoHeader;
  /** The network layer was cut by the snaplen: accept a short payload (with a finding), skip the checksum. */
  readonly partial?: boolean;
  /** Over IPv6 a zero UDP checksum is a finding. */
  readonly ipv6?: boolean;
}

function decode(bytes: Uint8Array, offset = 0, opts: TransportDecodeOptions = {}): Decoded<UdpDatagram> {
  need(bytes, offset, 8, PROTO, 'UDP header');
  const length = u16(bytes, offset + 4);
  if (length < 8) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 4, `length ${length} is below the 8-octet header`);
  const findings: CodecFinding[] = [];
  let end = offset + length;
  if (end > bytes.length) {
    if (!opts.partial) need(bytes, offset, length, PROTO, 'UDP payload');
    findings.push({ code: 'udp-payload-cut', path: 'payload', offset: bytes.length, message: `only ${bytes.length - offset - 8} of ${length - 8} payload octets captured` });
    end = bytes.length;
  }
  const checksum = u16(bytes, offset + 6);
  const cut = end < offset + length;
  if (opts.pseudo && !cut) {
    if (checksum === 0) {
      if (opts.ipv6) findings.push({ code: 'udp-zero-checksum-ipv6', path: 'checksum', offset: offset + 6, message: 'zero UDP checksum over IPv6 (RFC 8200 §8.1)' });
    } else {
      const sum = foldChecksum(onesSum(bytes, offset, end, pseudoHeaderSum(opts.pseudo, UDP_PROTOCOL, length)));
      if (sum !== 0) {
        const expected = udpChecksum(bytes.subarray(offset, end), opts.pseudo);
        findings.push({ code: 'udp-bad-checksum', path: 'checksum', offset: offset + 6, message: `checksum 0x${checksum.toString(16).padStart(4, '0')}, expected 0x${expected.toString(16).padStart(4, '0')}` });
      }
    }
  }
  const value: UdpDatagram = { srcPort: u16(bytes, offset), dstPort: u16(bytes, offset + 2), checksum, payload: bytes.subarray(offset + 8, end) };
  return { value, bytesRead: end - offset, findings };
}

/** Checksum of an encoded datagram (checksum field treated as zero); 0 is sent as 0xffff (RFC 768). */
export function udpChecksum(datagram: Uint8Array, pseudo: PseudoHeader): number {
  const copy = datagram.slice();
  copy[6] = 0;
  copy[7] = 0;
  const sum = foldChecksum(onesSum(copy, 0, copy.length, pseudoHeaderSum(pseudo, UDP_PROTOCOL, copy.length)));
  return sum === 0 ? 0xffff : sum;
}

function encode(v: UdpDatagram): Uint8Array {
  const length = 8 + v.payload.length;
  if (length > 0xffff) throw encodeError(PROTO, `datagram length ${length} exceeds 65535`);
  checkInt(v.srcPort, 16, PROTO, 'srcPort');
  checkInt(v.dstPort, 16, PROTO, 'dstPort');
  checkInt(v.checksum, 16, PROTO, 'checksum');
  const out = new Uint8Array(length);
  put16(out, 0, v.srcPort);
  put16(out, 2, v.dstPort);
  put16(out, 4, length);
  put16(out, 6, v.checksum);
  out.set(v.payload, 8);
  return out;
}

/** The datagram with its checksum computed for the given addresses. */
export function udpWithChecksum(v: UdpDatagram, pseudo: PseudoHeader): UdpDatagram {
  return { ...v, checksum: udpChecksum(encode({ ...v, checksum: 0 }), pseudo) };
}

export const udp: Codec<UdpDatagram> & { decode(bytes: Uint8Array, offset?: number, opts?: TransportDecodeOptions): Decoded<UdpDatagram> } = {
  proto: PROTO, decode, encode, encodingLength: (v) => 8 + v.payload.length,
};
