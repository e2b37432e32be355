/**
 * pcapng block codec (§3.1 general block structure, §4 block bodies). One codec per section byte
 * order; the SHB carries its own byte-order magic and is decoded in either order.
 * Unknown block types (DSB, custom, future ones) are kept raw and re-encode byte-for-byte.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, need } from '../link/bytes.js';
import type { ByteOrder } from '../pcap/records.js';
import { BLOCK_TYPE, BYTE_ORDER_MAGIC, NRB_RECORD } from './codes.js';
import { decodeOptions, encodeOptions, optionsLength, type PcapngOption } from './options.js';

const PROTO = 'pcapng';
const pad4 = (n: number): number => (n + 3) & ~3;

export interface NameRecord {
  /** 1 = IPv4, 2 = IPv6, others kept raw. */
  readonly recordType: number;
  readonly value: Uint8Array;
}

export type PcapngBlock =
  | { readonly type: 'shb'; readonly byteOrder: ByteOrder; readonly versionMajor: number; readonly versionMinor: number; readonly sectionLength: bigint; readonly options: readonly PcapngOption[] }
  | { readonly type: 'idb'; readonly linkType: number; readonly reserved: number; readonly snaplen: number; readonly options: readonly PcapngOption[] }
  | { readonly type: 'epb'; readonly interfaceId: number; readonly timestamp: bigint; readonly origlen: number; readonly data: Uint8Array; readonly options: readonly PcapngOption[] }
  /** Simple Packet Block: interface 0, no timestamp; `data` is min(origlen, body) octets. */
  | { readonly type: 'spb'; readonly origlen: number; readonly data: Uint8Array }
  | { readonly type: 'pb'; readonly interfaceId: number; readonly dropsCount: number; readonly timestamp: bigint; readonly origlen: number; readonly data: Uint8Array; readonly options: readonly PcapngOption[] }
  | { readonly type: 'nrb'; readonly records: readonly NameRecord[]; readonly options: readonly PcapngOption[] }
  | { readonly type: 'isb'; readonly interfaceId: number; readonly timestamp: bigint; readonly options: readonly PcapngOption[] }
  | { readonly type: 'unknown'; readonly blockType: number; readonly body: Uint8Array };

/** Byte order of an SHB starting at `offset` (needs 12 bytes), or undefined when the magic is wrong. */
export function sniffShbByteOrder(bytes: Uint8Array, offset = 0): ByteOrder | undefined {
  if (bytes.length < offset + 12) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, 12);
  if (dv.getUint32(0, false) !== BLOCK_TYPE.SHB) return undefined;
  if (dv.getUint32(8, false) === BYTE_ORDER_MAGIC) return 'be';
  if (dv.getUint32(8, true) === BYTE_ORDER_MAGIC) return 'le';
  return undefined;
}

function bodyLength(b: PcapngBlock): number {
  switch (b.type) {
    case 'shb': return 16 + optionsLength(b.options);
    case 'idb': return 8 + optionsLength(b.options);
    case 'epb': return 20 + pad4(b.data.length) + optionsLength(b.options);
    case 'spb': return 4 + pad4(b.data.length);
    case 'pb': return 20 + pad4(b.data.length) + optionsLength(b.options);
    case 'nrb': return b.records.reduce((n, r) => n + 4 + pad4(r.value.length), 0) + 4 + optionsLength(b.options);
    case 'isb': return 12 + optionsLength(b.options);
    case 'unknown': return pad4(b.body.length);
  }
}

