/**
 * The builtin child's control socket in isolation (a Unix socket in a temp dir, no lab): put-file
 * swaps what the store serves, log-since returns the request lines after a mark, bounds and bad
 * requests answer an error instead of killing the server.
 */
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { createConnection } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTROL_LINE_MAX, PUT_FILE_MAX_BYTES, RequestLog, callControl, controlRequest, putFileKey, putServedFile, readRequestLog, serveControl,
} from '../../../lib/targets/builtin/control.js';
import { FileStore } from '../../../lib/targets/builtin/content.js';

async function started(t: Test, notify: (r: { phoneMac: string }) => Promise<number> = async () => 200) {
  const dir = mkdtempSync(join(tmpdir(), 'pc-control-'));
  const path = join(dir, 'control.sock');
  const files = new Map<string, Uint8Array>([['a.xml', new TextEncoder().encode('<old/>')]]);
  const log = new RequestLog(50);
  const server = await serveControl(path, { notify, files, log });
  t.teardown(() => new Promise<void>((r) => server.close(() => { rmSync(dir, { recursive: true, force: true }); r(); })));
  return { path, files, log, store: new FileStore(files) };
}

/** Sends raw text and returns the first answer line. */
function raw(path: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = createConnection(path, () => c.write(text));
    let buf = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { c.destroy(); resolve(buf.slice(0, nl)); }
    });
    c.on('error', reject);
    c.on('close', () => resolve(buf));
  });
}

t.test('RequestLog: marks, pages and the bound (property, fixed seed)', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 10 }), (keep, n, mark, max) => {
    const log = new RequestLog(keep);
    for (let i = 1; i <= n; i++) log.append(`line ${i}`);
    if (log.mark !== n) return false;
    const page = log.since(mark, max);
    // Expected: lines mark+1..n, of which those older than n-keep+1 are dropped.
    const firstKept = Math.max(1, n - keep + 1);
    const from = Math.max(mark + 1, firstKept);
    const want = [];
    for (let i = from; i <= n && want.length < max; i++) want.push(`line ${i}`);
    return JSON.stringify(page.lines) === JSON.stringify(want) && page.dropped === Math.max(0, Math.min(firstKept, n + 1) - (mark + 1))
      && page.next === from + want.length - 1 && page.more === (page.next < n);
  }), { seed: 20260207, numRuns: 500 });
  t.pass('since() agrees with the arithmetic of marks');
});

t.test('put-file swaps what the store serves and returns the log mark at the swap', async (t) => {
  const s = await started(t);
  s.log.append('before 1');
  s.log.append('before 2');
  const bytes = new Uint8Array([0, 1, 2, 0xff, 0x3c, 0x0a]);
  const mark = await putServedFile(s.path, '/a.xml', bytes, 2000);
  t.equal(mark, 2, 'mark = the last line before the swap');
  const got = s.store.lookup('a.xml');
  t.same(got.kind === 'file' ? [...got.bytes] : got, [...bytes], 'the store now serves the new bytes');
  await putServedFile(s.path, 'cfg/new.xml', new Uint8Array(0), 2000);
  t.equal(s.store.lookup('/cfg/new.xml').kind, 'file', 'a new (empty) file is put');
  s.log.append('GET /a.xml -> 200');
  const page = await readRequestLog(s.path, mark, 2000);
  t.same(page.lines, ['GET /a.xml -> 200'], 'log-since returns only what came after the mark');
  t.equal(page.dropped, 0);
});

t.test('log-since pages through more than one answer and reports dropped lines', async (t) => {
  const s = await started(t);
  for (let i = 1; i <= 120; i++) s.log.append(`l${i}`);
  const all = await readRequestLog(s.path, 0, 2000);
  t.equal(all.dropped, 70, 'keep=50: lines 1..70 fell out');
  t.same(all.lines, Array.from({ length: 50 }, (_, i) => `l${i + 71}`));
  t.equal(all.next, 120);
});

t.test('bounds and bad requests get an error answer, the server keeps serving', async (t) => {
  const s = await started(t);
  for (const p of ['../etc/passwd', 'a/../../b', '', 'x\0y', '_routes.json', '_clear/a.xml', 'C:/x', 'a//b']) {
    await t.rejects(putServedFile(s.path, p, new Uint8Array(1), 2000), { code: 'PC_ERR_TARGET' }, `path '${p.replace('\0', '\\0')}' refused`);
  }
  t.same(putFileKey('/00562b043615.xml'), { key: '00562b043615.xml' });
  await t.rejects(controlRequest(s.path, { type: 'put-file', path: 'a.xml', base64: 'not base64!' }, 2000), /standard padded base64/);
  await t.rejects(putServedFile(s.path, 'big.xml', new Uint8Array(PUT_FILE_MAX_BYTES + 1), 5000), /over the \d+-byte bound/);
  t.equal(s.files.has('big.xml'), false, 'nothing is put when refused');
  t.match(JSON.parse(await raw(s.path, 'nonsense\n')), { ok: false, error: /JSON/ });
  t.match(JSON.parse(await raw(s.path, '{"id":7,"type":"format-disk"}\n')), { id: 7, ok: false, error: /unknown action/ });
  t.match(JSON.parse(await raw(s.path, '{"id":8,"type":"log-since","mark":"x"}\n')), { id: 8, ok: false });
  t.match(JSON.parse(await raw(s.path, `${'x'.repeat(CONTROL_LINE_MAX + 10)}`)), { ok: false, error: /over \d+ characters/ }, 'an endless line is cut off');
  t.equal(await callControl(s.path, { type: 'notify-resync', phoneMac: '00562b043615', phoneSip: 'sip:1@127.0.0.1' }, 2000), 200, 'notify-resync still answers');
  const big = new Uint8Array(PUT_FILE_MAX_BYTES).map((_, i) => i & 0xff);
  await putServedFile(s.path, 'a.xml', big, 10_000);
  t.equal(s.files.get('a.xml')?.length, PUT_FILE_MAX_BYTES, 'a file at the bound is accepted whole');
});

t.test('the parent side fails with a ProvcertError when nobody listens or nobody answers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-control-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await t.rejects(readRequestLog(join(dir, 'none.sock'), 0, 500), { code: 'PC_ERR_TARGET' });
  const slow = join(dir, 'slow.sock');
  const server = await serveControl(slow, { notify: () => new Promise(() => undefined) });
  t.teardown(() => server.close());
  await t.rejects(callControl(slow, { type: 'notify-resync', phoneMac: 'x', phoneSip: 'y' }, 200), /no answer to notify-resync within 200 ms/);
  await t.rejects(putServedFile(slow, 'a.xml', new Uint8Array(1), 500), /no writable content/);
});
