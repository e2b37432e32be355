import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import { pcapngBlockCodec } from '../../../lib/codec/pcapng/blocks.js';
import { PcapngReader, type PcapngReaderRecord } from '../../../lib/codec/pcapng/reader.js';
import { PcapngWriter } from '../../../lib/codec/pcapng/writer.js';
import { unitsToNs, nsToUnits } from '../../../lib/codec/pcapng/options.js';
import { capturePacketsArb, pcapngBlockArb } from '../../helpers/arbitraries/pcap.js';
import { normaliseBytes } from '../../helpers/arbitraries/net.js';

const SEED = 20261125;
const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

function readChunked(file: Uint8Array, cuts: number[]): PcapngReaderRecord[] {
  const r = new PcapngReader();
  const out: PcapngReaderRecord[] = [];
  let prev = 0;
  for (const c of [...cuts, file.length]) {
    out.push(...r.push(file.subarray(prev, c)));
    prev = c;
  }
  return [...out, ...r.end()];
}

t.test('pcapng blocks: codec laws in both byte orders (SHB, IDB, EPB, SPB, PB, NRB, ISB, unknown)', async (t) => {
  assertCodecLaws(t, pcapngBlockCodec('le'), pcapngBlockArb('le'), [], { seed: SEED, normalise: normaliseBytes });
  assertCodecLaws(t, pcapngBlockCodec('be'), pcapngBlockArb('be'), [], { seed: SEED, normalise: normaliseBytes });
});

t.test('pcapng: timestamp resolutions (10^-n and 2^-n) convert exactly or floor', async (t) => {
  t.equal(unitsToNs(1_700_000_000_123_456n, { base: 10, exponent: 6 }), 1_700_000_000_123_456_000n);
  t.equal(unitsToNs(1_700_000_000_123_456_789n, { base: 10, exponent: 9 }), 1_700_000_000_123_456_789n);
  t.equal(unitsToNs(123_456_789_012n, { base: 10, exponent: 12 }), 123_456_789n);
  t.equal(unitsToNs(3n << 30n, { base: 2, exponent: 30 }), 3_000_000_000n);
  t.equal(unitsToNs(1n, { base: 2, exponent: 1 }), 500_000_000n);
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 1n << 62n }), fc.integer({ min: 0, max: 9 }), (ns, e) => {
    const res = { base: 10 as const, exponent: e };
    const back = unitsToNs(nsToUnits(ns, res), res);
    return back <= ns && ns - back < 10n ** BigInt(9 - e);
  }), { seed: SEED });
});

t.test('pcapng: write then read: comments, ns timestamps, several interfaces and sections', async (t) => {
  fc.assert(fc.property(capturePacketsArb, fc.constantFrom('le' as const, 'be' as const), (pkts, byteOrder) => {
    const w = new PcapngWriter();
    const parts = [w.section({ byteOrder, userAppl: 'provcert test' }), w.addInterface({ linkType: 1, name: 'a' }).bytes, w.addInterface({ linkType: 113, tsResolution: { base: 10, exponent: 6 }, tsOffsetSec: 100n }).bytes];
    pkts.forEach((p, i) => parts.push(w.packet({ interfaceId: i % 2, ts: p.tsNs, data: p.data, origlen: p.origlen, comments: p.comments })));
    parts.push(w.section({ byteOrder: byteOrder === 'le' ? 'be' : 'le' }), w.addInterface({ linkType: 101, tsResolution: { base: 2, exponent: 20 } }).bytes);
    parts.push(w.packet({ interfaceId: 0, ts: 1n << 40n, data: Uint8Array.of(0x45) }));
    const recs = readChunked(concat(parts), []);
    const packets = recs.filter((r) => r.kind === 'packet');
    t.equal(recs.filter((r) => r.kind === 'section').length, 2);
    t.equal(packets.length, pkts.length + 1);
    pkts.forEach((p, i) => {
      const r = packets[i]!;
      if (r.kind !== 'packet') return;
      const want = i % 2 === 0 ? p.tsNs : (p.tsNs / 1000n) * 1000n;
      t.equal(r.tsNs, want, `packet ${i} timestamp`);
      t.equal(r.linkType, i % 2 === 0 ? 1 : 113);
      t.same(r.comments, p.comments);
      t.equal(r.origlen, p.origlen);
      t.equal(r.section, 0);
    });
    const last = packets[packets.length - 1]!;
    t.match(last, { section: 1, interfaceId: 0, linkType: 101 });
    if (last.kind === 'packet') t.equal(last.tsNs, unitsToNs(nsToUnits(1n << 40n, { base: 2, exponent: 20 }), { base: 2, exponent: 20 }));
    return recs.every((r) => r.kind !== 'truncated' && r.kind !== 'invalid');
  }), { seed: SEED, numRuns: 40 });
});

