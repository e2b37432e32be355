/**
 * TFTP servers for client tests: tftpd-hpa (in.tftpd) on a loopback high port, and a tiny
 * scripted server written with our codec for what tftpd-hpa cannot do (RFC 7440 windowsize,
 * a datagram from a foreign TID, an ignored first RRQ).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { decode, encode, numericOption } from '../../../../lib/codec/tftp/index.js';

function bound(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => { s.close(); resolve(true); });
    s.bind({ address: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(false)));
  });
}

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

export interface TftpdHpa { port: number; dir: string; stop(): Promise<void> }

export async function startTftpdHpa(files: Record<string, Uint8Array>): Promise<TftpdHpa> {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-tftp-'));
  chmodSync(dir, 0o755);
  for (const [name, data] of Object.entries(files)) { writeFileSync(join(dir, name), data); chmodSync(join(dir, name), 0o644); }
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'nobody' : userInfo().username;
  const child: ChildProcess = spawn('in.tftpd', ['-L', '-a', `127.0.0.1:${port}`, '-s', dir, '-u', user], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await bound(port)); i++) await new Promise((r) => setTimeout(r, 20));
  return {
    port, dir,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface MiniTftp { port: number; rrqs: number; acks: number[]; close(): Promise<void> }

/** One transfer at a time; supports blksize/windowsize; scripted misbehaviour for client tests. */
export async function startMiniTftp(data: Uint8Array, o: { ignoreRrqs?: number; foreignAfterBlock?: number } = {}): Promise<MiniTftp> {
  const listen = createSocket('udp4');
  await new Promise<void>((r) => listen.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  const state: MiniTftp = { port: listen.address().port, rrqs: 0, acks: [], close: async () => {} };
  let ignore = o.ignoreRrqs ?? 0;
  const sockets: Socket[] = [listen];
  listen.on('message', async (buf, rinfo) => {
    const p = decode(new Uint8Array(buf)).value;
    if (p.opcode !== 'RRQ') return;
    state.rrqs++;
    if (ignore-- > 0) return;
    const s = createSocket('udp4');
    sockets.push(s);
    await new Promise<void>((r) => s.bind({ address: '127.0.0.1', port: 0 }, () => r()));
    const blksize = numericOption(p.options, 'blksize') ?? 512;
    const windowsize = numericOption(p.options, 'windowsize') ?? 1;
    const blocks = Math.floor(data.length / blksize) + 1;
    const sendBlock = (n: number) => s.send(encode({ opcode: 'DATA', block: n & 0xffff, data: data.subarray((n - 1) * blksize, n * blksize) }), rinfo.port, rinfo.address);
    const sendWindow = (from: number) => { for (let n = from; n < from + windowsize && n <= blocks; n++) sendBlock(n); };
    s.on('message', (ab) => {
      const a = decode(new Uint8Array(ab)).value;
      if (a.opcode !== 'ACK') return;
      state.acks.push(a.block);
      if (o.foreignAfterBlock === a.block) {
        const f = createSocket('udp4');
        sockets.push(f);
        f.bind({ address: '127.0.0.1', port: 0 }, () => f.send(encode({ opcode: 'DATA', block: a.block + 1, data: new Uint8Array(3) }), rinfo.port, rinfo.address));
      }
      if (a.block < blocks) sendWindow(a.block + 1);
    });
    if (p.options.length) {
      const opts = p.options.filter((x) => ['blksize', 'windowsize'].includes(x.name.toLowerCase()));
      s.send(encode({ opcode: 'OACK', options: opts }), rinfo.port, rinfo.address);
    } else sendWindow(1);
  });
  state.close = async () => { await Promise.all(sockets.map((s) => new Promise<void>((r) => { try { s.close(() => r()); } catch { r(); } }))); };
  return state;
}
