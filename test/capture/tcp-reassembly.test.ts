import t from 'tap';
import fc from 'fast-check';
import { FramePipeline } from '../../lib/capture/pipeline.js';
import { DissectorRegistry } from '../../lib/capture/dissectors.js';
import { TcpReassembler } from '../../lib/capture/tcp-reassembly.js';
import { TCP_FLAG } from '../../lib/codec/tcp/tcp.js';
import type { TcpSegment } from '../../lib/codec/tcp/tcp.js';
import { packet, tcpFrame } from './build.js';

const SEED = 20261125;
const a = { addr: '10.77.0.1', port: 40000 };
const b = { addr: '10.77.0.2', port: 5060 };
const seg = (seq: number, flags: number, payload = new Uint8Array(0)): TcpSegment => ({ srcPort: a.port, dstPort: b.port, seq: seq >>> 0, ack: 0, reserved: 0, flags, window: 1000, checksum: 0, urgentPointer: 0, options: [], payload });

/** Cuts `data` into segments, then shuffles, duplicates and re-cuts some into overlapping pieces. */
const scenario = fc.record({
  data: fc.uint8Array({ minLength: 1, maxLength: 4000 }),
  isn: fc.integer({ min: 0, max: 0xffffffff }),
  cuts: fc.array(fc.nat(), { maxLength: 30 }),
  dupes: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 10 }),
  order: fc.array(fc.nat(), { maxLength: 80 }),
});

t.test('tcp: shuffled, duplicated and overlapping segments reassemble to the original bytes (property)', async (t) => {
  fc.assert(fc.property(scenario, ({ data, isn, cuts, dupes, order }) => {
    const points = [...new Set([0, ...cuts.map((c) => c % data.length), data.length])].sort((x, y) => x - y);
    const pieces: [number, number][] = [];
    for (let i = 0; i + 1 < points.length; i++) pieces.push([points[i]!, points[i + 1]!]);
    // Overlapping retransmissions: arbitrary ranges of the same bytes.
    for (const [s, l] of dupes.map(([x, y]) => [x % data.length, 1 + (y % 200)] as const)) pieces.push([s, Math.min(data.length, s + l)]);
    const shuffled = pieces.map((p, i) => ({ p, k: order[i % Math.max(1, order.length)] ?? i, i })).sort((x, y) => x.k - y.k || x.i - y.i).map((x) => x.p);
    const r = new TcpReassembler();
    const out: number[] = [];
    r.segment(a, b, seg(isn, TCP_FLAG.SYN), 1);
    shuffled.forEach(([s, e], i) => {
      for (const d of r.segment(a, b, seg(isn + 1 + s, TCP_FLAG.ACK, data.subarray(s, e)), i + 2).deliveries) out.push(...d.data);
    });
    const fin = r.segment(a, b, seg(isn + 1 + data.length, TCP_FLAG.FIN | TCP_FLAG.ACK), 999);
    t.equal(Buffer.from(out).toString('hex'), Buffer.from(data).toString('hex'));
    return out.length === data.length && fin.events.some((e) => e.kind === 'fin') && r.streamCount === 1;
  }), { seed: SEED, numRuns: 150 });
});

t.test('tcp: retransmission and out-of-order findings, overlap mismatch, bounded buffer', async (t) => {
  const r = new TcpReassembler({ maxBufferedBytes: 10 });
  r.segment(a, b, seg(100, TCP_FLAG.SYN), 1);
  t.equal(r.segment(a, b, seg(101, TCP_FLAG.ACK, Uint8Array.of(1, 2, 3)), 2).deliveries.length, 1);
  t.same(r.segment(a, b, seg(101, TCP_FLAG.ACK, Uint8Array.of(1, 2, 3)), 3).findings.map((f) => f.code), ['tcp-retransmission']);
  t.same(r.segment(a, b, seg(102, TCP_FLAG.ACK, Uint8Array.of(2, 3, 4)), 4).findings.map((f) => f.code), ['tcp-partial-retransmission']);
  t.same(r.segment(a, b, seg(110, TCP_FLAG.ACK, Uint8Array.of(9, 9)), 5).findings.map((f) => f.code), ['tcp-out-of-order']);
  t.same(r.segment(a, b, seg(110, TCP_FLAG.ACK, Uint8Array.of(9, 8)), 6).findings.map((f) => f.code), ['tcp-overlap-mismatch']);
  t.same(r.segment(a, b, seg(120, TCP_FLAG.ACK, new Uint8Array(9)), 7).findings.map((f) => f.code), ['tcp-buffer-overflow']);
  t.same(r.finish().map((f) => f.code), ['tcp-missing-segment']);
});

