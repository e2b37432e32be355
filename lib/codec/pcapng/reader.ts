/**
 * Streaming pcapng reader: a pure incremental parser (push chunks, then end()). It keeps per-section
 * interface state (link type, snaplen, if_tsresol, if_tsoffset) and buffers only one incomplete block.
 */
import { isProvcertError } from '../../errors.js';
import type { CodecFinding } from '../types.js';
import { StreamingRecordReader } from '../pcap/streaming-reader.js';
import { MAX_RECORD_BYTES } from '../pcap/codes.js';
import { truncatedRecord, type ByteOrder, type CaptureInvalid, type CapturePacket, type CaptureTruncated } from '../pcap/records.js';
import { pcapngBlockCodec, sniffShbByteOrder, type PcapngBlock } from './blocks.js';
import { BLOCK_TYPE } from './codes.js';
import { commentsOf, tsOffsetOf, tsResolutionOf, unitsToNs, type TsResolution } from './options.js';

/** Largest block we accept: one maximal packet plus room for options. */
export const MAX_BLOCK_BYTES = MAX_RECORD_BYTES + 65536;

export interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly tsResolution: TsResolution;
  readonly tsOffsetSec: bigint;
}

export type PcapngReaderRecord =
  | { readonly kind: 'section'; readonly offset: number; readonly section: number; readonly block: Extract<PcapngBlock, { type: 'shb' }>; readonly findings: readonly CodecFinding[] }
  | { readonly kind: 'interface'; readonly offset: number; readonly section: number; readonly interfaceId: number; readonly info: PcapngInterface; readonly block: Extract<PcapngBlock, { type: 'idb' }>; readonly findings: readonly CodecFinding[] }
  /** NRB, ISB, DSB, custom and unknown blocks: kept and otherwise skipped. */
  | { readonly kind: 'block'; readonly offset: number; readonly section: number; readonly block: PcapngBlock; readonly findings: readonly CodecFinding[] }
  | (CapturePacket & { readonly section: number; readonly blockType: 'epb' | 'spb' | 'pb' })
  | CaptureTruncated
  | CaptureInvalid;

export class PcapngReader extends StreamingRecordReader<PcapngReaderRecord> {
  private order: ByteOrder | undefined;
  private interfaces: PcapngInterface[] = [];
  private section = -1;

  protected tail(): PcapngReaderRecord[] {
    const q = this.queue;
    if (q.length === 0) return this.order ? [] : [truncatedRecord(0, 12, 0, 'the section header block (empty input)')];
    if (q.length < 12) return [truncatedRecord(q.position, 12, q.length, 'a pcapng block header')];
    return [truncatedRecord(q.position, this.blockLength(), q.length, 'a pcapng block')];
  }

  private blockLength(): number {
    const h = this.queue.peek(12);
    const order = sniffShbByteOrder(h) ?? this.order ?? 'le';
    return new DataView(h.buffer, h.byteOffset, 12).getUint32(4, order === 'le');
  }

  protected next(): PcapngReaderRecord | undefined {
    const q = this.queue;
    if (q.length < 12) return undefined;
    const head = q.peek(12);
    const offset = q.position;
    const typeBE = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
    if (typeBE === BLOCK_TYPE.SHB) {
      const o = sniffShbByteOrder(head);
      if (!o) return { kind: 'invalid', offset, code: 'PC_ERR_DECODE_INVALID', message: 'section header block without a valid byte-order magic' };
      this.order = o;
    } else if (!this.order) {
      return { kind: 'invalid', offset, code: 'PC_ERR_DECODE_INVALID', message: 'not a pcapng file: it does not start with a section header block' };
    }
    const total = this.blockLength();
    if (total < 12 || total % 4 !== 0) return { kind: 'invalid', offset, code: 'PC_ERR_DECODE_INVALID', message: `block total length ${total} is not a multiple of 4 of at least 12` };
    if (total > MAX_BLOCK_BYTES) return { kind: 'invalid', offset, code: 'PC_ERR_DECODE_LIMIT', message: `block length ${total} exceeds the ${MAX_BLOCK_BYTES}-byte bound` };
    if (q.length < total) return undefined;
    let decoded;
    try {
      decoded = pcapngBlockCodec(this.order!).decode(q.peek(total));
    } catch (e) {
      return { kind: 'invalid', offset: isProvcertError(e) && e.offset !== undefined ? offset + e.offset : offset, code: 'PC_ERR_DECODE_INVALID', message: isProvcertError(e) ? e.message : String(e) };
    }
    q.skip(total);
    return this.interpret(decoded.value, offset, [...decoded.findings]);
  }

  private interpret(b: PcapngBlock, offset: number, findings: CodecFinding[]): PcapngReaderRecord {
    const section = this.section;
    switch (b.type) {
      case 'shb':
        // §4.1: a new section resets interface numbering.
        this.section++;
        this.interfaces = [];
        return { kind: 'section', offset, section: this.section, block: b, findings };
      case 'idb': {
        const info: PcapngInterface = { linkType: b.linkType, snaplen: b.snaplen, tsResolution: tsResolutionOf(b.options), tsOffsetSec: tsOffsetOf(b.options, this.order === 'le') };
        this.interfaces.push(info);
        return { kind: 'interface', offset, section, interfaceId: this.interfaces.length - 1, info, block: b, findings };
      }
      case 'epb':
      case 'pb':
      case 'spb': {
        const interfaceId = b.type === 'spb' ? 0 : b.interfaceId;
        const itf = this.interfaces[interfaceId];
        if (!itf) findings.push({ code: 'pcapng-unknown-interface', path: 'interfaceId', offset: offset + 8, message: `packet refers to interface ${interfaceId}, but the section has ${this.interfaces.length}` });
        let data = b.data;
        if (b.type === 'spb' && itf && itf.snaplen > 0 && data.length > itf.snaplen) data = data.subarray(0, itf.snaplen);
        if (data.length > b.origlen) findings.push({ code: 'pcapng-caplen-exceeds-len', path: 'caplen', offset: offset + 20, message: `captured length ${data.length} exceeds original length ${b.origlen}` });
        const tsNs = b.type === 'spb' || !itf ? 0n : unitsToNs(b.timestamp, itf.tsResolution) + itf.tsOffsetSec * 1_000_000_000n;
        return {
          kind: 'packet', offset, section, blockType: b.type, interfaceId, linkType: itf ? itf.linkType : -1, tsNs,
          caplen: data.length, origlen: b.origlen, data, comments: b.type === 'spb' ? [] : commentsOf(b.options),
          snaplenCut: data.length < b.origlen, findings,
        };
      }
      default:
        return { kind: 'block', offset, section, block: b, findings };
    }
  }
}
