/**
 * fast-check arbitraries for pcap and pcapng records, and for whole captures (lists of packets
 * with nanosecond timestamps and comments) used by write-then-read tests.
 */
import fc from 'fast-check';
import type { PcapFileHeader, PcapRecord } from '../../../lib/codec/pcap/file-header.js';
import type { PcapngBlock } from '../../../lib/codec/pcapng/blocks.js';
import type { PcapngOption } from '../../../lib/codec/pcapng/options.js';
import { bytes, u16, u32 } from './net.js';

export const pcapFileHeaderArb: fc.Arbitrary<PcapFileHeader> = fc.record({
  byteOrder: fc.constantFrom('le' as const, 'be' as const),
  precision: fc.constantFrom('us' as const, 'ns' as const),
  versionMajor: fc.constant(2),
  versionMinor: fc.constant(4),
  thiszone: fc.integer({ min: -43200, max: 43200 }),
  sigfigs: fc.constant(0),
  snaplen: u32,
  linkType: fc.constantFrom(1, 101, 113, 228, 276),
  fcsBits: fc.integer({ min: 0, max: 63 }),
});

export const pcapRecordArb: fc.Arbitrary<PcapRecord> = fc.record({ tsSec: u32, tsFrac: fc.integer({ min: 0, max: 999_999_999 }), data: bytes(100) })
  .chain((r) => fc.integer({ min: r.data.length, max: r.data.length + 2000 }).map((origlen) => ({ ...r, origlen })));

const optionArb: fc.Arbitrary<PcapngOption> = fc.record({ code: fc.integer({ min: 1, max: 0xffff }), value: bytes(20) });

/** Options in wire form: non-zero codes, optionally closed by opt_endofopt. */
export const pcapngOptionsArb: fc.Arbitrary<PcapngOption[]> = fc.tuple(fc.array(optionArb, { maxLength: 4 }), fc.boolean())
  .map(([o, end]) => (end && o.length ? [...o, { code: 0, value: new Uint8Array(0) }] : o));

const ts64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

export function pcapngBlockArb(byteOrder: 'le' | 'be'): fc.Arbitrary<PcapngBlock> {
  return fc.oneof(
    fc.record({ type: fc.constant('shb' as const), byteOrder: fc.constant(byteOrder), versionMajor: fc.constant(1), versionMinor: fc.constantFrom(0, 2), sectionLength: fc.bigInt({ min: -1n, max: 1n << 40n }), options: pcapngOptionsArb }),
    fc.record({ type: fc.constant('idb' as const), linkType: u16, reserved: fc.constant(0), snaplen: u32, options: pcapngOptionsArb }),
    fc.record({ type: fc.constant('epb' as const), interfaceId: u32, timestamp: ts64, data: bytes(70), options: pcapngOptionsArb })
      .chain((b) => fc.integer({ min: b.data.length, max: b.data.length + 100 }).map((origlen) => ({ ...b, origlen }))),
    bytes(70).map((data): PcapngBlock => ({ type: 'spb', origlen: data.length, data })),
    fc.record({ type: fc.constant('pb' as const), interfaceId: u16, dropsCount: u16, timestamp: ts64, data: bytes(70), options: pcapngOptionsArb })
      .chain((b) => fc.integer({ min: b.data.length, max: b.data.length + 100 }).map((origlen) => ({ ...b, origlen }))),
    fc.record({ type: fc.constant('nrb' as const), records: fc.array(fc.record({ recordType: fc.integer({ min: 1, max: 0xffff }), value: bytes(24) }), { maxLength: 3 }), options: pcapngOptionsArb }),
    fc.record({ type: fc.constant('isb' as const), interfaceId: u32, timestamp: ts64, options: pcapngOptionsArb }),
    fc.record({ type: fc.constant('unknown' as const), blockType: fc.constantFrom(0x0a, 0xbad, 0x40000bad, 0x7777), body: fc.integer({ min: 0, max: 10 }).chain((n) => fc.uint8Array({ minLength: 4 * n, maxLength: 4 * n })) }),
  );
}

export interface GeneratedPacket {
  readonly tsNs: bigint;
  readonly data: Uint8Array;
  readonly origlen: number;
  readonly comments: string[];
}

/** Packets with increasing nanosecond timestamps (2001..2100), some snaplen-cut, some commented. */
export const capturePacketsArb: fc.Arbitrary<GeneratedPacket[]> = fc.array(
  fc.record({
    gap: fc.bigInt({ min: 0n, max: 5_000_000_000n }),
    data: bytes(120, 1),
    extra: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
    comments: fc.array(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\0')), { maxLength: 2 }),
  }),
  { minLength: 1, maxLength: 30 },
).map((list) => {
  let ts = 1_000_000_000_000_000_000n;
  return list.map((p) => {
    ts += p.gap;
    return { tsNs: ts, data: p.data, origlen: p.data.length + p.extra, comments: p.comments };
  });
});