t.test('tcp: sequence numbers wrap around 2^32', async (t) => {
  const r = new TcpReassembler();
  r.segment(a, b, seg(0xfffffffe, TCP_FLAG.SYN), 1);
  const d1 = r.segment(a, b, seg(0xffffffff, TCP_FLAG.ACK, Uint8Array.of(1, 2)), 2).deliveries;
  const d2 = r.segment(a, b, seg(1, TCP_FLAG.ACK, Uint8Array.of(3)), 3).deliveries;
  t.same([...d1.flatMap((d) => [...d.data]), ...d2.flatMap((d) => [...d.data])], [1, 2, 3]);
});

t.test('tcp: RST ends the connection', async (t) => {
  const r = new TcpReassembler();
  r.segment(a, b, seg(1, TCP_FLAG.SYN), 1);
  const res = r.segment(b, a, { ...seg(5, TCP_FLAG.RST), srcPort: b.port, dstPort: a.port }, 2);
  t.same(res.events.map((e) => e.kind), ['rst']);
  t.equal(r.streamCount, 0);
});

t.test('pipeline: messages spanning segments go to the dissector and the completing frame', async (t) => {
  const reg = new DissectorRegistry();
  // A toy line protocol: each message ends with '\n'.
  reg.register({
    name: 'lines',
    match: (c) => c.proto === 'tcp' && (c.dstPort === 5060 || c.srcPort === 5060),
    frameLength: (s) => { const i = s.indexOf(10); return i < 0 ? 0 : i + 1; },
    decode: (p) => ({ value: Buffer.from(p).toString('latin1') }),
  });
  const p = new FramePipeline({ dissectors: reg });
  const enc = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  const frames = [
    tcpFrame({ from: 'a', seq: 1000, flags: TCP_FLAG.SYN }),
    tcpFrame({ from: 'b', seq: 5000, ack: 1001, flags: TCP_FLAG.SYN | TCP_FLAG.ACK }),
    tcpFrame({ from: 'a', seq: 1001, flags: TCP_FLAG.ACK, payload: enc('REGI') }),
    tcpFrame({ from: 'a', seq: 1009, flags: TCP_FLAG.ACK, payload: enc('\nOPT') }), // out of order
    tcpFrame({ from: 'a', seq: 1005, flags: TCP_FLAG.ACK, payload: enc('STER') }),
    tcpFrame({ from: 'a', seq: 1005, flags: TCP_FLAG.ACK, payload: enc('STER') }), // retransmission
    tcpFrame({ from: 'a', seq: 1013, flags: TCP_FLAG.ACK | TCP_FLAG.FIN, payload: enc('IONS\nBY') }),
  ].map((f, i) => p.process(packet(f, BigInt(i) * 1000n)));
  t.same(frames.map((f) => f.messages.map((m) => m.value)), [[], [], [], [], ['REGISTER\n'], [], ['OPTIONS\n', undefined]]);
  t.same(frames[4]!.messages[0]!.frames, [3, 5, 4]);
  t.same(frames[6]!.messages[0]!.frames, [4, 7]);
  t.match(frames[6]!.messages[1], { error: { code: 'PC_ERR_DECODE_TRUNCATED' }, frames: [7] });
  t.ok(frames[5]!.findings.some((f) => f.code === 'tcp-retransmission'));
  t.equal(frames[2]!.layers.tcp?.streamId, 0);
  t.same(frames.map((f) => f.error), frames.map(() => undefined));
});
