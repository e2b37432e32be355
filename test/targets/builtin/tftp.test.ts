import t, { type Test } from 'tap';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tftpCodec, type TftpOption, type TftpPacket } from '../../../lib/codec/tftp/index.js';
import { FileStore } from '../../../lib/targets/builtin/content.js';
import { negotiate } from '../../../lib/targets/builtin/tftp-negotiate.js';
import { startTftp } from '../../../lib/targets/builtin/tftp-server.js';

/** Async: the server under test runs in this process, a sync exec would block it. */
const run = promisify(execFile);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const FILES = new Map<string, Uint8Array>([
  ['small.xml', new TextEncoder().encode('<flat-profile><GPP_A>x</GPP_A></flat-profile>\n')],
  ['exact1024.bin', bytes(1024)],
  ['big.bin', bytes(5000)],
  ['dir/CP-8841-3PCC.xml', bytes(700, 3)],
]);
const LIMITS = { maxBlksize: 1468, maxWindowsize: 4, defaultTimeoutMs: 300 };

async function server(t: Test, maxTries = 4) {
  const lines: string[] = [];
  const s = await startTftp({ bind: '127.0.0.1', port: 0, store: new FileStore(FILES), limits: LIMITS, maxTries, log: (_x, l) => lines.push(l) });
  t.teardown(() => s.stop());
  return { port: s.port, lines };
}

/** A scripted client on our TFTP codec: records every packet with its source. */
async function client(t: Test) {
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => sock.close(() => r())));
  const inbox: { p: TftpPacket; from: RemoteInfo; at: number }[] = [];
  const waiters: (() => void)[] = [];
  sock.on('message', (b, from) => {
    inbox.push({ p: tftpCodec.decode(b).value, from, at: Date.now() });
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (ms = 3000) => {
    const until = Date.now() + ms;
    while (inbox.length === 0) {
      if (Date.now() > until) throw new Error('no packet in time');
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50); });
    }
    return inbox.shift()!;
  };
  const send = (p: TftpPacket, port: number) => sock.send(tftpCodec.encode(p), port, '127.0.0.1');
  return { sock, next, send, inbox };
}

/** Full download with our client; returns the bytes, the packets seen and the OACK if any. */
async function download(t: Test, port: number, filename: string, options: TftpOption[] = []) {
  const c = await client(t);
  c.send({ opcode: 'RRQ', filename, mode: 'octet', options }, port);
  let oack: TftpOption[] | undefined;
  const chunks: Uint8Array[] = [];
  const sizes: number[] = [];
  let tid: number | undefined;
  for (let i = 0; i < 1000; i++) {
    const { p, from } = await c.next();
    tid ??= from.port;
    if (p.opcode === 'OACK') { oack = [...p.options]; c.send({ opcode: 'ACK', block: 0 }, from.port); continue; }
    if (p.opcode === 'ERROR') return { error: p, tid };
    if (p.opcode !== 'DATA') throw new Error(`unexpected ${p.opcode}`);
    chunks.push(p.data);
    sizes.push(p.data.length);
    c.send({ opcode: 'ACK', block: p.block }, from.port);
    const bs = Number(oack?.find((o) => o.name.toLowerCase() === 'blksize')?.value ?? 512);
    if (p.data.length < bs) break;
  }
  return { data: Buffer.concat(chunks), sizes, oack, tid };
}

t.test('negotiation: never larger than requested, unknown and bad options omitted, tsize answered (TFTP-009, 011, 012)', async (t) => {
  const n = negotiate([{ name: 'BLKSIZE', value: '9000' }, { name: 'tsize', value: '0' }, { name: 'color', value: 'red' }, { name: 'timeout', value: '0' }, { name: 'windowsize', value: '8' }], 1234, LIMITS);
  t.strictSame(n.oack, [{ name: 'BLKSIZE', value: '1468' }, { name: 'tsize', value: '1234' }, { name: 'windowsize', value: '4' }]);
  t.equal(n.blksize, 1468);
  t.equal(n.ignored.length, 2);
  t.strictSame(negotiate([{ name: 'blksize', value: '1024' }], 1, LIMITS).oack, [{ name: 'blksize', value: '1024' }]);
  t.strictSame(negotiate([{ name: 'x', value: '1' }], 1, LIMITS).oack, [], 'nothing accepted: no OACK');
});

t.test('RRQ: DATA from a new TID, 512-byte blocks, final empty block for an exact multiple (TFTP-005, TFTP-006)', async (t) => {
  const s = await server(t);
  const r = await download(t, s.port, 'exact1024.bin');
  t.not(r.tid, s.port, 'TFTP-005 new TID');
  t.strictSame(r.sizes, [512, 512, 0], 'TFTP-006 final empty block');
  t.ok(Buffer.from(r.data!).equals(Buffer.from(FILES.get('exact1024.bin')!)));
  const sub = await download(t, s.port, '/dir/CP-8841-3PCC.xml');
  t.equal(sub.data?.length, 700, 'leading slash and sub-folders');
});

t.test('OACK with blksize/tsize, unknown option omitted; data never exceeds blksize', async (t) => {
  const s = await server(t);
  const r = await download(t, s.port, 'big.bin', [{ name: 'blksize', value: '1024' }, { name: 'tsize', value: '0' }, { name: 'frobnicate', value: '1' }]);
  t.strictSame(r.oack, [{ name: 'blksize', value: '1024' }, { name: 'tsize', value: '5000' }]);
  t.ok(r.sizes!.every((x) => x <= 1024));
  t.equal(r.data?.length, 5000);
});

