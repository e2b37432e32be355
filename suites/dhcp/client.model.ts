/**
 * The model's DHCP client: option 55/60 (DHCP-002, DHCP-008), retransmission windows
 * (X-DHCP-022), xid matching (DHCP-018), T1/T2 (DHCP-020), DHCP_Option_To_Use precedence
 * (DHCP-002/005, X-DHCP-021) and ACS discovery 43 vs 125 (DHCP-007, DHCP-011, X-DHCP-020).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import { initialState, learnFromAck, leaseTimes, step, type Effect } from '../../lib/phone-model/index.js';
import { gapsSeconds, runModel } from '../../test/helpers/model.js';

const SEED = 31337;
const suite = defineSuite('dhcp.client', ['DHCP-001', 'DHCP-002', 'DHCP-005', 'DHCP-007', 'DHCP-008', 'DHCP-011', 'DHCP-018', 'DHCP-020', 'X-DHCP-020', 'X-DHCP-021', 'X-DHCP-022']);
export const properties = suite.properties;

const DEFAULT_ORDER = [66, 160, 159, 150, 60, 43, 125];
const dhcpSends = (effects: readonly { at: number; effect: Effect }[]) =>
  effects.flatMap((e) => (e.effect.type === 'send-dhcp' ? [{ at: e.at, d: e.effect.dhcp }] : []));

suite.test('DHCP-008 / DHCP-002: DISCOVER carries option 60 dslforum.org and asks for the provisioning and ACS options', async (t) => {
  const r = step(initialState({ seed: 1 }), { type: 'power-up', at: 0 });
  const d = r.effects.find((e) => e.type === 'send-dhcp');
  t.ok(d && d.type === 'send-dhcp');
  if (d?.type !== 'send-dhcp') return;
  t.match(d.dhcp.options.vendorClassId, /dslforum\.org/);
  for (const c of [66, 160, 159, 150, 43, 125]) t.ok(d.dhcp.options.parameterRequestList.includes(c), `option 55 requests ${c}`);
  t.notOk(d.dhcp.options.parameterRequestList.includes(60), '60 is sent, not requested');
});

suite.property('X-DHCP-022: without answers, retransmissions follow 4, 8, 16, 32, 64, 64 s +-1 s (property)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
  const r = runModel({ seed, dhcp: null, until: 400_000 });
  const gaps = gapsSeconds(dhcpSends(r.effects).map((x) => x.at));
  const want = [4, 8, 16, 32, 64, 64];
  return gaps.length >= 6 && want.every((w, i) => Math.abs((gaps[i] as number) - w) <= 1) && dhcpSends(r.effects).every((x) => x.d.message === 'DHCPDISCOVER');
}), { seed: SEED, numRuns: 50 });

suite.test('DHCP-018: an ACK with another xid is discarded', async (t) => {
  let s = initialState({ seed: 2 });
  const r0 = step(s, { type: 'power-up', at: 0 });
  s = r0.state;
  const xid = s.dhcp.xid;
  s = step(s, { type: 'dhcp-offer', at: 1, xid, yiaddr: '10.77.0.9', options: { serverId: '10.77.0.1' } }).state;
  const bad = step(s, { type: 'dhcp-ack', at: 2, xid: (xid + 1) >>> 0, yiaddr: '10.77.0.9', options: { leaseSeconds: 100 } });
  t.equal(bad.state.dhcp.phase, 'requesting');
  t.ok(bad.fired.includes('dhcp.ack.ignored'));
  const good = step(s, { type: 'dhcp-ack', at: 2, xid, yiaddr: '10.77.0.9', options: { leaseSeconds: 100 } });
  t.equal(good.state.dhcp.phase, 'bound');
});

suite.test('DHCP-020: T1/T2 default to 0.5 and 0.875 of the lease; server values used when consistent', async (t) => {
  t.same(leaseTimes({ leaseSeconds: 1000 }), { t1: 500, t2: 875, lease: 1000 });
  t.same(leaseTimes({ leaseSeconds: 1000, renewalSeconds: 300, rebindingSeconds: 600 }), { t1: 300, t2: 600, lease: 1000 });
  t.same(leaseTimes({ leaseSeconds: 1000, renewalSeconds: 700, rebindingSeconds: 600 }), { t1: 500, t2: 875, lease: 1000 }, 'inconsistent: fractions');
  const r = runModel({ seed: 3, until: 1200_000, dhcp: { yiaddr: '10.77.0.7', options: { serverId: '10.77.0.1', leaseSeconds: 1000, tftpServerName: 't.example' } } });
  const renew = dhcpSends(r.effects).filter((x) => x.d.ciaddr !== undefined);
  t.equal(renew[0]?.at, 500_000, 'RENEWING at T1');
  t.equal(renew[0]?.d.destination, '10.77.0.1', 'unicast to the server');
  t.equal(r.state.dhcp.phase, 'bound');
});

suite.test('DHCP-002 / X-DHCP-021: the first provisioning option in DHCP_Option_To_Use order wins', async (t) => {
  const o = { tftpServerName: 'opt66.example', provisioningUrl: 'https://opt160.example/p.xml', tftpServers: ['192.0.2.150'], provisioningServer: '192.0.2.159' };
  t.equal(learnFromAck('10.0.0.2', o, DEFAULT_ORDER).tftpServer, 'opt66.example');
  t.equal(learnFromAck('10.0.0.2', o, [160, 66]).tftpServer, 'opt160.example');
  t.equal(learnFromAck('10.0.0.2', o, [160, 66]).provisioningUrl, 'https://opt160.example/p.xml');
  t.equal(learnFromAck('10.0.0.2', o, [150, 66]).tftpServer, '192.0.2.150');
  t.equal(learnFromAck('10.0.0.2', o, [159]).tftpServer, '192.0.2.159');
  t.equal(learnFromAck('10.0.0.2', { tftpServerName: 'x' }, [160, 159]).provisioningOption, undefined, 'options not in the list are not used');
});

suite.test('DHCP-005: a server-less rule goes to the option 66 server', async (t) => {
  const r = runModel({ seed: 4, until: 60_000, config: { Profile_Rule: '/cfg/$MA.xml' }, dhcp: { yiaddr: '10.77.0.3', options: { serverId: '10.77.0.1', leaseSeconds: 86400, tftpServerName: '192.0.2.66' } } });
  t.equal(r.fetches[0]?.fetch.url, 'tftp://192.0.2.66/cfg/00562b043615.xml');
});

suite.test('DHCP-007 / DHCP-011 / X-DHCP-020: ACS URL from 43 or 125', async (t) => {
  const o = { vendorSpecific: { acsUrl: 'http://acs43.example/', provisioningCode: 'PC1' }, vendorIdentifying: { acsUrl: 'http://acs125.example/' } };
  t.same(learnFromAck('10.0.0.2', o, DEFAULT_ORDER).acs, { option: 43, url: 'http://acs43.example/', provisioningCode: 'PC1' });
  t.equal(learnFromAck('10.0.0.2', o, [66, 125, 43]).acs?.option, 125, 'listed first wins');
  t.equal(learnFromAck('10.0.0.2', o, [66, 125]).acs?.option, 125, 'only 125 requested');
  t.equal(learnFromAck('10.0.0.2', o, [66]).acs?.option, 43, 'neither requested: 43');
  t.equal(learnFromAck('10.0.0.2', { vendorIdentifying: { acsUrl: 'http://a/' } }, [66]).acs, undefined, 'neither requested and no 43: none');
});
