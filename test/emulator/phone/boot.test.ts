import t from 'tap';
import { EmulatedPhone } from '../../../lib/emulator/phone/index.js';
import { phoneSpec, startFixture } from './builtin-fixture.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const A = phoneSpec(0);
const profile = (marker: string) => enc.encode(`<flat-profile><GPP_A>${marker}</GPP_A><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`);

t.test('a phone boots on loopback: DHCP lease, profile fetch by its rule, applied', async (t) => {
  const fx = await startFixture({ files: new Map([[`${A.mac}.xml`, profile('boot-ok')]]), phones: [A] });
  t.teardown(() => fx.close());
  const rule = `http://127.0.0.1:${fx.target.ports.http}/$MA.xml`;
  const phone = new EmulatedPhone(fx.env, { spec: A, runSeed: 1, config: { Profile_Rule: rule } });
  t.teardown(() => phone.close());
  phone.powerUp();
  await phone.until((p) => p.state.config['GPP_A'] === 'boot-ok', 10_000, 'profile applied');
  t.match(phone.ip, /^127\.77\./, 'lease from 127.77.0.0/16');
  t.equal(phone.applied, 1);
  // What crossed the sockets: DISCOVER/REQUEST out, OFFER/ACK in, one GET from the lease address.
  const dhcp = fx.packets.filter((p) => p.proto === 'dhcp' && p.phone === A.mac);
  t.ok(dhcp.filter((p) => p.dir === 'tx').length >= 2, 'DISCOVER and REQUEST sent');
  t.ok(dhcp.filter((p) => p.dir === 'rx').length >= 2, 'OFFER and ACK received');
  const http = fx.packets.filter((p) => p.kind === 'tcp' && p.proto === 'http' && p.dir === 'tx' && p.phase === 'data');
  const req = dec.decode(http[0]!.bytes);
  t.match(req, new RegExp(`^GET /${A.mac}\\.xml HTTP/1\\.1\\r\\n`), 'the rule with $MA expanded by the model');
  t.match(req, /User-Agent: Cisco-CP-8841-3PCC\/sip88xx\.12-0-1MPP0001-1 \(0e0077000001\)\r\n/i, 'User-Agent (HTTP-004)');
  t.notMatch(req, /accept-encoding/i, 'no Accept-Encoding without an IKM (ENC-008)');
  t.equal(http[0]!.local.address, phone.ip, 'the request leaves from the leased address');
  t.ok(phone.metrics.dhcpMs !== undefined && phone.metrics.bootToAppliedMs !== undefined, 'latencies measured');
  t.match(phone.timeline.toString(), /DHCPACK xid=/);
  t.match(phone.timeline.toString(), /apply /);
});
