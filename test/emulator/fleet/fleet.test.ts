import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet } from '../../../lib/emulator/fleet/fleet.js';
import { generatePhones, latencyStats } from '../../../lib/emulator/fleet/fleet-api.js';
import { SOCKET_LEVEL_USERAPPL } from '../../../lib/capture-live/socket-recorder.js';
import { startFixture } from '../phone/builtin-fixture.js';

const enc = new TextEncoder();
const phones = generatePhones(12);
const files = new Map(phones.map((p) => [`${p.mac}.xml`, enc.encode(`<flat-profile><GPP_B>${p.serial}</GPP_B><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`)] as [string, Uint8Array]));
const hasTshark = (() => { try { execFileSync('tshark', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

t.test('latencyStats and generatePhones', async (t) => {
  t.same(latencyStats([]), { count: 0, mean: 0, p50: 0, p95: 0, max: 0 });
  t.same(latencyStats([3, 1, 2, 4]), { count: 4, mean: 2.5, p50: 3, p95: 4, max: 4 });
  t.equal(new Set(phones.map((p) => p.mac)).size, 12, 'distinct MACs');
  t.equal(new Set(phones.map((p) => p.serial)).size, 12, 'distinct serials');
});

t.test('a fleet of 12 on loopback: bounded, spread starts; each phone applies its own profile from its own address', async (t) => {
  const fx = await startFixture({ files, phones, withEnv: false });
  t.teardown(() => fx.close());
  const pcap = join(fx.dir, 'fleet.pcapng');
  const fleet = await Fleet.open({
    mode: 'loopback', runSeed: 99, phones, dhcpServerPort: fx.target.ports.dhcp!, concurrency: 4, spreadMs: 200,
    config: { Profile_Rule: `http://127.0.0.1:${fx.target.ports.http}/$MA.xml` }, credentials: 'none', sip: false, recordTo: pcap,
  });
  t.teardown(() => fleet.close());
  let inFlight = 0;
  let maxInFlight = 0;
  for (const mac of fleet.macs) {
    const p = fleet.phone(mac);
    let counted = false;
    p.onChange((x) => {
      if (!counted && x.state.power === 'running') { counted = true; inFlight++; maxInFlight = Math.max(maxInFlight, inFlight); }
      if (counted && x.applied > 0 && !(x as { done?: boolean }).done) { (x as { done?: boolean }).done = true; inFlight--; }
    });
  }
  const boot = await fleet.bootAll();
  t.equal(boot.settled, 12);
  t.same(boot.timedOut, []);
  t.ok(maxInFlight <= 4, `at most 4 booting at once (saw ${maxInFlight})`);
  for (const spec of phones) {
    const s = await fleet.snapshot(spec.mac);
    t.equal(s.config['GPP_B'], spec.serial, `${spec.mac} applied its own profile`);
  }
  const ips = new Set((await Promise.all(phones.map((p) => fleet.snapshot(p.mac)))).map((s) => s.ip));
  t.equal(ips.size, 12, 'one address per phone');
  const m = await fleet.metrics();
  t.equal(m.applied, 12);
  t.equal(m.dhcpMs.count, 12);
  t.ok(m.profileFetchMs.count >= 12);
  // Web resync through the shared endpoint reaches the right phone (routing by local address).
  const target = phones[5]!;
  t.equal(await fleet.webResync(target.mac, `http://127.0.0.1:${fx.target.ports.http}/${phones[6]!.mac}.xml`), 200);
  const s = await fleet.until(target.mac, (x) => x.config['GPP_B'] === phones[6]!.serial, 5000);
  t.equal(s.applied, 2);
  t.equal((await fleet.snapshot(phones[6]!.mac)).applied, 1, 'the other phone did not resync');
  await fleet.close();
  t.ok(existsSync(pcap), 'socket-level pcapng written');
  if (hasTshark) {
    const out = execFileSync('tshark', ['-r', pcap, '-Y', 'http.request', '-T', 'fields', '-e', 'ip.src', '-e', 'http.request.uri'], { encoding: 'utf8' });
    t.equal(out.trim().split('\n').length, 13, 'tshark reads 13 HTTP requests');
    const shb = execFileSync('capinfos', [pcap], { encoding: 'utf8' });
    t.match(shb, new RegExp(SOCKET_LEVEL_USERAPPL), 'marked as socket-level');
  }
});
