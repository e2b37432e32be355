/**
 * Format detection by magic (pcap µs/ns either byte order, or pcapng SHB) in front of the two
 * streaming readers, giving one pure push/end parser for any capture file.
 */
import { sniffPcapMagic } from '../codec/pcap/file-header.js';
import { PcapReader, type PcapReaderRecord } from '../codec/pcap/reader.js';
import { PcapngReader, type PcapngReaderRecord } from '../codec/pcapng/reader.js';
import { BLOCK_TYPE } from '../codec/pcapng/codes.js';
import { truncatedRecord } from '../codec/pcap/records.js';

export type CaptureFormat = 'pcap' | 'pcapng';
export type CaptureRecord = PcapReaderRecord | PcapngReaderRecord;

export class CaptureStreamParser {
  private reader: PcapReader | PcapngReader | undefined;
  private head: Uint8Array[] = [];
  private headLen = 0;
  private failed = false;
  format: CaptureFormat | undefined;

  push(chunk: Uint8Array): CaptureRecord[] {
    if (this.failed) return [];
    if (this.reader) return this.reader.push(chunk);
    this.head.push(chunk);
    this.headLen += chunk.length;
    if (this.headLen < 4) return [];
    const first = new Uint8Array(this.headLen);
    let at = 0;
    for (const c of this.head) { first.set(c, at); at += c.length; }
    this.head = [];
    if (sniffPcapMagic(first)) {
      this.format = 'pcap';
      this.reader = new PcapReader();
    } else if (new DataView(first.buffer, first.byteOffset, 4).getUint32(0, false) === BLOCK_TYPE.SHB) {
      this.format = 'pcapng';
      this.reader = new PcapngReader();
    } else {
      this.failed = true;
      return [{ kind: 'invalid', offset: 0, code: 'PC_ERR_DECODE_INVALID', message: 'neither a pcap nor a pcapng file (unknown magic number)' }];
    }
    return this.reader.push(first);
  }

  end(): CaptureRecord[] {
    if (this.failed) return [];
    if (this.reader) return this.reader.end();
    this.failed = true;
    return [truncatedRecord(0, 4, this.headLen, 'the file magic')];
  }
}
