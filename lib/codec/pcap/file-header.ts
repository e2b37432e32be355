/**
 * Classic pcap file header and packet record header
 * (draft-ietf-opsawg-pcap §4 and §5: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html).
 * Both byte orders; the magic says microsecond or nanosecond timestamps.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, need } from '../link/bytes.js';
import { PCAP_MAGIC } from './codes.js';
import type { ByteOrder } from './records.js';

export type TsPrecision = 'us' | 'ns';

export interface PcapFileHeader {
  readonly byteOrder: ByteOrder;
  readonly precision: TsPrecision;
  readonly versionMajor: number;
  readonly versionMinor: number;
  /** Historic GMT offset, written as 0 in practice. */
  readonly thiszone: number;
  readonly sigfigs: number;
  readonly snaplen: number;
  /** LinkType: the low 26 bits of the field (libpcap LT_LINKTYPE; only 16 are assigned). */
  readonly linkType: number;
  /** Upper 6 bits of the field: FCS length (bits 28-31) and the F bit (bit 26/27), draft §4. */
  readonly fcsBits: number;
}

export const PCAP_FILE_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** Byte order and precision from the first 4 bytes, or undefined when it is not a pcap magic. */
export function sniffPcapMagic(b: Uint8Array, offset = 0): { byteOrder: ByteOrder; precision: TsPrecision } | undefined {
  if (b.length < offset + 4) return undefined;
  const m = new DataView(b.buffer, b.byteOffset + offset, 4).getUint32(0, false);
  switch (m) {
    case PCAP_MAGIC.MICRO_BE: return { byteOrder: 'be', precision: 'us' };
    case PCAP_MAGIC.MICRO_LE: return { byteOrder: 'le', precision: 'us' };
    case PCAP_MAGIC.NANO_BE: return { byteOrder: 'be', precision: 'ns' };
    case PCAP_MAGIC.NANO_LE: return { byteOrder: 'le', precision: 'ns' };
    default: return undefined;
  }
}

function decodeHeader(bytes: Uint8Array, offset = 0): Decoded<PcapFileHeader> {
  need(bytes, offset, PCAP_FILE_HEADER_LENGTH, 'pcap', 'pcap file header');
  const kind = sniffPcapMagic(bytes, offset);
  if (!kind) throw new DecodeError('PC_ERR_DECODE_INVALID', 'pcap', offset, 'not a pcap magic number');
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, PCAP_FILE_HEADER_LENGTH);
  const le = kind.byteOrder === 'le';
  const findings: CodecFinding[] = [];
  const versionMajor = dv.getUint16(4, le);
  const versionMinor = dv.getUint16(6, le);
  if (versionMajor !== 2 || versionMinor !== 4) {
    findings.push({ code: 'pcap-unusual-version', path: 'version', offset: offset + 4, message: `version ${versionMajor}.${versionMinor}, expected 2.4` });
  }
  const lt = dv.getUint32(20, le);
  const value: PcapFileHeader = {
    ...kind, versionMajor, versionMinor,
    thiszone: dv.getInt32(8, le),
    sigfigs: dv.getUint32(12, le),
    snaplen: dv.getUint32(16, le),
    linkType: lt & 0x03ffffff,
    fcsBits: lt >>> 26,
  };
  return { value, bytesRead: PCAP_FILE_HEADER_LENGTH, findings };
}

function encodeHeader(v: PcapFileHeader): Uint8Array {
  checkInt(v.versionMajor, 16, 'pcap', 'versionMajor');
  checkInt(v.versionMinor, 16, 'pcap', 'versionMinor');
  checkInt(v.sigfigs, 32, 'pcap', 'sigfigs');
  checkInt(v.snaplen, 32, 'pcap', 'snaplen');
  checkInt(v.linkType, 26, 'pcap', 'linkType');
  checkInt(v.fcsBits, 6, 'pcap', 'fcsBits');
  checkInt(v.thiszone + 2 ** 31, 32, 'pcap', 'thiszone');
  const out = new Uint8Array(PCAP_FILE_HEADER_LENGTH);
  const dv = new DataView(out.buffer);
  const le = v.byteOrder === 'le';
  dv.setUint32(0, v.precision === 'ns' ? PCAP_MAGIC.NANO_BE : PCAP_MAGIC.MICRO_BE, le);
  dv.setUint16(4, v.versionMajor, le);
  dv.setUint16(6, v.versionMinor, le);
  dv.setInt32(8, v.thiszone, le);
  dv.setUint32(12, v.sigfigs, le);
  dv.setUint32(16, v.snaplen, le);
  dv.setUint32(20, ((v.fcsBits << 26) | v.linkType) >>> 0, le);
  return out;
}

export const pcapFileHeader: Codec<PcapFileHeader> = {
  proto: 'pcap', decode: decodeHeader, encode: encodeHeader, encodingLength: () => PCAP_FILE_HEADER_LENGTH,
};

export interface PcapRecord {
  readonly tsSec: number;
  /** Microseconds or nanoseconds, per the file's magic. */
  readonly tsFrac: number;
  readonly origlen: number;
  /** Captured bytes; caplen is their length. */
  readonly data: Uint8Array;
}

/** Record codec for one file's byte order (the record itself does not say it). */
export function pcapRecordCodec(byteOrder: ByteOrder): Codec<PcapRecord> {
  const le = byteOrder === 'le';
  return {
    proto: 'pcap',
    encodingLength: (v) => PCAP_RECORD_HEADER_LENGTH + v.data.length,
    decode(bytes, offset = 0) {
      need(bytes, offset, PCAP_RECORD_HEADER_LENGTH, 'pcap', 'pcap record header');
      const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, PCAP_RECORD_HEADER_LENGTH);
      const caplen = dv.getUint32(8, le);
      need(bytes, offset + PCAP_RECORD_HEADER_LENGTH, caplen, 'pcap', 'pcap packet data');
      const start = offset + PCAP_RECORD_HEADER_LENGTH;
      return {
        value: { tsSec: dv.getUint32(0, le), tsFrac: dv.getUint32(4, le), origlen: dv.getUint32(12, le), data: bytes.subarray(start, start + caplen) },
        bytesRead: PCAP_RECORD_HEADER_LENGTH + caplen,
        findings: [],
      };
    },
    encode(v) {
      checkInt(v.tsSec, 32, 'pcap', 'tsSec');
      checkInt(v.tsFrac, 32, 'pcap', 'tsFrac');
      checkInt(v.origlen, 32, 'pcap', 'origlen');
      const out = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + v.data.length);
      const dv = new DataView(out.buffer);
      dv.setUint32(0, v.tsSec, le);
      dv.setUint32(4, v.tsFrac, le);
      dv.setUint32(8, v.data.length, le);
      dv.setUint32(12, v.origlen, le);
      out.set(v.data, PCAP_RECORD_HEADER_LENGTH);
      return out;
    },
  };
}
