import t, { type Test } from 'tap';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureFileWriter, iterateCapture, readCaptureFile, CaptureStreamParser, FramePipeline, DissectorRegistry } from '../../lib/capture/index.js';
import type { FrameRecord } from '../../lib/capture/frame.js';
import { ProvcertError } from '../../lib/errors.js';
import { packet, udpFrame } from './build.js';
import { normaliseBytes } from '../helpers/arbitraries/net.js';

const SEED = 20261125;

async function tempCapture(t: Test, format: 'pcap' | 'pcapng'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-read-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, `x.${format}`);
  const w = new CaptureFileWriter(path, format === 'pcap' ? { format, linkType: 1 } : { format, interfaces: [{ linkType: 1 }] });
  for (let i = 0; i < 5; i++) await w.write({ ts: { sec: 1_700_000_000 + i, nsec: i }, data: udpFrame(1000 + i, 53, Uint8Array.of(i)), ...(format === 'pcapng' && i === 2 ? { comments: ['step 2'] } : {}) });
  await w.close();
  return path;
}

t.test('readCaptureFile: pcap and pcapng detected by magic, frames numbered from 1', async (t) => {
  for (const format of ['pcap', 'pcapng'] as const) {
    const path = await tempCapture(t, format);
    const frames: FrameRecord[] = [];
    const summary = await readCaptureFile(path, { onFrame: (f) => { frames.push(f); } });
    t.equal(summary.format, format);
    t.same(frames.map((f) => f.frame), [1, 2, 3, 4, 5]);
    t.equal(frames[3]!.tsNs, 1_700_000_003_000_000_003n);
    t.equal(frames[3]!.layers.udp?.srcPort, 1003);
    t.equal(frames[3]!.messages[0]?.bytes[0], 3);
    t.equal(frames[2]!.comment, format === 'pcapng' ? 'step 2' : undefined);
  }
});

t.test('truncated file: every complete frame, then the truncation with its offset', async (t) => {
  const path = await tempCapture(t, 'pcapng');
  const full = readFileSync(path);
  const cutPath = `${path}.cut`;
  writeFileSync(cutPath, full.subarray(0, full.length - 10));
  const items = [];
  for await (const it of iterateCapture(cutPath)) items.push(it);
  const end = items[items.length - 1]!;
  t.equal(items.length, 5, '4 frames + summary');
  if (end.kind === 'end') {
    t.equal(end.summary.frames, 4);
    t.match(end.summary.stop, { kind: 'truncated', available: full.length - 10 - (end.summary.stop?.offset ?? 0) });
  }
  writeFileSync(cutPath, Buffer.from('hello, not a capture'));
  const s = await readCaptureFile(cutPath, { onFrame: () => undefined });
  t.match(s.stop, { kind: 'invalid', code: 'PC_ERR_DECODE_INVALID' });
  await t.rejects(readCaptureFile(join(tmpdir(), 'does-not-exist.pcap'), { onFrame: () => undefined }), ProvcertError);
});

t.test('capture stream parser: chunking never changes records (property, both formats)', async (t) => {
  for (const format of ['pcap', 'pcapng'] as const) {
    const bytes = new Uint8Array(readFileSync(await tempCapture(t, format)));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }), (sizes) => {
      const p = new CaptureStreamParser();
      const out = [];
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const n = sizes[i % sizes.length]!;
        out.push(...p.push(bytes.subarray(at, at + n)));
        at += n;
      }
      out.push(...p.end());
      const one = new CaptureStreamParser();
      t.same(normaliseBytes(out), normaliseBytes([...one.push(bytes), ...one.end()]));
      return true;
    }), { seed: SEED, numRuns: 40 });
  }
});

t.test('pipeline: undecodable frames still come out, with error code and offset', async (t) => {
  const p = new FramePipeline({ dissectors: new DissectorRegistry() });
  const bad = p.process(packet(Uint8Array.of(1, 2, 3)));
  t.match(bad, { frame: 1, error: { code: 'PC_ERR_DECODE_TRUNCATED', proto: 'ethernet', offset: 0 } });
  const unknownLink = p.process(packet(Uint8Array.of(1, 2, 3), 0n, { linkType: 999 }));
  t.match(unknownLink, { frame: 2, error: { code: 'PC_ERR_DECODE_INVALID', proto: 'link' } });
  const arp = p.process(packet(Uint8Array.from(Buffer.from('ffffffffffff0200000000010806000108000604000102', 'hex'))));
  t.match(arp.layers.other, { type: 0x0806 });
  t.equal(arp.error, undefined);
  const v6 = Uint8Array.from(Buffer.from(`ffffffffffff02000000000186dd6000000000083a40${'fe80'.padEnd(32, '0')}${'ff02'.padEnd(28, '0')}0001${'8000000000000000'}`, 'hex'));
  const six = p.process(packet(v6));
  t.match(six.layers, { ipv6: { nextHeader: 58, src: 'fe80::', dst: 'ff02::1' }, other: { note: /not decoded/ } });
  const badIp = udpFrame(1, 2, Uint8Array.of(0));
  badIp[14] = 0x35; // version 3
  t.match(p.process(packet(badIp)).error, { code: 'PC_ERR_DECODE_INVALID', proto: 'ipv4', offset: 14 });
});

t.test('dissector registry: first match wins, exceptions become message errors', async (t) => {
  const reg = new DissectorRegistry();
  reg.register({ name: 'boom', match: (c) => c.dstPort === 53, decode: () => { throw new Error('bug'); } });
  reg.register({ name: 'never', match: () => true, decode: () => ({ value: 1 }) });
  t.throws(() => reg.register({ name: 'boom', match: () => false, decode: () => ({ value: 0 }) }));
  const f = new FramePipeline({ dissectors: reg }).process(packet(udpFrame(1000, 53, Uint8Array.of(1))));
  t.match(f.messages[0], { dissector: 'boom', error: { code: 'PC_ERR_INTERNAL', message: 'bug' }, frames: [1] });
  t.same(reg.names, ['boom', 'never']);
});
