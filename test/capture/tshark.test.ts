/**
 * tshark is the reference decoder: for every fixture capture and for files we write ourselves
 * (pcap µs/ns/big-endian, pcapng with comments, several link types and sections, and their
 * editcap conversions) frame numbers, timestamps to the ns, lengths, comments and the
 * link/IP/UDP/TCP fields must match, and tshark must read our files without a complaint.
 */
import t, { type Test } from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iterateFrames } from '../../lib/capture/read-file.js';
import { CaptureFileWriter } from '../../lib/capture/write-file.js';
import { formatEpochNs } from '../../lib/codec/pcap/timestamp.js';
import type { FrameRecord } from '../../lib/capture/frame.js';
import { sll, sll2 } from '../../lib/codec/link/sll.js';
import { ipv4 } from '../../lib/codec/ipv4/ipv4.js';
import { ethFrame, fragments, ipPacket, tcpFrame, TCP_FLAG, udpBytes, udpFrame } from './build.js';

const missing = spawnSync('tshark', ['-v']).status !== 0 || spawnSync('editcap', ['-h']).status !== 0;
const FIXTURES = new URL('../fixtures/captures/', import.meta.url).pathname;

const FIELDS = ['frame.number', 'frame.time_epoch', 'frame.cap_len', 'frame.len', 'frame.comment', 'eth.src', 'eth.dst', 'ieee8021ad.id', 'vlan.id', 'sll.pkttype', 'sll.etype', 'sll.ifindex',
  'ip.src', 'ip.dst', 'ip.proto', 'ip.id', 'ip.flags', 'ip.frag_offset', 'udp.srcport', 'udp.dstport', 'tcp.srcport', 'tcp.dstport'] as const;

function tshark(file: string): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...FIELDS.flatMap((f) => ['-e', f])];
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

const hex = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}`;

/** Our frame in tshark's field syntax. */
function ours(f: FrameRecord): string[] {
  const l = f.layers.link;
  const ip = f.layers.ipv4;
  const sllLayer = l && (l.kind === 'sll' || l.kind === 'sll2') ? l : undefined;
  return [
    String(f.frame), formatEpochNs(f.tsNs), String(f.caplen), String(f.origlen), f.comments.join(','),
    l?.kind === 'ethernet' ? l.src : '', l?.kind === 'ethernet' ? l.dst : '', l?.kind === 'ethernet' ? l.vlans.filter((v) => v.tpid !== 0x8100).map((v) => v.vid).join(',') : '', l?.kind === 'ethernet' ? l.vlans.filter((v) => v.tpid === 0x8100).map((v) => v.vid).join(',') : '',
    sllLayer ? String(sllLayer.packetType) : '', sllLayer ? hex(sllLayer.protocol, 4) : '', sllLayer?.kind === 'sll2' ? String(sllLayer.interfaceIndex) : '',
    ip?.src ?? '', ip?.dst ?? '', ip ? String(ip.protocol) : '', ip ? hex(ip.id, 4) : '',
    ip ? hex((ip.flags.reserved ? 4 : 0) | (ip.flags.dontFragment ? 2 : 0) | (ip.flags.moreFragments ? 1 : 0), 2) : '', ip ? String(ip.fragmentOffset) : '', // tshark 4.0 shows 8-octet units
    f.layers.udp ? String(f.layers.udp.srcPort) : '', f.layers.udp ? String(f.layers.udp.dstPort) : '',
    f.layers.tcp ? String(f.layers.tcp.srcPort) : '', f.layers.tcp ? String(f.layers.tcp.dstPort) : '',
  ];
}

async function compare(t: Test, file: string, ignore: readonly string[] = []): Promise<void> {
  const ref = tshark(file);
  const mine: string[][] = [];
  for await (const f of iterateFrames(file)) mine.push(ours(f));
  t.equal(mine.length, ref.length, `${file}: frame count`);
  let diffs = 0;
  for (let i = 0; i < Math.min(mine.length, ref.length); i++) {
    FIELDS.forEach((name, k) => {
      if (ignore.includes(name)) return;
      const want = ref[i]![k] ?? '';
      if (mine[i]![k] !== want && diffs++ < 10) t.equal(mine[i]![k], want, `${file} frame ${i + 1} ${name}: ours "${mine[i]![k]}", tshark "${want}"`);
    });
  }
  t.equal(diffs, 0, `${file}: every field of every frame equals tshark's`);
}

function tsharkQuiet(t: Test, file: string): void {
  const r = spawnSync('tshark', ['-r', file], { encoding: 'utf8' });
  const stderr = r.stderr.split('\n').filter((l) => l && !/^Running as user "root"/.test(l)).join('\n');
  t.equal(r.status, 0, `tshark -r ${file} exits 0`);
  t.equal(stderr, '', `tshark -r ${file}: nothing on stderr`);
}


t.test('tshark agrees on every fixture capture', { skip: missing ? 'tshark/editcap not installed' : false }, async (t) => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pcap')).sort();
  t.ok(files.length >= 20, `${files.length} fixtures`);
  for (const f of files) await compare(t, join(FIXTURES, f));
});

