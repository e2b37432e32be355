import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import { pcapFileHeader, pcapRecordCodec } from '../../../lib/codec/pcap/file-header.js';
import { PcapReader, type PcapReaderRecord } from '../../../lib/codec/pcap/reader.js';
import { PcapWriter } from '../../../lib/codec/pcap/writer.js';
import { capturePacketsArb, pcapFileHeaderArb, pcapRecordArb } from '../../helpers/arbitraries/pcap.js';
import { normaliseBytes } from '../../helpers/arbitraries/net.js';

const SEED = 20261125;

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** Feeds `file` cut at the given (sorted) positions; returns all records. */
function readChunked(file: Uint8Array, cuts: number[]): PcapReaderRecord[] {
  const r = new PcapReader();
  const out: PcapReaderRecord[] = [];
  let prev = 0;
  for (const c of [...cuts, file.length]) {
    out.push(...r.push(file.subarray(prev, c)));
    prev = c;
  }
  return [...out, ...r.end()];
}

t.test('pcap file header and record: codec laws, both byte orders', async (t) => {
  assertCodecLaws(t, pcapFileHeader, pcapFileHeaderArb, [], { seed: SEED, normalise: normaliseBytes });
  assertCodecLaws(t, pcapRecordCodec('le'), pcapRecordArb, [], { seed: SEED, normalise: normaliseBytes });
  assertCodecLaws(t, pcapRecordCodec('be'), pcapRecordArb, [], { seed: SEED, normalise: normaliseBytes });
});

t.test('pcap: write then read gives the packets back (µs and ns, both byte orders)', async (t) => {
  fc.assert(fc.property(capturePacketsArb, fc.constantFrom('le' as const, 'be' as const), fc.constantFrom('us' as const, 'ns' as const), (pkts, byteOrder, precision) => {
    const w = new PcapWriter({ linkType: 1, byteOrder, precision, snaplen: 65535 });
    const file = concat([w.header(), ...pkts.map((p) => w.packet({ ts: p.tsNs, data: p.data, origlen: p.origlen }))]);
    const recs = readChunked(file, []);
    const packets = recs.filter((r) => r.kind === 'packet');
    t.equal(recs[0]?.kind, 'header');
    t.equal(packets.length, pkts.length);
    packets.forEach((r, i) => {
      if (r.kind !== 'packet') return;
      const want = precision === 'ns' ? pkts[i]!.tsNs : (pkts[i]!.tsNs / 1000n) * 1000n;
      t.equal(r.tsNs, want);
      t.equal(Buffer.from(r.data).toString('hex'), Buffer.from(pkts[i]!.data).toString('hex'));
      t.equal(r.origlen, pkts[i]!.origlen);
      t.equal(r.snaplenCut, pkts[i]!.origlen > pkts[i]!.data.length);
    });
    return recs.every((r) => r.kind !== 'truncated' && r.kind !== 'invalid');
  }), { seed: SEED, numRuns: 60 });
});

t.test('pcap: random chunk boundaries give the same records as one chunk (property)', async (t) => {
  fc.assert(fc.property(capturePacketsArb, fc.array(fc.nat(), { maxLength: 20 }), (pkts, rawCuts) => {
    const w = new PcapWriter({ linkType: 1 });
    const file = concat([w.header(), ...pkts.map((p) => w.packet({ ts: p.tsNs, data: p.data, origlen: p.origlen }))]);
    const cuts = [...new Set(rawCuts.map((c) => c % (file.length + 1)))].sort((a, b) => a - b);
    t.same(normaliseBytes(readChunked(file, cuts)), normaliseBytes(readChunked(file, [])));
    return true;
  }), { seed: SEED, numRuns: 60 });
});

t.test('pcap: a file cut anywhere yields the complete records, then a truncation report', async (t) => {
  const w = new PcapWriter({ linkType: 1 });
  const sizes = [60, 100, 42];
  const parts = [w.header(), ...sizes.map((n, i) => w.packet({ ts: BigInt(i) * 1000n, data: new Uint8Array(n).fill(i) }))];
  const file = concat(parts);
  const ends = parts.reduce<number[]>((acc, p) => [...acc, (acc[acc.length - 1] ?? 0) + p.length], []);
  for (let cut = 0; cut < file.length; cut++) {
    const recs = readChunked(file.subarray(0, cut), []);
    const last = recs[recs.length - 1]!;
    const complete = ends.filter((e) => e <= cut).length - 1; // minus the header
    t.equal(recs.filter((r) => r.kind === 'packet').length, Math.max(0, complete), `cut at ${cut}`);
    t.equal(last.kind, !ends.includes(cut) ? 'truncated' : cut === ends[0] ? 'header' : 'packet', `cut at ${cut} ends with ${last.kind}`);
    if (last.kind === 'truncated') {
      t.equal(last.offset, cut === 0 ? 0 : Math.max(0, ...ends.filter((e) => e <= cut)) % (file.length + 1));
    }
  }
});

t.test('pcap: bad magic and absurd caplen stop with an invalid record, never a throw', async (t) => {
  const r = new PcapReader();
  const out = r.push(new Uint8Array(24).fill(7));
  t.equal(out[0]?.kind, 'invalid');
  t.same(r.push(new Uint8Array(10)), []);
  const w = new PcapWriter({ linkType: 1 });
  const rec = w.packet({ ts: 0n, data: new Uint8Array(4) });
  new DataView(rec.buffer).setUint32(8, 0x7fffffff, true);
  const r2 = new PcapReader();
  const o2 = r2.push(concat([w.header(), rec]));
  t.equal(o2[1]?.kind, 'invalid');
  t.match(o2[1], { code: 'PC_ERR_DECODE_LIMIT', offset: 24 });
});

t.test('pcap: snaplen-cut and caplen findings', async (t) => {
  const w = new PcapWriter({ linkType: 1, snaplen: 64 });
  const r = new PcapReader();
  const recs = r.push(concat([w.header(), w.packet({ ts: 5n, data: new Uint8Array(64), origlen: 1500 }), w.packet({ ts: 6n, data: new Uint8Array(80) })]));
  const [cut, big] = recs.filter((x) => x.kind === 'packet');
  t.match(cut, { snaplenCut: true, caplen: 64, origlen: 1500 });
  t.same(big?.kind === 'packet' ? big.findings.map((f) => f.code) : [], ['pcap-caplen-exceeds-snaplen']);
});
