/**
 * Memory bound: a 200 MB capture written to a temp dir is streamed frame by frame while heap plus
 * ArrayBuffer use stays far below the file size (the reader never holds the whole file).
 */
import t from 'tap';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CaptureFileWriter } from '../../lib/capture/write-file.js';
import { iterateCapture } from '../../lib/capture/read-file.js';
import { tcpFrame, TCP_FLAG, udpFrame } from './build.js';

const TARGET_BYTES = 200 * 1024 * 1024;
/** Retained (post-GC) growth allowed: a few chunks, reassembly state and V8 noise. */
const BOUND_BYTES = 32 * 1024 * 1024;

// Measure what is retained, not garbage awaiting collection: get a gc() handle at run time.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const used = (): number => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };

t.test('streaming a 200 MB pcapng keeps memory bounded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-mem-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'big.pcapng');
  const w = new CaptureFileWriter(file, { format: 'pcapng', interfaces: [{ linkType: 1 }] });
  const body = new Uint8Array(1400).map((_, i) => i & 0xff);
  const udp = udpFrame(5000, 514, body);
  let written = 0;
  let n = 0;
  let seq = 1000;
  await w.write({ ts: 1n, data: tcpFrame({ from: 'a', seq: seq - 1, flags: TCP_FLAG.SYN }) });
  while (written < TARGET_BYTES) {
    // Alternate UDP datagrams and in-order TCP segments of one long stream.
    const data = n % 2 === 0 ? udp : tcpFrame({ from: 'a', seq, flags: TCP_FLAG.ACK, payload: body });
    if (n % 2 === 1) seq = (seq + body.length) >>> 0;
    await w.write({ ts: BigInt(n) * 1000n + 2n, data });
    written += data.length + 32;
    n++;
  }
  await w.close();
  t.ok(statSync(file).size >= TARGET_BYTES, `file is ${(statSync(file).size / 1048576).toFixed(0)} MB`);

  const base = used();
  let peak = 0;
  let frames = 0;
  let delivered = 0;
  const started = process.hrtime.bigint();
  for await (const item of iterateCapture(file)) {
    if (item.kind === 'end') {
      t.equal(item.summary.frames, n + 1);
      t.equal(item.summary.stop, undefined);
      continue;
    }
    frames++;
    delivered += item.frame.messages.reduce((s, m) => s + m.bytes.length, 0);
    if (frames % 10000 === 0) peak = Math.max(peak, used() - base);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  t.equal(frames, n + 1);
  t.equal(delivered, n * body.length, 'every UDP payload and TCP byte delivered once');
  t.ok(peak < BOUND_BYTES, `peak growth ${(peak / 1048576).toFixed(1)} MB < ${BOUND_BYTES / 1048576} MB while streaming ${frames} frames in ${seconds.toFixed(1)} s (${(TARGET_BYTES / 1048576 / seconds).toFixed(0)} MB/s)`);
});
