import t from 'tap';
import fc from 'fast-check';
import { FramePipeline } from '../../lib/capture/pipeline.js';
import { DissectorRegistry } from '../../lib/capture/dissectors.js';
import { Ipv4Defragmenter } from '../../lib/capture/ipv4-defrag.js';
import { ipv4 } from '../../lib/codec/ipv4/ipv4.js';
import { ethernet } from '../../lib/codec/link/ethernet.js';
import { fragments, packet, udpBytes } from './build.js';

const SEED = 20261125;

function echoRegistry(): DissectorRegistry {
  const r = new DissectorRegistry();
  r.register({ name: 'echo', match: (c) => c.dstPort === 7, decode: (p) => ({ value: Buffer.from(p).toString('hex') }) });
  return r;
}

t.test('ipv4 defrag: fragments in any order reassemble; the datagram belongs to the completing frame', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1 << 30 }), (payload, units, seed) => {
    const dgram = udpBytes(1234, 7, payload);
    const frags = fragments(17, dgram, units * 8, 42);
    // Deterministic shuffle from the generated seed.
    const order = frags.map((f, i) => ({ f, k: (i * 2654435761 + seed) % 4294967291 })).sort((a, b) => a.k - b.k).map((x) => x.f);
    const p = new FramePipeline({ dissectors: echoRegistry() });
    const frames = order.map((f, i) => p.process(packet(f, BigInt(i))));
    const done = frames.filter((f) => f.layers.udp);
    if (done.length !== 1) return false;
    const last = frames[frames.length - 1]!;
    t.equal(done[0]!.frame, last.frame, 'attributed to the last fragment that arrived');
    t.same(last.layers.ipv4?.reassembledFrom, frags.length > 1 ? frames.map((f) => f.frame) : undefined);
    t.equal(Buffer.from(last.payload!).toString('hex'), Buffer.from(payload).toString('hex'));
    t.equal(last.messages[0]?.value, Buffer.from(payload).toString('hex'));
    t.same(last.messages[0]?.frames, frames.map((f) => f.frame));
    return frames.every((f) => !f.error && f.findings.length === 0);
  }), { seed: SEED, numRuns: 100 });
});

t.test('ipv4 defrag: overlapping and duplicate fragments are reported; first copy wins', async (t) => {
  const dgram = udpBytes(1, 7, new Uint8Array(40).fill(0xaa));
  const [f1, f2] = fragments(17, dgram, 24, 9);
  const evil = ethernet.decode(f1!).value;
  const ip = ipv4.decode(evil.payload).value;
  const altered = new Uint8Array(ip.payload);
  altered[20] ^= 0xff;
  const d = new Ipv4Defragmenter();
  const first = d.add(ip, 1, 0n, 14);
  t.equal(first.state, 'pending');
  const dup = d.add({ ...ip, payload: altered }, 2, 0n, 14);
  t.same(dup.findings.map((f) => f.code), ['ipv4-fragment-overlap']);
  t.match(dup.findings[0]?.message, /different data/);
  const ip2 = ipv4.decode(ethernet.decode(f2!).value.payload).value;
  const r = d.add(ip2, 3, 0n, 14);
  t.equal(r.state, 'complete');
  if (r.state === 'complete') t.equal(r.payload[20], ip.payload[20], 'first copy kept');
  t.equal(d.inProgress, 0);
  t.equal(d.bufferedBytes, 0);
});

t.test('ipv4 defrag: bounded memory and timeouts', async (t) => {
  const d = new Ipv4Defragmenter({ maxDatagrams: 4, timeoutNs: 1000n });
  const mk = (id: number) => ipv4.decode(ethernet.decode(fragments(17, udpBytes(1, 7, new Uint8Array(40)), 24, id)[0]!).value.payload).value;
  const codes: string[] = [];
  for (let id = 0; id < 10; id++) codes.push(...d.add(mk(id), id + 1, 0n, 14).findings.map((f) => f.code));
  t.equal(d.inProgress, 4);
  t.equal(codes.filter((c) => c === 'ipv4-reassembly-evicted').length, 6);
  const late = d.add(mk(99), 11, 5000n, 14);
  t.equal(late.findings.filter((f) => f.code === 'ipv4-reassembly-timeout').length, 4);
  t.equal(d.inProgress, 1);
});
