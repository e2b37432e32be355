/**
 * `provcert decode` as a command: exit codes 0/1/2, garbage inputs (one error line, no stack),
 * truncated captures (all complete frames, then a warning with the offset, exit 1), --json is
 * valid JSON, --dhcp-port, and bounded memory on a big file through a real pipe.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, hasStack } from '../helpers/cli.js';
import { CaptureFileWriter } from '../../lib/capture/write-file.js';
import { encode as encodeDhcp, opt } from '../../lib/codec/dhcp/index.js';
import { udpFrame, tcpFrame, TCP_FLAG } from '../capture/build.js';

const dir = mkdtempSync(join(tmpdir(), 'provcert-decode-cli-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const FIX = new URL('../fixtures/captures/', import.meta.url).pathname;
const enc = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

function dhcpDiscover(xid: number): Uint8Array {
  return encodeDhcp({ op: 1, htype: 1, hlen: 6, hops: 0, xid, secs: 0, flags: 0x8000, ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
    chaddr: Uint8Array.from([2, 0, 0, 0, 0, 1]), sname: new Uint8Array(64), file: new Uint8Array(128), cookie: 0x63825363, options: [opt.raw(53, [1]), opt.raw(66, enc('10.0.0.1\0'))] });
}

t.test('usage errors exit 2 with the usage hint', async (t) => {
  for (const argv of [['decode'], ['decode', 'a.pcap', 'b.pcap'], ['decode', '--bogus', 'x.pcap'], ['decode', '--dhcp-port', 'abc', 'x.pcap'], ['decode', '--dhcp-port', '70000', 'x.pcap']]) {
    const r = await runCli(argv);
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.stderr, /PC_ERR_USAGE/);
    t.notOk(hasStack(r.stderr + r.stdout));
  }
  const help = await runCli(['decode', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /--json/);
});

t.test('garbage input: one clear error line, exit 1, no stack', async (t) => {
  writeFileSync(join(dir, 'text.pcap'), 'this is not a capture file at all\n');
  writeFileSync(join(dir, 'empty.pcap'), '');
  writeFileSync(join(dir, 'short.pcap'), Buffer.from([0xd4, 0xc3]));
  mkdirSync(join(dir, 'a-dir.pcap'));
  const cases: [string, RegExp][] = [
    ['text.pcap', /PC_ERR_DECODE_INVALID.*not a pcap or pcapng capture.*magic/],
    ['empty.pcap', /PC_ERR_DECODE_TRUNCATED.*not a pcap or pcapng capture/],
    ['short.pcap', /PC_ERR_DECODE_TRUNCATED.*not a pcap or pcapng capture/],
    ['a-dir.pcap', /PC_ERR_IO.*not a regular file/],
    ['missing.pcap', /PC_ERR_IO.*ENOENT/],
  ];
  for (const [name, re] of cases) {
    for (const json of [false, true]) {
      const r = await runCli(['decode', ...(json ? ['--json'] : []), name], { cwd: dir });
      t.equal(r.code, 1, `${name}${json ? ' --json' : ''}: exit 1`);
      t.match(r.stderr, re, `${name}: ${r.stderr.trim()}`);
      t.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line`);
      t.equal(r.stdout, '', `${name}: nothing on stdout`);
      t.notOk(hasStack(r.stderr + r.stdout));
    }
  }
});

t.test('a good capture: exit 0, text lines and valid JSON with the same frames', async (t) => {
  const file = join(FIX, 'zeek/dhcp.pcap');
  const text = await runCli(['decode', file]);
  t.equal(text.code, 0);
  const lines = text.stdout.trim().split('\n');
  t.equal(lines.length, 9);
  t.match(lines[0], /^\s*1 0\.000000000 .* DHCP \d+ 68 → 67 DHCP\w+ xid 0x[0-9a-f]{8}/);
  const json = await runCli(['decode', '--json', file]);
  t.equal(json.code, 0);
  const records = JSON.parse(json.stdout) as { frame: number; time: string; app: { proto: string; fields: { xid: string } }[] }[];
  t.same(records.map((r) => r.frame), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.ok(records.every((r) => /^\d+\.\d{9}$/.test(r.time)), 'ns epoch strings');
  t.ok(records.every((r) => r.app[0]?.proto === 'dhcp' && /^0x[0-9a-f]{8}$/.test(r.app[0].fields.xid)));
});

t.test('a truncated capture: every complete frame, then a warning with the offset, exit 1', async (t) => {
  const file = join(dir, 'cut.pcap');
  copyFileSync(join(FIX, 'suricata-verify/tftp-wrq.pcap'), file);
  const size = statSync(file).size;
  truncateSync(file, size - 10);
  for (const json of [false, true]) {
    const r = await runCli(['decode', ...(json ? ['--json'] : []), file]);
    t.equal(r.code, 1);
    t.match(r.stderr, /warning: .*cut\.pcap: truncated at offset \d+ after 99 frames/);
    t.notOk(hasStack(r.stderr));
    if (json) t.equal((JSON.parse(r.stdout) as unknown[]).length, 99, 'valid JSON with the 99 complete frames');
    else t.equal(r.stdout.trim().split('\n').length, 99);
  }
});

t.test('undecodable frames are kept with code and offset; --dhcp-port adds DHCP ports', async (t) => {
  const file = join(dir, 'mixed.pcapng');
  const w = new CaptureFileWriter(file, { format: 'pcapng', interfaces: [{ linkType: 1 }] });
  await w.write({ ts: 1_000_000_000_123_456_789n, data: udpFrame(6768, 6767, dhcpDiscover(0x1234abcd)) });
  await w.write({ ts: 1_000_000_001_000_000_000n, data: udpFrame(68, 67, new Uint8Array(20)) }); // too short for BOOTP
  await w.write({ ts: 1_000_000_002_000_000_000n, data: udpFrame(40000, 69, Uint8Array.from([0, 1, 0x61])) }); // RRQ without NULs
  await w.write({ ts: 1_000_000_003_000_000_000n, data: new Uint8Array(5) }); // not even Ethernet
  await w.close();
  const plain = JSON.parse((await runCli(['decode', '--json', file])).stdout) as { app: { proto: string; error?: { code: string; offset: number } }[]; error?: { code: string } }[];
  t.same(plain[0]!.app, [], 'port 6767 is not DHCP by default');
  t.match(plain[1]!.app, [{ proto: 'dhcp', error: { code: /^PC_ERR_DECODE_/, offset: Number } }]);
  t.match(plain[2]!.app, [{ proto: 'tftp', error: { code: /^PC_ERR_DECODE_/, offset: Number } }]);
  t.match(plain[3], { error: { code: /^PC_ERR_DECODE_/ } });
  const r = await runCli(['decode', '--json', '--dhcp-port', '6767', file]);
  t.equal(r.code, 0, 'undecodable frames do not fail the command');
  const withPort = JSON.parse(r.stdout) as { time: string; relative: string; app: { proto: string; fields?: { xid: string } }[] }[];
  t.match(withPort[0]!, { time: '1000000000.123456789', relative: '0.000000000', app: [{ proto: 'dhcp', fields: { xid: '0x1234abcd' } }] });
  t.equal(withPort[1]!.relative, '0.876543211');
  const text = await runCli(['decode', file]);
  t.match(text.stdout, /undecodable: PC_ERR_DECODE_\w+ at offset \d+/);
});

function runChild(args: string[]): Promise<{ code: number; bytes: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import=@tapjs/typescript/import', new URL('../decode/run-cli.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => { bytes += d.length; });
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    c.on('error', reject);
    c.on('close', (code) => resolve({ code: code ?? -1, bytes, stderr }));
  });
}

t.test('a big capture streams through a pipe with bounded memory', async (t) => {
  const big = join(dir, 'big.pcap');
  const w = new CaptureFileWriter(big, { format: 'pcap', linkType: 1 });
  const sip = enc(`NOTIFY sip:p@10.77.0.2 SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 NOTIFY\r\nEvent: resync\r\nContent-Length: 0\r\n\r\n${' '.repeat(0)}`);
  const body = 'X'.repeat(1300);
  let ts = 1_700_000_000_000_000_000n;
  let seq = 1;
  await w.write({ ts, data: tcpFrame({ from: 'a', seq: 0, flags: TCP_FLAG.SYN }, [40000, 80]) });
  for (let i = 0; i < 8_000; i++) {
    ts += 1000n;
    if (i % 2 === 0) await w.write({ ts, data: udpFrame(5060, 5060, sip, i & 0xffff) });
    else {
      const req = enc(`POST /acs HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      await w.write({ ts, data: tcpFrame({ from: 'a', seq, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, payload: req }, [40000, 80]) });
      seq += req.length;
    }
  }
  await w.close();
  const mb = statSync(big).size / 1e6;
  const small = await runChild(['decode', '--json', join(FIX, 'zeek/dhcp.pcap')]);
  const t0 = Date.now();
  const r = await runChild(['decode', '--json', big]);
  const secs = (Date.now() - t0) / 1000;
  t.equal(r.code, 0, r.stderr.split('\n')[0]);
  const rss = (s: string): number => Number(/maxrss-kib (\d+)/.exec(s)?.[1] ?? NaN) / 1024;
  const growth = rss(r.stderr) - rss(small.stderr);
  t.comment(`${mb.toFixed(1)} MB capture, ${(r.bytes / 1e6).toFixed(1)} MB of JSON in ${secs.toFixed(1)} s; peak RSS ${rss(r.stderr).toFixed(0)} MB vs ${rss(small.stderr).toFixed(0)} MB for a tiny file`);
  t.ok(r.bytes > 2 * mb * 1e6 / 10, 'the JSON was written');
  t.ok(growth < 64, `peak RSS grows by ${growth.toFixed(0)} MB (< 64 MB) for a ${mb.toFixed(0)} MB file`);
});
