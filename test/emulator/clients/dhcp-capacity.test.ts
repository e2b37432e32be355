import t from 'tap';
import { DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { DhcpPort } from '../../../lib/emulator/clients/dhcp-port.js';
import { dora, seededRandom } from '../../../lib/emulator/clients/dhcp-dora.js';
import { startResponder, freePortPair } from './fixtures/loopback-dhcp-responder.js';
import { startDhcp } from '../../../lib/targets/builtin/dhcp-server.js';
import type { DhcpPort as Port } from '../../../lib/emulator/clients/dhcp-port.js';

/**
 * Capacity of one process on loopback: full DORAs per second through ONE shared socket against
 * the in-test responder (which runs in the same process, so this is a lower bound for the client).
 * docs/emulator.md quotes the measured figure; the floor below only catches a collapse.
 */
t.test('loopback DHCP: sustained DORA exchanges per second from one process', async (t) => {
  const srv = await startResponder();
  t.teardown(() => srv.close());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  const r = await measure(port, 2000, 100, '02bb');
  t.comment(`in-test responder: ${r.ok} DORAs in ${r.seconds.toFixed(2)} s = ${r.rate.toFixed(0)} exchanges/s (4 datagrams each), concurrency 100, ${r.retransmissions} retransmissions`);
  t.equal(r.ok, 2000, 'every phone got a lease');
  t.equal(new Set(srv.received.map((m) => Buffer.from(m.chaddr.subarray(0, 6)).toString('hex'))).size, 2000, 'distinct chaddr per phone');
  t.ok(r.rate > 50, `more than 50 exchanges/s, a collapse floor on a shared machine (${r.rate.toFixed(0)})`);
});

t.test('loopback DHCP against the builtin target\'s DHCP service (same process)', async (t) => {
  const serverPort = await freePortPair();
  const srv = await startDhcp({
    mode: 'loopback', bind: '127.0.0.1', port: serverPort, pool: { start: '127.77.0.10', end: '127.77.40.254' }, leaseSeconds: 3600, log: () => undefined,
    policy: { serverIp: '127.0.0.1', subnetMask: '255.255.0.0', dnsServers: ['127.0.0.1'], tftpServerName: '127.0.0.1', tftpServers: ['127.0.0.1'], provisioningServer: '127.0.0.1', profileUrl: 'http://127.0.0.1/p.xml' },
  });
  t.teardown(() => srv.stop());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  const r = await measure(port, 2000, 100, '02bd');
  t.comment(`builtin DHCP: ${r.ok} DORAs in ${r.seconds.toFixed(2)} s = ${r.rate.toFixed(0)} exchanges/s, concurrency 100, ${r.retransmissions} retransmissions`);
  t.equal(r.ok, 2000, 'every phone got a lease from the builtin server');
  t.ok(r.rate > 50, `collapse floor (${r.rate.toFixed(0)})`);
});

async function measure(port: Port, phones: number, concurrency: number, prefix: string): Promise<{ ok: number; seconds: number; rate: number; retransmissions: number }> {
  let next = 0;
  let ok = 0;
  let retransmissions = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    const random = seededRandom(w + 1);
    while (next < phones) {
      const i = next++;
      const r = await dora(port, `${prefix}${i.toString(16).padStart(8, '0')}`, { baseMs: 2000, random });
      if (r) { ok++; retransmissions += r.discovers + r.requests - 2; }
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  return { ok, seconds, rate: ok / seconds, retransmissions };
}
