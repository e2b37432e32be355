/**
 * Onboarding without a provisioning server (EDOS-001..009, X-EDOS-001/002) and the retail
 * customer-ID flow (RESYNC-013/014 from the phone side, HTTP-002).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import { profileFetches, profileXml, runModel, type DhcpScript } from '../../test/helpers/model.js';

const suite = defineSuite('edos.onboarding', ['EDOS-001', 'EDOS-003', 'EDOS-004', 'EDOS-005', 'EDOS-007', 'EDOS-009', 'X-EDOS-001', 'X-EDOS-002']);
export const properties = suite.properties;

const NO_OPTIONS: DhcpScript = { yiaddr: '10.77.0.12', options: { serverId: '10.77.0.1', leaseSeconds: 86400 } };
const GDS_PROFILE = profileXml({ Profile_Rule: 'gds://', Upgrade_Enable: 'Yes' });

suite.test('EDOS-003 / X-EDOS-001: factory phone, DHCP without provisioning options -> HTTPS to activate.cisco.com', async (t) => {
  const r = runModel({ seed: 1, until: 60_000, dhcp: NO_OPTIONS, server: { 'https://activate.cisco.com/': { status: 200, body: profileXml({ Profile_Rule: 'https://rc.example/$MA.xml' }) }, 'https://rc.example/00562b043615.xml': { status: 200, body: profileXml({ GPP_A: 'rc' }) } } });
  t.same(r.fetches.map((f) => f.fetch.url), ['https://activate.cisco.com/', 'https://rc.example/00562b043615.xml'], r.toString());
  t.equal(r.fetches[0]?.fetch.clientCert, true);
  t.equal(r.state.onboarding.edosConfigured, true);
  t.equal(r.state.config['GPP_A'], 'rc');
});

suite.test('EDOS-003: before 11.2(1) the activation host is webapps.cisco.com', async (t) => {
  const r = runModel({ seed: 1, until: 1000, dhcp: NO_OPTIONS, facts: { swVersion: 'sip68xx.11-1-2MPP0001-1' } });
  t.equal(r.fetches[0]?.fetch.host, 'webapps.cisco.com');
});

suite.test('EDOS-005 / EDOS-007 / X-EDOS-002: gds:// shows the activation screen; 16 digits are posted', async (t) => {
  const r = runModel({
    seed: 1, until: 100_000, config: { Profile_Rule: 'http://p.example/a.xml', Resync_Random_Delay: '0' },
    server: { 'http://p.example/a.xml': { status: 200, body: GDS_PROFILE }, 'https://activation.webex.com/': { status: 200, body: profileXml({ Profile_Rule: 'https://bw.example/x.xml' }) }, 'https://bw.example/x.xml': { status: 200, body: profileXml({ GPP_P: 'done' }) } },
    script: [{ at: 10_000, event: { type: 'activation-code', code: '123456789012345' } }, { at: 20_000, event: { type: 'activation-code', code: '1234567890123456' } }],
  });
  t.ok(r.effects.some((e) => e.effect.type === 'show-screen' && e.effect.screen === 'activation-code'));
  const act = r.fetches.filter((f) => f.fetch.host === 'activation.webex.com');
  t.equal(act.length, 1, '15 digits: no request; 16 digits: one');
  t.equal(act[0]?.fetch.method, 'POST');
  t.equal(act[0]?.fetch.body, '1234567890123456');
  t.equal(r.state.config['GPP_P'], 'done');
});

suite.test('EDOS-009: no activation code on the 6861', async (t) => {
  const r = runModel({ seed: 1, until: 10_000, facts: { productName: 'CP-6861-3PCC', productSeries: '6861-3PCC' }, config: { Profile_Rule: 'gds://', Resync_Random_Delay: '0' } });
  t.notOk(r.effects.some((e) => e.effect.type === 'show-screen' && e.effect.screen === 'activation-code'));
  t.ok(r.fired.some((f) => f.id === 'edos.gds.unsupported-6861'));
});

suite.test('EDOS-004: loads before 11-2-3 do not offer the activation screen', async (t) => {
  const r = runModel({ seed: 1, until: 10_000, facts: { swVersion: 'sip68xx.11-2-1MPP0001-1' }, config: { Profile_Rule: 'gds://', Resync_Random_Delay: '0' } });
  t.ok(r.fired.some((f) => f.id === 'edos.gds.old-load'));
});

suite.test('A provisioned factory phone (DHCP option 66) does not ask the activation server', async (t) => {
  const r = runModel({ seed: 1, until: 60_000 });
  t.notOk(profileFetches(r).some((f) => f.url.includes('activate.cisco.com')));
  t.equal(r.fetches.filter((f) => f.fetch.purpose === 'activation').length, 0);
});
