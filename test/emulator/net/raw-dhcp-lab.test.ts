import t from 'tap';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetnsLab } from '../../../lib/lab/netns-lab.js';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { capAvailable } from '../../../lib/emulator/net/cap-loader.js';
import { startCapCapture } from '../../../lib/capture-live/cap-capture.js';

const can = canUseNetns();
const capMissing = await capAvailable();
const skip = !can.ok ? can.reason : capMissing ? capMissing : !hasCommand('dnsmasq') ? 'dnsmasq not installed' : !hasCommand('tshark') ? 'tshark not installed' : false;
const probe = fileURLToPath(new URL('../clients/fixtures/raw-dhcp-probe.ts', import.meta.url));

t.test('raw Ethernet DHCP via cap: one process, three MACs, leases from dnsmasq, TFTP from each lease to tftpd-hpa; cap capture read by tshark', { skip }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'provcert-raw-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'ph', hostNumber: null }]);
  t.teardown(() => lab.destroy());
  const srv = lab.host('srv');
  const net = srv.ip!.replace(/\.1$/, '');
  const dnsmasq = lab.spawn('srv', ['dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--port=0', '--bind-interfaces', `--listen-address=${srv.ip}`,
    `--dhcp-range=${net}.100,${net}.150,255.255.255.0,1h`, '--no-ping', '--leasefile-ro', `--dhcp-option=66,"${srv.ip}"`], { logPath: join(out, 'dnsmasq.log') });
  const tftpRoot = join(out, 'tftp');
  mkdirSync(tftpRoot, { mode: 0o755 });
  chmodSync(out, 0o755);
  writeFileSync(join(tftpRoot, 'f.bin'), randomBytes(4000), { mode: 0o644 });
  const tftpd = hasCommand('in.tftpd') ? lab.spawn('srv', ['in.tftpd', '-L', '-a', `${srv.ip}:69`, '-s', tftpRoot, '-u', 'nobody'], { logPath: join(out, 'tftpd.log') }) : undefined;
  await new Promise((r) => setTimeout(r, 300));
  t.equal(dnsmasq.child.exitCode, null, 'dnsmasq runs');
  const pcap = join(out, 'dhcp.pcap');
  const cap = await startCapCapture(lab, 'srv', pcap, { filter: 'udp' });
  const macs = ['02aa00000001', '02aa00000002', '02aa00000003'];
  const run = lab.spawn('ph', [process.execPath, ...process.execArgv, probe, lab.host('ph').iface, ...macs], { logPath: join(out, 'probe.log'), env: { ...process.env, ...(tftpd ? { PROBE_TFTP: srv.ip! } : {}) } });
  const code = await run.exited;
  await cap.stop();
  const log = readFileSync(join(out, 'probe.log'), 'utf8');
  t.equal(code, 0, `probe exited 0 (${log.slice(0, 300)})`);
  const res = JSON.parse(log.trim().split('\n').at(-1) ?? '{}') as { tftp: number[]; leases: (string | null)[]; discovers: number[]; shown: string; after: string };
  t.equal(res.leases.length, 3);
  t.equal(new Set(res.leases).size, 3, 'three distinct leases');
  for (const ip of res.leases) t.match(ip, new RegExp(`^${net.replace(/\./g, '\\.')}\\.(1[0-4]\\d|150)$`), `${ip} from the dnsmasq range`);
  for (const ip of res.leases) t.match(res.shown, ip!, 'lease added as a secondary address');
  for (const ip of res.leases) t.notMatch(res.after, ip!, 'and removed again');
  if (tftpd) {
    t.same(res.tftp, [4000, 4000, 4000], 'each phone fetched the file from tftpd-hpa in the lab');
    const srcs = execFileSync('tshark', ['-r', pcap, '-Y', 'tftp.opcode == 1', '-T', 'fields', '-e', 'ip.src'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n');
    t.same(new Set(srcs), new Set(res.leases), 'each RRQ came from the phone\'s own lease (secondary address)');
  }
  const fields = execFileSync('tshark', ['-r', pcap, '-Y', 'dhcp', '-T', 'fields', '-e', 'eth.src', '-e', 'dhcp.option.dhcp', '-e', 'ip.src', '-e', 'ip.dst'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const rows = fields.trim().split('\n').map((l) => l.split('\t'));
  const discovers = rows.filter((r) => r[1] === '1');
  t.same(new Set(discovers.map((r) => r[0])), new Set(['02:aa:00:00:00:01', '02:aa:00:00:00:02', '02:aa:00:00:00:03']), 'DISCOVERs from each phone MAC');
  t.ok(discovers.every((r) => r[2] === '0.0.0.0' && r[3] === '255.255.255.255'), '0.0.0.0 -> 255.255.255.255 (RFC 2131 section 4.1)');
  t.equal(rows.filter((r) => r[1] === '5').length, 3, 'three ACKs captured');
  const warn = execFileSync('tshark', ['-r', pcap, '-Y', '_ws.expert.severity >= warning || _ws.malformed'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  t.equal(warn.trim(), '', 'capture has no warnings');
});
