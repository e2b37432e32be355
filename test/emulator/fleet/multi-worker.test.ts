/**
 * Several fleet processes against ONE loopback server (the layout of bench/phones.bench.js): each
 * fleet binds its shared DHCP socket to its own loopback address on the same port (serverPort+1),
 * the server replies to the sender's address, and the leases of all workers come from the one pool,
 * so no two phones share an address.
 */
import t from 'tap';
import { WorkerFleet } from '../../../lib/emulator/fleet/worker-client.js';
import { generatePhones } from '../../../lib/emulator/fleet/fleet-api.js';
import { DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { Fleet } from '../../../lib/emulator/fleet/fleet.js';
import { startFixture } from '../phone/builtin-fixture.js';
import { freePortPair } from '../clients/fixtures/loopback-dhcp-responder.js';

const enc = new TextEncoder();

t.test('a DHCP transport takes its socket address from bindAddress; another address can share the port', async (t) => {
  const serverPort = await freePortPair();
  const a = await DhcpUdpTransport.open({ serverPort, bindAddress: '127.0.0.9' });
  t.teardown(() => a.close());
  t.same(a.client, { address: '127.0.0.9', port: serverPort + 1 });
  // Same port on another loopback address: the layout that lets several processes share one server.
  const b = await DhcpUdpTransport.open({ serverPort, bindAddress: '127.0.0.10' });
  t.teardown(() => b.close());
  t.same(b.client, { address: '127.0.0.10', port: serverPort + 1 });
});

t.test('a worker process and this process, each with its own DHCP address, boot their phones against one builtin server', async (t) => {
  const phones = generatePhones(12, { base: 0x7700 });
  const files = new Map(phones.map((p) => [`${p.mac}.xml`, enc.encode(`<flat-profile><GPP_C>${p.mac}</GPP_C><Resync_Periodic>0</Resync_Periodic></flat-profile>`)] as [string, Uint8Array]));
  const fx = await startFixture({ files, phones, withEnv: false });
  t.teardown(() => fx.close());
  const shares = [phones.slice(0, 6), phones.slice(6)];
  const common = { mode: 'loopback' as const, dhcpServerPort: fx.target.ports.dhcp!, credentials: 'none' as const, sip: false as const, config: { Profile_Rule: `http://127.0.0.1:${fx.target.ports.http}/$MA.xml` } };
  // One fleet in a child process (as the benchmark's workers), one in this process: two processes, one server.
  const fleets = [
    await WorkerFleet.start({ ...common, runSeed: 3, phones: shares[0]!, dhcpBindAddress: '127.0.0.2' }),
    await Fleet.open({ ...common, runSeed: 4, phones: shares[1]!, dhcpBindAddress: '127.0.0.3' }),
  ];
  for (const f of fleets) t.teardown(() => f.close());
  const boots = await Promise.all(fleets.map((f) => f.bootAll()));
  t.same(boots.map((b) => b.settled), [6, 6], 'every phone of both fleets settled');
  const snaps = await Promise.all(fleets.flatMap((f, i) => shares[i]!.map((p) => f.snapshot(p.mac))));
  for (const s of snaps) t.equal(s.config['GPP_C'], s.mac, `${s.mac} applied its own profile`);
  const ips = snaps.map((s) => s.ip);
  t.equal(new Set(ips).size, 12, 'twelve distinct leases from the one pool');
  for (const ip of ips) t.match(ip, /^127\.77\./);
});

t.test('two in-process fleets on the same address and port cannot both open: the second gets PC_ERR_LAB, no stack', async (t) => {
  const serverPort = await freePortPair();
  const first = await Fleet.open({ mode: 'loopback', runSeed: 1, phones: { count: 1 }, dhcpServerPort: serverPort, dhcpBindAddress: '127.0.0.11', credentials: 'none', sip: false });
  t.teardown(() => first.close());
  await t.rejects(Fleet.open({ mode: 'loopback', runSeed: 1, phones: { count: 1 }, dhcpServerPort: serverPort, dhcpBindAddress: '127.0.0.11', credentials: 'none', sip: false }), { code: 'PC_ERR_LAB' });
});
