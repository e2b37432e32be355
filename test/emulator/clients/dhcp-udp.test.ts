import t from 'tap';
import fc from 'fast-check';
import { DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { DhcpPort } from '../../../lib/emulator/clients/dhcp-port.js';
import { dora, seededRandom, dhcpRequestMessage } from '../../../lib/emulator/clients/dhcp-dora.js';
import { PacketTap, type PacketEvent } from '../../../lib/emulator/net/packet-events.js';
import { isLoopbackPhoneAddress } from '../../../lib/emulator/net/source-addresses.js';
import { DHCPDISCOVER, DHCPREQUEST, opt, viewOptions } from '../../../lib/codec/dhcp/index.js';
import { startResponder } from './fixtures/loopback-dhcp-responder.js';

function mac(i: number): string {
  return `0200${i.toString(16).padStart(8, '0')}`;
}

t.test('UDP mode: one shared socket on serverPort+1, DORA for several phones, events per packet', async (t) => {
  const srv = await startResponder();
  t.teardown(() => srv.close());
  const tap = new PacketTap();
  const events: PacketEvent[] = [];
  tap.on((e) => events.push(e));
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }), tap);
  t.teardown(() => port.close());
  t.equal(port.transport.client.port, srv.port + 1, 'client port = server port + 1');
  const results = await Promise.all([1, 2, 3, 4, 5].map((i) => dora(port, mac(i), { baseMs: 200, random: seededRandom(i) })));
  const ips = results.map((r) => r?.yiaddr);
  t.equal(new Set(ips).size, 5, 'five distinct leases');
  for (const ip of ips) t.ok(ip && isLoopbackPhoneAddress(ip), `${ip} in 127.77.0.0/16`);
  t.equal(srv.received.length, 10, 'one DISCOVER and one REQUEST per phone');
  const types = srv.received.map((m) => viewOptions(m).view.messageType);
  t.equal(types.filter((x) => x === DHCPDISCOVER).length, 5);
  t.equal(types.filter((x) => x === DHCPREQUEST).length, 5);
  const req = srv.received.find((m) => viewOptions(m).view.messageType === DHCPREQUEST)!;
  t.ok(viewOptions(req).view.requestedIp?.startsWith('127.77.'), 'REQUEST carries option 50 (RFC 2131 4.3.2)');
  t.equal(viewOptions(req).view.serverId, '127.0.0.1', 'REQUEST carries option 54');
  t.equal(events.filter((e) => e.dir === 'tx').length, 10);
  t.equal(events.filter((e) => e.dir === 'rx').length, 10);
  for (const e of events.filter((x) => x.dir === 'rx')) t.match(e.phone, /^0200000000/, 'rx event names the phone from chaddr');
});

t.test('replies are routed by xid and chaddr: a waiter for another xid or MAC does not get it', async (t) => {
  const srv = await startResponder();
  t.teardown(() => srv.close());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  const wrongXid = port.waitFor(mac(1), (m) => m.xid === 99, 300);
  const wrongMac = port.waitFor(mac(2), () => true, 300);
  const right = port.waitFor(mac(1), (m) => m.xid === 42, 1000);
  await port.send(mac(1), dhcpRequestMessage(mac(1), 42, [opt.messageType(DHCPDISCOVER)]));
  t.equal((await right)?.message.xid, 42);
  t.equal(await wrongXid, undefined);
  t.equal(await wrongMac, undefined);
});

t.test('retransmission: dropped DISCOVER and REQUEST are sent again with growing delays', async (t) => {
  const srv = await startResponder();
  t.teardown(() => srv.close());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  srv.dropNext(2);
  const r = await dora(port, mac(7), { baseMs: 50, jitterMs: 10, random: seededRandom(1) });
  t.ok(r, 'lease after loss');
  t.equal(r?.discovers, 3, 'third DISCOVER answered');
  t.equal(r?.requests, 1);
  const times = srv.received.length;
  t.equal(times, 4);
});

t.test('no server: dora gives up after the bounded attempts', async (t) => {
  const srv = await startResponder();
  await srv.close(); // port now has no listener
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  const start = Date.now();
  const r = await dora(port, mac(8), { baseMs: 20, jitterMs: 0, attempts: 3, random: seededRandom(2) });
  t.equal(r, undefined);
  t.ok(Date.now() - start >= 20 + 40 + 80 - 5, 'waited 20+40+80 ms');
});

t.test('property: any xid/MAC round-trips through the port to the right waiter', async (t) => {
  const srv = await startResponder();
  t.teardown(() => srv.close());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: srv.port }));
  t.teardown(() => port.close());
  await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 0xffffff }), async (xid, m) => {
    const r = port.waitFor(mac(m), (x) => x.xid === xid, 1000);
    await port.send(mac(m), dhcpRequestMessage(mac(m), xid, [opt.messageType(DHCPDISCOVER)]));
    const got = await r;
    return got !== undefined && got.message.xid === xid && Buffer.from(got.message.chaddr.subarray(0, 6)).toString('hex') === mac(m);
  }), { seed: 4242, numRuns: 50 });
  t.pass('property held');
});