t.test('pcapng: chunk boundaries do not change the records (property)', async (t) => {
  fc.assert(fc.property(capturePacketsArb, fc.array(fc.nat(), { maxLength: 20 }), (pkts, rawCuts) => {
    const w = new PcapngWriter();
    const file = concat([w.section(), w.addInterface({ linkType: 1 }).bytes, ...pkts.map((p) => w.packet({ interfaceId: 0, ts: p.tsNs, data: p.data, comments: p.comments }))]);
    const cuts = [...new Set(rawCuts.map((c) => c % (file.length + 1)))].sort((a, b) => a - b);
    t.same(normaliseBytes(readChunked(file, cuts)), normaliseBytes(readChunked(file, [])));
    return true;
  }), { seed: SEED, numRuns: 60 });
});

t.test('pcapng: SPB, obsolete PB, NRB, ISB, DSB/unknown are read or kept and skipped', async (t) => {
  const c = pcapngBlockCodec('le');
  const w = new PcapngWriter();
  const file = concat([
    w.section(), w.addInterface({ linkType: 1, snaplen: 8 }).bytes,
    c.encode({ type: 'spb', origlen: 12, data: new Uint8Array(12).fill(1) }),
    c.encode({ type: 'pb', interfaceId: 0, dropsCount: 0, timestamp: 5n, origlen: 3, data: Uint8Array.of(1, 2, 3), options: [] }),
    c.encode({ type: 'nrb', records: [{ recordType: 1, value: Uint8Array.of(10, 0, 0, 1, 0x61, 0) }], options: [] }),
    c.encode({ type: 'unknown', blockType: 0x0a, body: new Uint8Array(8) }),
    c.encode({ type: 'isb', interfaceId: 0, timestamp: 9n, options: [] }),
  ]);
  const recs = readChunked(file, []);
  t.same(recs.map((r) => r.kind), ['section', 'interface', 'packet', 'packet', 'block', 'block', 'block']);
  t.match(recs[2], { kind: 'packet', blockType: 'spb', caplen: 8, origlen: 12, snaplenCut: true });
  t.match(recs[3], { kind: 'packet', blockType: 'pb', tsNs: 5n, caplen: 3 }); // the writer's IDB says if_tsresol 9
});

t.test('pcapng: truncated files report the offset; garbage never throws', async (t) => {
  const w = new PcapngWriter();
  const parts = [w.section(), w.addInterface({ linkType: 1 }).bytes, w.packet({ interfaceId: 0, ts: 1n, data: new Uint8Array(33) }), w.packet({ interfaceId: 0, ts: 2n, data: new Uint8Array(7), comments: ['x'] })];
  const file = concat(parts);
  const ends = parts.reduce<number[]>((acc, p) => [...acc, (acc[acc.length - 1] ?? 0) + p.length], []);
  for (let cut = 0; cut < file.length; cut++) {
    const recs = readChunked(file.subarray(0, cut), []);
    const last = recs[recs.length - 1]!;
    const done = ends.filter((e) => e <= cut).length;
    t.equal(recs.length, done + (ends.includes(cut) && cut > 0 ? 0 : 1), `cut at ${cut}`);
    if (!ends.includes(cut) || cut === 0) t.match(last, { kind: 'truncated', offset: done ? ends[done - 1] : 0 });
  }
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 10 }), (junk, at) => {
    const mutated = file.slice();
    mutated.set(junk.subarray(0, Math.max(0, mutated.length - at * 8)), at * 8);
    readChunked(mutated, [13, 50]);
    return true;
  }), { seed: SEED, numRuns: 300 });
  t.match(readChunked(Uint8Array.of(1, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0), [])[0], { kind: 'invalid' });
});
