/**
 * Lab mode of the fleet (root): a WorkerFleet started with NetnsLab.spawn in the phones' namespace
 * drives 3 phones against dnsmasq (DHCP, option 160 naming the profile) and nginx (HTTP) started by
 * the process target drivers in the server namespace. Each phone gets a lease over raw frames (cap),
 * adds it as a secondary address, fetches ITS profile from that address and applies the marker.
 * The assertions read the server-side cap capture back with lib/capture, not only the phones' state.
 * Nothing is sent from the host namespace to 10.77.x.x: the harness only talks to the worker's stdin.
 */
import '../../../lib/targets/registry.js'; // enter the registry <-> process drivers import cycle at the registry
import t from 'tap';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab } from '../../../lib/lab/netns-lab.js';
import { canUseNetns } from '../../../lib/lab/sys.js';
import { capAvailable } from '../../../lib/emulator/net/cap-loader.js';
import { startCapCapture } from '../../../lib/capture-live/cap-capture.js';
import { iterateFrames } from '../../../lib/capture/index.js';
import { decode as decodeDhcp } from '../../../lib/codec/dhcp/index.js';
import { dnsmasqDriver } from '../../../lib/targets/process/dnsmasq.js';
import { nginxDriver } from '../../../lib/targets/process/nginx.js';
import { WorkerFleet } from '../../../lib/emulator/fleet/worker-client.js';
import { generatePhones } from '../../../lib/emulator/fleet/fleet-api.js';
import type { TargetEnv, TargetSpec } from '../../../lib/targets/types.js';

const can = canUseNetns();
const capMissing = await capAvailable();
const skip = !can.ok ? can.reason : capMissing ? capMissing : dnsmasqDriver.unavailable?.() ?? nginxDriver.unavailable?.() ?? false;
const enc = new TextEncoder();
const dec = new TextDecoder();
const bare = (mac: string) => mac.replace(/[:-]/g, '').toLowerCase();

t.test('lab fleet: 3 phones in a namespace, worker via NetnsLab.spawn, dnsmasq + nginx, each fetches its own profile from its lease (cap capture)', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-fleet-lab-'));
  chmodSync(dir, 0o755); // dnsmasq/nginx drop privileges: the content must be readable
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'ph', hostNumber: null }], { runDir: join(dir, 'run') });
  t.teardown(() => lab.destroy());
  const srvIp = lab.host('srv').ip!;

  const phones = generatePhones(3, { base: 0x3a0 });
  const content = join(dir, 'content');
  mkdirSync(content, { mode: 0o755 });
  const files = new Map<string, Uint8Array>();
  for (const p of phones) {
    const bytes = enc.encode(`<flat-profile><GPP_D>marker-${p.mac}</GPP_D><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`);
    writeFileSync(join(content, `${p.mac}.xml`), bytes, { mode: 0o644 });
    files.set(`${p.mac}.xml`, bytes);
  }
  const env: TargetEnv = { lab, serverHost: 'srv', outDir: join(dir, 'out'), content: { dir: content, files }, seed: 1, phones };
  const profileRule = `http://${srvIp}/$MA.xml`;
  const spec = (name: string, serves: TargetSpec['serves']): TargetSpec => ({ name, kind: 'process', serves, serverIp: srvIp, phones, profileRule });
  const dhcp = await dnsmasqDriver.start(spec('dnsmasq', ['dhcp']), env);
  t.teardown(() => dhcp.stop());
  const http = await nginxDriver.start(spec('nginx', ['http', 'https']), env);
  t.teardown(() => http.stop());

  const pcap = join(dir, 'srv.pcap');
  const cap = await startCapCapture(lab, 'srv', pcap, { filter: 'udp port 67 or udp port 68 or tcp port 80' });
  let capStopped = false;
  t.teardown(async () => { if (!capStopped) await cap.stop(); });

  let stderr = '';
  const w = await WorkerFleet.start({
    mode: 'lab', iface: lab.host('ph').iface, runSeed: 21, phones, credentials: 'none', sip: false, webPort: 8080,
    // The model takes the server from option 160 (DHCP_Option_To_Use); the rule names the profile per MAC ($MA).
    config: { DHCP_Option_To_Use: '160', Profile_Rule: profileRule },
    bootTimeoutMs: 30_000,
  }, { lab, host: 'ph', requestTimeoutMs: 60_000, onStderr: (s) => { stderr += s; } });
  t.teardown(() => w.close());

  const boot = await w.bootAll();
  t.equal(boot.settled, 3, `all three phones settled ${JSON.stringify(boot)} ${stderr.slice(0, 300)}`);
  const leases = new Map<string, string>();
  for (const p of phones) {
    const s = await w.snapshot(p.mac);
    t.equal(s.config['GPP_D'], `marker-${p.mac}`, `${p.mac} applied its own marker`);
    t.equal(s.applied, 1);
    t.match(s.ip, new RegExp(`^${srvIp.replace(/\.1$/, '').replace(/\./g, '\\.')}\\.\\d+$`), 'lease in the lab /24');
    leases.set(p.mac, s.ip!);
  }
  t.equal(new Set(leases.values()).size, 3, 'three distinct leases');
  const shown = lab.exec('ph', ['ip', '-4', 'addr', 'show', 'dev', lab.host('ph').iface]);
  for (const ip of leases.values()) t.match(shown, ` ${ip}/`, `lease ${ip} is an address of the phone interface`);

  // Read the server-side capture back with our own reader.
  await new Promise((r) => setTimeout(r, 200)); // the last frames reach the capture worker
  await cap.stop();
  capStopped = true;
  const discovers = new Set<string>();
  const acks = new Map<string, { yiaddr: string; opt160: string }>();
  const gets: { src: string; line: string }[] = [];
  for await (const f of iterateFrames(pcap)) {
    const link = f.layers.link;
    const udp = f.layers.udp;
    if (udp && (udp.dstPort === 67 || udp.dstPort === 68) && f.payload) {
      const m = decodeDhcp(f.payload).value;
      const type = m.options.find((o) => o.code === 53)?.data[0];
      const chaddr = Buffer.from(m.chaddr.subarray(0, 6)).toString('hex');
      if (type === 1 && link?.kind === 'ethernet' && bare(link.src) === chaddr && f.layers.ipv4?.src === '0.0.0.0') discovers.add(chaddr);
      if (type === 5) {
        const o160 = m.options.filter((o) => o.code === 160).map((o) => dec.decode(o.data)).join('').replace(/\0+$/, '');
        acks.set(chaddr, { yiaddr: m.yiaddr, opt160: o160 });
      }
    }
    if (f.layers.tcp && f.layers.tcp.dstPort === 80 && f.payload && f.payload.length > 0) {
      const line = dec.decode(f.payload).split('\r\n')[0] ?? '';
      if (/^GET /.test(line)) gets.push({ src: f.layers.ipv4?.src ?? '', line });
    }
  }
  for (const p of phones) {
    t.ok(discovers.has(p.mac), `DISCOVER from 0.0.0.0 with source MAC = chaddr ${p.mac} (raw frame)`);
    t.same(acks.get(p.mac), { yiaddr: leases.get(p.mac), opt160: profileRule }, `ACK for ${p.mac}: its lease, option 160 = the profile rule`);
    const mine = gets.filter((g) => g.src === leases.get(p.mac));
    t.same(mine.map((g) => g.line), [`GET /${p.mac}.xml HTTP/1.1`], `${p.mac} fetched its own profile from its own address`);
  }
  t.equal(gets.length, 3, 'no other profile requests');
});
