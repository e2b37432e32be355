/**
 * Streaming classic-pcap writer: returns the bytes of the file header and of each record, for the
 * caller to write wherever it likes (lib/capture writes them to a file stream).
 */
import { encodeError } from '../link/bytes.js';
import { pcapFileHeader, pcapRecordCodec, type PcapRecord, type TsPrecision } from './file-header.js';
import type { ByteOrder } from './records.js';
import { splitNs, toNs, type TimestampInput } from './timestamp.js';

export interface PcapWriterOptions {
  readonly linkType: number;
  readonly snaplen?: number;
  /** 'ns' (default) keeps nanoseconds; 'us' truncates to microseconds. */
  readonly precision?: TsPrecision;
  readonly byteOrder?: ByteOrder;
}

export interface PacketInput {
  readonly ts: TimestampInput;
  readonly data: Uint8Array;
  /** Original length on the wire; defaults to data.length (> data.length means snaplen-cut). */
  readonly origlen?: number;
}

export class PcapWriter {
  private readonly opts: Required<PcapWriterOptions>;
  private readonly record: ReturnType<typeof pcapRecordCodec>;

  constructor(opts: PcapWriterOptions) {
    this.opts = { snaplen: 262144, precision: 'ns', byteOrder: 'le', ...opts };
    this.record = pcapRecordCodec(this.opts.byteOrder);
  }

  header(): Uint8Array {
    const o = this.opts;
    return pcapFileHeader.encode({ byteOrder: o.byteOrder, precision: o.precision, versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: o.snaplen, linkType: o.linkType, fcsBits: 0 });
  }

  packet(p: PacketInput): Uint8Array {
    const { sec, nsec } = splitNs(toNs(p.ts));
    if (sec < 0n || sec > 0xffffffffn) throw encodeError('pcap', `timestamp second ${sec} does not fit the 32-bit pcap field`);
    const origlen = p.origlen ?? p.data.length;
    if (origlen < p.data.length) throw encodeError('pcap', `origlen ${origlen} is below the captured length ${p.data.length}`);
    const rec: PcapRecord = { tsSec: Number(sec), tsFrac: Number(this.opts.precision === 'ns' ? nsec : nsec / 1000n), origlen, data: p.data };
    return this.record.encode(rec);
  }
}