t.test('errors: missing file ERROR 1, traversal ERROR 2, WRQ ERROR 2, mail mode ERROR 4 (TFTP-007)', async (t) => {
  const s = await server(t);
  const c = await client(t);
  const cases: [TftpPacket, number][] = [
    [{ opcode: 'RRQ', filename: 'nope.xml', mode: 'octet', options: [] }, 1],
    [{ opcode: 'RRQ', filename: '../etc/passwd', mode: 'octet', options: [] }, 2],
    [{ opcode: 'RRQ', filename: 'dir/../../x', mode: 'octet', options: [] }, 2],
    [{ opcode: 'WRQ', filename: 'up.xml', mode: 'octet', options: [] }, 2],
    [{ opcode: 'RRQ', filename: 'small.xml', mode: 'mail', options: [] }, 4],
  ];
  for (const [p, code] of cases) {
    c.send(p, s.port);
    const { p: answer } = await c.next();
    t.equal(answer.opcode === 'ERROR' ? answer.code : -1, code, `${p.opcode} ${'filename' in p ? p.filename : ''} -> ERROR ${code}`);
  }
});

t.test('withheld ACK: DATA 1 is sent again after the timeout, bounded (TFTP-010)', async (t) => {
  const s = await server(t, 3);
  const c = await client(t);
  c.send({ opcode: 'RRQ', filename: 'big.bin', mode: 'octet', options: [{ name: 'timeout', value: '1' }] }, s.port);
  const first = await c.next();
  t.equal(first.p.opcode, 'OACK');
  c.send({ opcode: 'ACK', block: 0 }, first.from.port);
  const d1 = await c.next();
  t.match(d1.p, { opcode: 'DATA', block: 1 });
  const again = await c.next(2500);
  t.match(again.p, { opcode: 'DATA', block: 1 }, 'block 1 again');
  const gap = again.at - d1.at;
  t.ok(gap >= 900 && gap < 2000, `resent after the negotiated 1 s timeout (${gap} ms)`);
  const third = await c.next(2500);
  t.match(third.p, { opcode: 'DATA', block: 1 });
  await new Promise((r) => setTimeout(r, 1300));
  t.equal(c.inbox.length, 0, 'no fourth send: maxTries = 3');
  t.ok(s.lines.some((l) => /abandoned/.test(l)), 'abandon logged');
  // A duplicate ACK never triggers a resend (Sorcerer's Apprentice).
  const c2 = await client(t);
  c2.send({ opcode: 'RRQ', filename: 'big.bin', mode: 'octet', options: [] }, s.port);
  const a = await c2.next();
  c2.send({ opcode: 'ACK', block: 1 }, a.from.port);
  const b = await c2.next();
  t.match(b.p, { opcode: 'DATA', block: 2 });
  c2.send({ opcode: 'ACK', block: 1 }, a.from.port);
  await new Promise((r) => setTimeout(r, 150));
  t.equal(c2.inbox.length, 0, 'duplicate ACK 1 ignored');
});

t.test('a packet from a foreign TID gets ERROR 5 and the transfer goes on', async (t) => {
  const s = await server(t);
  const c = await client(t);
  const intruder = await client(t);
  c.send({ opcode: 'RRQ', filename: 'big.bin', mode: 'octet', options: [] }, s.port);
  const d1 = await c.next();
  intruder.send({ opcode: 'ACK', block: 1 }, d1.from.port);
  const err = await intruder.next();
  t.match(err.p, { opcode: 'ERROR', code: 5 });
  c.send({ opcode: 'ACK', block: 1 }, d1.from.port);
  t.match((await c.next()).p, { opcode: 'DATA', block: 2 });
});

t.test('windowsize 4: blocks come four at a time (RFC 7440)', async (t) => {
  const s = await server(t);
  const c = await client(t);
  c.send({ opcode: 'RRQ', filename: 'big.bin', mode: 'octet', options: [{ name: 'windowsize', value: '4' }] }, s.port);
  const o = await c.next();
  c.send({ opcode: 'ACK', block: 0 }, o.from.port);
  const got = [];
  for (let i = 0; i < 4; i++) got.push((await c.next()).p);
  t.strictSame(got.map((p) => (p.opcode === 'DATA' ? p.block : -1)), [1, 2, 3, 4]);
});

t.test('tftp-hpa client downloads', { skip: has('tftp') ? false : 'tftp (tftp-hpa) not installed' }, async (t) => {
  const s = await server(t);
  const dir = mkdtempSync(join(tmpdir(), 'pc-tftp-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'big.bin');
  await run('tftp', ['-m', 'binary', '127.0.0.1', String(s.port), '-c', 'get', 'big.bin', out], { timeout: 10000 });
  t.ok(readFileSync(out).equals(Buffer.from(FILES.get('big.bin')!)));
});

t.test('curl --tftp-blksize downloads with negotiation', { skip: has('curl') ? false : 'curl not installed' }, async (t) => {
  const s = await server(t);
  const { stdout } = await run('curl', ['-sS', '--max-time', '10', '--tftp-blksize', '1024', `tftp://127.0.0.1:${s.port}/big.bin`], { encoding: 'buffer' });
  t.ok(stdout.equals(Buffer.from(FILES.get('big.bin')!)));
  t.ok(s.lines.some((l) => /blksize=1024/.test(l)), 'blksize 1024 negotiated');
  const r = await run('curl', ['-sS', '--max-time', '10', `tftp://127.0.0.1:${s.port}/missing.xml`]).then(() => undefined, (e: { code?: number; stderr?: string }) => e);
  t.ok(r && r.code !== 0, 'missing file fails the client');
  // curl exit code 68 is CURLE_TFTP_NOTFOUND: it read our ERROR 1.
  t.equal(r?.code, 68, 'curl says TFTP file not found (68)');
});
