/**
 * Streaming classic-pcap reader: a pure incremental parser. Feed chunks with push(); call end()
 * when the input is exhausted. Only the bytes of one incomplete record are ever buffered.
 */
import { isProvcertError } from '../../errors.js';
import type { CodecFinding } from '../types.js';
import { StreamingRecordReader } from './streaming-reader.js';
import { MAX_RECORD_BYTES } from './codes.js';
import { PCAP_FILE_HEADER_LENGTH, PCAP_RECORD_HEADER_LENGTH, pcapFileHeader, type PcapFileHeader } from './file-header.js';
import { truncatedRecord, type CaptureInvalid, type CapturePacket, type CaptureTruncated } from './records.js';

export interface PcapHeaderRecord {
  readonly kind: 'header';
  readonly offset: 0;
  readonly header: PcapFileHeader;
  readonly findings: readonly CodecFinding[];
}

export type PcapReaderRecord = PcapHeaderRecord | CapturePacket | CaptureTruncated | CaptureInvalid;

export class PcapReader extends StreamingRecordReader<PcapReaderRecord> {
  private header: PcapFileHeader | undefined;

  protected tail(): PcapReaderRecord[] {
    const q = this.queue;
    if (q.length === 0) {
      return this.header ? [] : [truncatedRecord(0, PCAP_FILE_HEADER_LENGTH, 0, 'the pcap file header (empty input)')];
    }
    if (!this.header) return [truncatedRecord(q.position, PCAP_FILE_HEADER_LENGTH, q.length, 'the pcap file header')];
    if (q.length < PCAP_RECORD_HEADER_LENGTH) return [truncatedRecord(q.position, PCAP_RECORD_HEADER_LENGTH, q.length, 'a pcap record header')];
    const caplen = this.caplenAt();
    return [truncatedRecord(q.position, PCAP_RECORD_HEADER_LENGTH + caplen, q.length, 'a pcap packet record')];
  }

  private caplenAt(): number {
    const h = this.queue.peek(PCAP_RECORD_HEADER_LENGTH);
    return new DataView(h.buffer, h.byteOffset, 16).getUint32(8, this.header!.byteOrder === 'le');
  }

  protected next(): PcapReaderRecord | undefined {
    const q = this.queue;
    if (!this.header) {
      if (q.length < PCAP_FILE_HEADER_LENGTH) return undefined;
      try {
        const d = pcapFileHeader.decode(q.peek(PCAP_FILE_HEADER_LENGTH));
        this.header = d.value;
        q.skip(PCAP_FILE_HEADER_LENGTH);
        return { kind: 'header', offset: 0, header: d.value, findings: d.findings };
      } catch (e) {
        return { kind: 'invalid', offset: 0, code: 'PC_ERR_DECODE_INVALID', message: isProvcertError(e) ? e.message : String(e) };
      }
    }
    if (q.length < PCAP_RECORD_HEADER_LENGTH) return undefined;
    const h = this.header;
    const le = h.byteOrder === 'le';
    const head = q.peek(PCAP_RECORD_HEADER_LENGTH);
    const dv = new DataView(head.buffer, head.byteOffset, PCAP_RECORD_HEADER_LENGTH);
    const tsSec = dv.getUint32(0, le);
    const tsFrac = dv.getUint32(4, le);
    const caplen = dv.getUint32(8, le);
    const origlen = dv.getUint32(12, le);
    if (caplen > MAX_RECORD_BYTES) {
      // A length this large means the file is corrupt (or not pcap): we cannot resynchronise.
      return { kind: 'invalid', offset: q.position, code: 'PC_ERR_DECODE_LIMIT', message: `record caplen ${caplen} exceeds the ${MAX_RECORD_BYTES}-byte bound` };
    }
    if (q.length < PCAP_RECORD_HEADER_LENGTH + caplen) return undefined;
    const offset = q.position;
    const data = q.peek(PCAP_RECORD_HEADER_LENGTH + caplen).slice(PCAP_RECORD_HEADER_LENGTH);
    q.skip(PCAP_RECORD_HEADER_LENGTH + caplen);
    const findings: CodecFinding[] = [];
    const fracLimit = h.precision === 'ns' ? 1_000_000_000 : 1_000_000;
    if (tsFrac >= fracLimit) {
      findings.push({ code: 'pcap-ts-fraction-overflow', path: 'ts', offset: offset + 4, message: `sub-second field ${tsFrac} is not below ${fracLimit}` });
    }
    if (caplen > origlen) {
      findings.push({ code: 'pcap-caplen-exceeds-len', path: 'caplen', offset: offset + 8, message: `captured length ${caplen} exceeds original length ${origlen}` });
    }
    if (h.snaplen > 0 && caplen > h.snaplen) {
      findings.push({ code: 'pcap-caplen-exceeds-snaplen', path: 'caplen', offset: offset + 8, message: `captured length ${caplen} exceeds the file snaplen ${h.snaplen}` });
    }
    const tsNs = BigInt(tsSec) * 1_000_000_000n + BigInt(tsFrac) * (h.precision === 'ns' ? 1n : 1000n);
    return { kind: 'packet', offset, interfaceId: 0, linkType: h.linkType, tsNs, caplen, origlen, data, comments: [], snaplenCut: caplen < origlen, findings };
  }
}
