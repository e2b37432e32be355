/**
 * Capacity on loopback against the builtin target (in the same process): N phones boot, lease, fetch
 * and apply their profiles. CI runs N=10; the numbers in docs/emulator-phones.md come from
 * PROVCERT_FLEET_SIZES=10,100,1000. Metrics are printed as TAP comments.
 */
import t from 'tap';
import { Fleet } from '../../../lib/emulator/fleet/fleet.js';
import { generatePhones } from '../../../lib/emulator/fleet/fleet-api.js';
import { startFixture } from '../phone/builtin-fixture.js';

const sizes = (process.env['PROVCERT_FLEET_SIZES'] ?? '10').split(',').map(Number).filter((n) => n > 0 && n <= 5000);
const enc = new TextEncoder();

for (const n of sizes) {
  t.test(`${n} phones on loopback: all lease and apply`, async (t) => {
    const phones = generatePhones(n, { base: 0x1000 });
    const files = new Map(phones.map((p) => [`${p.mac}.xml`, enc.encode(`<flat-profile><GPP_C>${p.mac}</GPP_C><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`)] as [string, Uint8Array]));
    const fx = await startFixture({ files, phones, withEnv: false });
    t.teardown(() => fx.close());
    const fleet = await Fleet.open({
      mode: 'loopback', runSeed: 5, phones, dhcpServerPort: fx.target.ports.dhcp!, concurrency: Number(process.env['PROVCERT_FLEET_CONCURRENCY'] ?? 64),
      config: { Profile_Rule: `http://127.0.0.1:${fx.target.ports.http}/$MA.xml` }, credentials: 'none',
      sip: { server: { address: '127.0.0.1', port: fx.target.ports.sip! }, port: 5060 }, timelineMax: 200,
    });
    t.teardown(() => fleet.close());
    const rss0 = process.memoryUsage().rss;
    const boot = await fleet.bootAll();
    const m = await fleet.metrics();
    t.equal(m.applied, n, 'every phone applied its profile');
    t.equal(boot.timedOut.length, 0);
    t.comment(JSON.stringify({ n, bootWallMs: Math.round(boot.wallMs), dhcpMs: m.dhcpMs, profileFetchMs: m.profileFetchMs, bootToAppliedMs: m.bootToAppliedMs, rssDeltaMiB: Math.round((process.memoryUsage().rss - rss0) / 1048576), dhcpDropped: m.dhcpDropped }));
  });
}
