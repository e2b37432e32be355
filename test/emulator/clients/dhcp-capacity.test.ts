import t from 'tap';
import { DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { DhcpPort } from '../../../lib/emulator/clients/dhcp-port.js';
import { dora, seededRandom } from '../../../lib/emulator/clients/dhcp-dora.js';
import { startResponder } from '../helpers/loopback-dhcp-responder.js';

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
  const phones = 2000;
  const concurrency = 100;
  let next = 0;
  let ok = 0;
  let retransmissions = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    const random = seededRandom(w + 1);
    while (next < phones) {
      const i = next++;
      const r = await dora(port, `02bb${i.toString(16).padStart(8, '0')}`, { baseMs: 2000, random });
      if (r) { ok++; retransmissions += r.discovers + r.requests - 2; }
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const rate = ok / seconds;
  t.comment(`${ok} DORAs in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} exchanges/s (4 datagrams each), concurrency ${concurrency}, ${retransmissions} retransmissions`);
  t.equal(ok, phones, 'every phone got a lease');
  t.equal(new Set(srv.received.map((m) => Buffer.from(m.chaddr.subarray(0, 6)).toString('hex'))).size, phones, 'distinct chaddr per phone');
  t.ok(rate > 50, `more than 50 exchanges/s, a collapse floor on a shared machine (${rate.toFixed(0)})`);
});