t.test('tshark reads our pcap and pcapng files and agrees with our reader (also after editcap)', { skip: missing ? 'tshark/editcap not installed' : false }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-tshark-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const base = 1_764_000_000_000_000_000n;
  const enc = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s));
  const big = udpBytes(5555, 514, new Uint8Array(3000).map((_, i) => 65 + (i % 26)));
  const frags = fragments(17, big, 1480, 0x4242);
  const ethFrames: Uint8Array[] = [
    udpFrame(68, 67, enc('dhcp-ish'), 1),
    ethFrame(ipPacket({ protocol: 17, id: 2, payload: udpBytes(5060, 5060, enc('OPTIONS sip:x SIP/2.0\r\n\r\n')) }), [{ tpid: 0x8100, pcp: 3, dei: false, vid: 100 }]),
    ethFrame(ipPacket({ protocol: 17, id: 3, payload: udpBytes(69, 1069, enc('tftp')) }), [{ tpid: 0x88a8, pcp: 0, dei: false, vid: 200 }, { tpid: 0x8100, pcp: 5, dei: true, vid: 10 }]),
    frags[2]!, frags[0]!, frags[1]!, // out of order: reassembled in the third of them
    tcpFrame({ from: 'a', seq: 1, flags: TCP_FLAG.SYN }),
    tcpFrame({ from: 'b', seq: 900, ack: 2, flags: TCP_FLAG.SYN | TCP_FLAG.ACK }),
    tcpFrame({ from: 'a', seq: 2, ack: 901, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, payload: enc('REGISTER sip:x SIP/2.0\r\n') }),
  ];
  const ts = (i: number): bigint => base + BigInt(i) * 1_000_000_123n + 7n;
  const comments = (i: number): string[] => (i % 3 === 0 ? [`step ${i}: stimulus`] : i === 4 ? ['two', 'comments'] : []);

  const files: Record<string, string> = {};
  const write = async (name: string, opts: ConstructorParameters<typeof CaptureFileWriter>[1], pkts: { data: Uint8Array; comments?: string[]; interfaceId?: number; origlen?: number }[], tsOf = ts): Promise<void> => {
    const w = new CaptureFileWriter(join(dir, name), opts);
    for (let i = 0; i < pkts.length; i++) await w.write({ ts: tsOf(i), ...pkts[i]! });
    await w.close();
    files[name] = join(dir, name);
  };
  const eth = ethFrames.map((data) => ({ data }));
  await write('eth-ns.pcap', { format: 'pcap', linkType: 1 }, eth);
  await write('eth-us-be.pcap', { format: 'pcap', linkType: 1, precision: 'us', byteOrder: 'be' }, eth, (i) => (ts(i) / 1000n) * 1000n);
  await write('eth-cut.pcap', { format: 'pcap', linkType: 1, snaplen: 60 }, ethFrames.map((d) => ({ data: d.subarray(0, Math.min(60, d.length)), origlen: d.length })));
  await write('eth.pcapng', { format: 'pcapng', section: { userAppl: 'provcert', comment: 'written by tests' }, interfaces: [{ linkType: 1, name: 'veth-a' }] }, ethFrames.map((data, i) => ({ data, comments: comments(i) })));
  const inner = ipv4.encode(ipPacket({ protocol: 17, id: 77, payload: udpBytes(514, 514, enc('<14>hello')) }));
  const sllData = sll.encode({ packetType: 4, arphrdType: 1, addressLength: 6, address: '02:00:00:00:00:01', addressPadding: new Uint8Array(2), protocol: 0x0800, payload: inner });
  const sll2Data = sll2.encode({ protocol: 0x0800, reserved: 0, interfaceIndex: 7, arphrdType: 1, packetType: 0, addressLength: 6, address: '02:00:00:00:00:02', addressPadding: new Uint8Array(2), payload: inner });
  await write('multi.pcapng', { format: 'pcapng', interfaces: [{ linkType: 1 }, { linkType: 113, tsResolution: { base: 10, exponent: 6 } }, { linkType: 276, tsOffsetSec: 3600n }, { linkType: 101, tsResolution: { base: 2, exponent: 30 } }] }, [
    { data: ethFrames[0]!, interfaceId: 0, comments: ['eth'] }, { data: sllData, interfaceId: 1 }, { data: sll2Data, interfaceId: 2, comments: ['sll2'] }, { data: inner, interfaceId: 3 },
  ], (i) => (i === 1 ? (ts(i) / 1000n) * 1000n : i === 3 ? ((((ts(i) << 30n) / 1_000_000_000n) * 1_000_000_000n) >> 30n) : ts(i)));

  for (const f of Object.values(files)) {
    tsharkQuiet(t, f);
    await compare(t, f);
  }
  const conversions: [string, string, string][] = [['eth-ns.pcap', 'pcapng', 'conv-from-pcap.pcapng'], ['eth.pcapng', 'nsecpcap', 'conv-from-pcapng.pcap'], ['multi.pcapng', 'pcapng', 'conv-multi.pcapng']];
  for (const [from, format, to] of conversions) {
    execFileSync('editcap', ['-F', format, files[from]!, join(dir, to)], { stdio: 'ignore' });
    await compare(t, join(dir, to));
  }
  // Our reading of a converted file equals our reading of the original, except what pcap cannot carry.
  const read = async (p: string) => { const out: string[][] = []; for await (const f of iterateFrames(p)) out.push(ours(f)); return out; };
  const noComment = (rows: string[][]) => rows.map((r) => r.filter((_, k) => k !== FIELDS.indexOf('frame.comment')));
  t.same(noComment(await read(join(dir, 'conv-from-pcapng.pcap'))), noComment(await read(files['eth.pcapng']!)));
});