function decodeBlock(bytes: Uint8Array, offset: number, sectionOrder: ByteOrder): Decoded<PcapngBlock> {
  need(bytes, offset, 12, PROTO, 'pcapng block header');
  const typeBE = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, false);
  let order = sectionOrder;
  if (typeBE === BLOCK_TYPE.SHB) {
    const o = sniffShbByteOrder(bytes, offset);
    if (!o) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 8, 'section header block without a valid byte-order magic');
    order = o;
  }
  const le = order === 'le';
  const head = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const blockType = head.getUint32(0, le);
  const total = head.getUint32(4, le);
  if (total < 12 || total % 4 !== 0) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 4, `block total length ${total} is not a multiple of 4 of at least 12`);
  need(bytes, offset, total, PROTO, `pcapng block (type 0x${blockType.toString(16)})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, total);
  if (dv.getUint32(total - 4, le) !== total) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + total - 4, `trailing block length ${dv.getUint32(total - 4, le)} differs from ${total}`);
  const block = bytes.subarray(offset, offset + total);
  const bodyEnd = total - 4;
  const findings: CodecFinding[] = [];
  const opts = (from: number): PcapngOption[] => decodeOptions(dv, block, from, bodyEnd, le, offset, findings);
  const needBody = (n: number, what: string): void => {
    if (8 + n > bodyEnd) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 8, `${what} body needs ${n} octets, block has ${bodyEnd - 8}`);
  };
  const packetData = (at: number, caplen: number, what: string): Uint8Array => {
    if (at + caplen > bodyEnd) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + at - 8, `${what} captured length ${caplen} runs past the block`);
    return block.slice(at, at + caplen);
  };
  const ts = (at: number): bigint => (BigInt(dv.getUint32(at, le)) << 32n) | BigInt(dv.getUint32(at + 4, le));
  let value: PcapngBlock;
  switch (blockType) {
    case BLOCK_TYPE.SHB:
      needBody(16, 'SHB');
      value = { type: 'shb', byteOrder: order, versionMajor: dv.getUint16(12, le), versionMinor: dv.getUint16(14, le), sectionLength: dv.getBigInt64(16, le), options: opts(24) };
      if (value.versionMajor !== 1) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + 12, `section version ${value.versionMajor}.${value.versionMinor} is not 1.x`);
      break;
    case BLOCK_TYPE.IDB:
      needBody(8, 'IDB');
      value = { type: 'idb', linkType: dv.getUint16(8, le), reserved: dv.getUint16(10, le), snaplen: dv.getUint32(12, le), options: opts(16) };
      break;
    case BLOCK_TYPE.EPB: {
      needBody(20, 'EPB');
      const caplen = dv.getUint32(20, le);
      const data = packetData(28, caplen, 'EPB');
      value = { type: 'epb', interfaceId: dv.getUint32(8, le), timestamp: ts(12), origlen: dv.getUint32(24, le), data, options: opts(28 + pad4(caplen)) };
      break;
    }
    case BLOCK_TYPE.SPB: {
      needBody(4, 'SPB');
      const origlen = dv.getUint32(8, le);
      // §4.4: the captured length is min(origlen, snaplen); the snaplen cut is applied by the reader.
      value = { type: 'spb', origlen, data: block.slice(12, 12 + Math.min(origlen, bodyEnd - 12)) };
      break;
    }
    case BLOCK_TYPE.PB: {
      needBody(20, 'PB');
      const caplen = dv.getUint32(20, le);
      const data = packetData(28, caplen, 'PB');
      value = { type: 'pb', interfaceId: dv.getUint16(8, le), dropsCount: dv.getUint16(10, le), timestamp: ts(12), origlen: dv.getUint32(24, le), data, options: opts(28 + pad4(caplen)) };
      break;
    }
    case BLOCK_TYPE.NRB: {
      const records: NameRecord[] = [];
      let i = 8;
      let ended = false;
      while (i + 4 <= bodyEnd) {
        const recordType = dv.getUint16(i, le);
        const len = dv.getUint16(i + 2, le);
        if (recordType === NRB_RECORD.END) { i += 4; ended = true; break; }
        if (i + 4 + len > bodyEnd) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + i, `name record length ${len} runs past the block`);
        records.push({ recordType, value: block.slice(i + 4, i + 4 + len) });
        i += 4 + pad4(len);
      }
      if (!ended) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + i, 'name resolution block without nrb_record_end');
      value = { type: 'nrb', records, options: opts(i) };
      break;
    }
    case BLOCK_TYPE.ISB:
      needBody(12, 'ISB');
      value = { type: 'isb', interfaceId: dv.getUint32(8, le), timestamp: ts(12), options: opts(20) };
      break;
    default:
      value = { type: 'unknown', blockType, body: block.slice(8, bodyEnd) };
  }
  return { value, bytesRead: total, findings };
}

function encodeBlock(b: PcapngBlock, sectionOrder: ByteOrder): Uint8Array {
  const order = b.type === 'shb' ? b.byteOrder : sectionOrder;
  const le = order === 'le';
  const total = 12 + bodyLength(b);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const setTs = (at: number, t: bigint): void => {
    if (t < 0n || t > 0xffffffffffffffffn) throw encodeError(PROTO, `timestamp ${t} does not fit 64 bits`);
    dv.setUint32(at, Number(t >> 32n), le);
    dv.setUint32(at + 4, Number(t & 0xffffffffn), le);
  };
  let type: number;
  switch (b.type) {
    case 'shb':
      type = BLOCK_TYPE.SHB;
      dv.setUint32(8, BYTE_ORDER_MAGIC, le);
      dv.setUint16(12, b.versionMajor, le);
      dv.setUint16(14, b.versionMinor, le);
      dv.setBigInt64(16, b.sectionLength, le);
      encodeOptions(out, dv, 24, b.options, le);
      break;
    case 'idb':
      type = BLOCK_TYPE.IDB;
      checkInt(b.linkType, 16, PROTO, 'linkType');
      dv.setUint16(8, b.linkType, le);
      dv.setUint16(10, b.reserved, le);
      dv.setUint32(12, b.snaplen, le);
      encodeOptions(out, dv, 16, b.options, le);
      break;
    case 'epb':
    case 'pb':
      type = b.type === 'epb' ? BLOCK_TYPE.EPB : BLOCK_TYPE.PB;
      checkInt(b.origlen, 32, PROTO, 'origlen');
      if (b.type === 'epb') { checkInt(b.interfaceId, 32, PROTO, 'interfaceId'); dv.setUint32(8, b.interfaceId, le); }
      else { checkInt(b.interfaceId, 16, PROTO, 'interfaceId'); dv.setUint16(8, b.interfaceId, le); dv.setUint16(10, b.dropsCount, le); }
      setTs(12, b.timestamp);
      dv.setUint32(20, b.data.length, le);
      dv.setUint32(24, b.origlen, le);
      out.set(b.data, 28);
      encodeOptions(out, dv, 28 + pad4(b.data.length), b.options, le);
      break;
    case 'spb':
      type = BLOCK_TYPE.SPB;
      checkInt(b.origlen, 32, PROTO, 'origlen');
      dv.setUint32(8, b.origlen, le);
      out.set(b.data, 12);
      break;
    case 'nrb': {
      type = BLOCK_TYPE.NRB;
      let i = 8;
      for (const r of b.records) {
        dv.setUint16(i, r.recordType, le);
        dv.setUint16(i + 2, r.value.length, le);
        out.set(r.value, i + 4);
        i += 4 + pad4(r.value.length);
      }
      i += 4; // nrb_record_end: type 0, length 0
      encodeOptions(out, dv, i, b.options, le);
      break;
    }
    case 'isb':
      type = BLOCK_TYPE.ISB;
      dv.setUint32(8, b.interfaceId, le);
      setTs(12, b.timestamp);
      encodeOptions(out, dv, 20, b.options, le);
      break;
    case 'unknown':
      type = b.blockType;
      out.set(b.body, 8);
      break;
  }
  dv.setUint32(0, type, le);
  dv.setUint32(4, total, le);
  dv.setUint32(total - 4, total, le);
  return out;
}

/** Block codec for a section of the given byte order. */
export function pcapngBlockCodec(sectionOrder: ByteOrder): Codec<PcapngBlock> {
  return {
    proto: PROTO,
    decode: (bytes, offset = 0) => decodeBlock(bytes, offset, sectionOrder),
    encode: (b) => encodeBlock(b, sectionOrder),
    encodingLength: (b) => 12 + bodyLength(b),
  };
}
