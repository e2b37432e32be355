/**
 * Streaming pcapng writer: SHB, IDBs (nanosecond if_tsresol by default) and EPBs with opt_comment,
 * each returned as bytes for the caller to write. Several sections may follow one another.
 */
import { encodeError } from '../link/bytes.js';
import type { ByteOrder } from '../pcap/records.js';
import { toNs, type TimestampInput } from '../pcap/timestamp.js';
import { pcapngBlockCodec, type PcapngBlock } from './blocks.js';
import { IDB_OPT, OPT, SHB_OPT } from './codes.js';
import { endOfOptions, nsToUnits, stringOption, type PcapngOption, type TsResolution } from './options.js';

export interface SectionOptions {
  readonly byteOrder?: ByteOrder;
  readonly hardware?: string;
  readonly os?: string;
  readonly userAppl?: string;
  readonly comment?: string;
}

export interface InterfaceOptions {
  readonly linkType: number;
  readonly snaplen?: number;
  readonly name?: string;
  readonly description?: string;
  /** if_tsresol; default 10^-9 (nanoseconds, exact). */
  readonly tsResolution?: TsResolution;
  readonly tsOffsetSec?: bigint;
}

export interface EpbInput {
  readonly interfaceId: number;
  readonly ts: TimestampInput;
  readonly data: Uint8Array;
  readonly origlen?: number;
  /** opt_comment values (used to annotate test steps). */
  readonly comments?: readonly string[];
}

function withEnd(options: PcapngOption[]): PcapngOption[] {
  return options.length ? [...options, endOfOptions()] : options;
}

export class PcapngWriter {
  private order: ByteOrder = 'le';
  private interfaces: TsResolution[] = [];
  private offsets: bigint[] = [];
  private codec = pcapngBlockCodec('le');

  /** Starts a (new) section; interface IDs restart at 0. */
  section(o: SectionOptions = {}): Uint8Array {
    this.order = o.byteOrder ?? 'le';
    this.codec = pcapngBlockCodec(this.order);
    this.interfaces = [];
    this.offsets = [];
    const options: PcapngOption[] = [];
    if (o.comment !== undefined) options.push(stringOption(OPT.COMMENT, o.comment));
    if (o.hardware !== undefined) options.push(stringOption(SHB_OPT.HARDWARE, o.hardware));
    if (o.os !== undefined) options.push(stringOption(SHB_OPT.OS, o.os));
    if (o.userAppl !== undefined) options.push(stringOption(SHB_OPT.USERAPPL, o.userAppl));
    return this.codec.encode({ type: 'shb', byteOrder: this.order, versionMajor: 1, versionMinor: 0, sectionLength: -1n, options: withEnd(options) });
  }

  /** Adds an interface to the current section; returns its ID and the IDB bytes. */
  addInterface(o: InterfaceOptions): { id: number; bytes: Uint8Array } {
    const res = o.tsResolution ?? { base: 10, exponent: 9 };
    if (res.exponent < 0 || res.exponent > 127) throw encodeError('pcapng', `if_tsresol exponent ${res.exponent} out of range`);
    const options: PcapngOption[] = [];
    if (o.name !== undefined) options.push(stringOption(IDB_OPT.NAME, o.name));
    if (o.description !== undefined) options.push(stringOption(IDB_OPT.DESCRIPTION, o.description));
    if (!(res.base === 10 && res.exponent === 6)) options.push({ code: IDB_OPT.TSRESOL, value: Uint8Array.of(res.base === 2 ? 0x80 | res.exponent : res.exponent) });
    if (o.tsOffsetSec !== undefined && o.tsOffsetSec !== 0n) {
      const v = new Uint8Array(8);
      new DataView(v.buffer).setBigInt64(0, o.tsOffsetSec, this.order === 'le');
      options.push({ code: IDB_OPT.TSOFFSET, value: v });
    }
    this.interfaces.push(res);
    this.offsets.push(o.tsOffsetSec ?? 0n);
    const bytes = this.codec.encode({ type: 'idb', linkType: o.linkType, reserved: 0, snaplen: o.snaplen ?? 262144, options: withEnd(options) });
    return { id: this.interfaces.length - 1, bytes };
  }

  packet(p: EpbInput): Uint8Array {
    const res = this.interfaces[p.interfaceId];
    if (!res) throw encodeError('pcapng', `interface ${p.interfaceId} was not added to this section`);
    const origlen = p.origlen ?? p.data.length;
    if (origlen < p.data.length) throw encodeError('pcapng', `origlen ${origlen} is below the captured length ${p.data.length}`);
    const ns = toNs(p.ts) - this.offsets[p.interfaceId]! * 1_000_000_000n;
    const block: PcapngBlock = {
      type: 'epb', interfaceId: p.interfaceId, timestamp: nsToUnits(ns, res), origlen, data: p.data,
      options: withEnd((p.comments ?? []).map((c) => stringOption(OPT.COMMENT, c))),
    };
    return this.codec.encode(block);
  }
}
