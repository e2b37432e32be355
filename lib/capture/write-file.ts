/**
 * Writes pcap or pcapng files through a node:fs write stream, record by record (bounded memory,
 * back-pressure respected). Used by tests and by the lab to annotate captures with comments.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { ProvcertError } from '../errors.js';
import { PcapWriter, type PcapWriterOptions } from '../codec/pcap/writer.js';
import { PcapngWriter, type InterfaceOptions, type SectionOptions } from '../codec/pcapng/writer.js';
import type { TimestampInput } from '../codec/pcap/timestamp.js';

export interface WritePacket {
  readonly ts: TimestampInput;
  readonly data: Uint8Array;
  readonly origlen?: number;
  /** pcapng only (classic pcap has nowhere to put it: an error). */
  readonly comments?: readonly string[];
  readonly interfaceId?: number;
}

export type CaptureFileOptions =
  | ({ readonly format: 'pcap' } & PcapWriterOptions)
  | { readonly format: 'pcapng'; readonly section?: SectionOptions; readonly interfaces: readonly InterfaceOptions[] };

export class CaptureFileWriter {
  private readonly out: WriteStream;
  private readonly pcap?: PcapWriter;
  private readonly pcapng?: PcapngWriter;
  private failure: Error | undefined;

  constructor(readonly path: string, opts: CaptureFileOptions) {
    this.out = createWriteStream(path);
    this.out.on('error', (e) => { this.failure = e; });
    if (opts.format === 'pcap') {
      this.pcap = new PcapWriter(opts);
      this.out.write(this.pcap.header());
    } else {
      this.pcapng = new PcapngWriter();
      this.out.write(this.pcapng.section(opts.section));
      for (const i of opts.interfaces) this.out.write(this.pcapng.addInterface(i).bytes);
    }
  }

  async write(p: WritePacket): Promise<void> {
    this.check();
    let bytes: Uint8Array;
    if (this.pcap) {
      if (p.comments?.length) throw new ProvcertError('PC_ERR_ENCODE_INVALID', 'classic pcap cannot carry packet comments; write pcapng', { proto: 'pcap' });
      bytes = this.pcap.packet(p);
    } else {
      bytes = this.pcapng!.packet({ ...p, interfaceId: p.interfaceId ?? 0 });
    }
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  /** Appends raw bytes (e.g. a new pcapng section built with PcapngWriter). */
  async writeRaw(bytes: Uint8Array): Promise<void> {
    this.check();
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    this.check();
  }

  private check(): void {
    if (this.failure) throw new ProvcertError('PC_ERR_IO', `cannot write ${this.path}: ${this.failure.message}`, { cause: this.failure });
  }
}
