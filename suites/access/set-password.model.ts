/**
 * Seed "Bypass the Set Password Screen" Table 1, one golden test per row (ACCESS-006..009,
 * X-ACCESS-001), plus the web server rules (ACCESS-004/005, HTTP-002) and domain restriction
 * (ACCESS-003, X-ACCESS-002).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import { setPasswordBypassed } from '../../lib/phone-model/index.js';
import { profileFetches, profileXml, runModel, type DhcpScript } from '../../test/helpers/model.js';

const suite = defineSuite('access.set-password', ['ACCESS-003', 'ACCESS-004', 'ACCESS-005', 'ACCESS-006', 'ACCESS-007', 'ACCESS-008', 'ACCESS-009', 'ACCESS-011', 'HTTP-002', 'X-ACCESS-001', 'X-ACCESS-002']);
export const properties = suite.properties;

const NO_PROV_OPTIONS: DhcpScript = { yiaddr: '10.77.0.11', options: { serverId: '10.77.0.1', leaseSeconds: 86400 } };
const PSN_URL = 'tftp://tftp.example/6841-3PCC.xml';
const EDOS_URL = 'https://activate.cisco.com/';

/** [DHCP configured, EDOS configured, User Password Configured, Bypass] from the seed table ('n/a' expanded). */
const TABLE: readonly [string, boolean, boolean, boolean, boolean, string][] = [
  ['row 1', true, false, true, true, 'ACCESS-006'],
  ['row 2', true, false, false, false, 'ACCESS-007'],
  ['row 3', false, true, true, true, 'ACCESS-008'],
  ['row 4', false, true, false, false, 'ACCESS-009'],
  ['row 5 (password n/a: yes)', false, false, true, false, 'ACCESS-009'],
  ['row 5 (password n/a: no)', false, false, false, false, 'ACCESS-009'],
];

for (const [row, dhcp, edos, pw, bypass, req] of TABLE) {
  suite.test(`${req}: Set-Password ${row}: DHCP=${dhcp} EDOS=${edos} password=${pw} -> bypass=${bypass}`, async (t) => {
    t.equal(setPasswordBypassed(dhcp, edos, pw), bypass, 'table function');
    const body = profileXml(pw ? { User_Password: 'Abc123' } : { GPP_A: 'x' });
    const server: Record<string, { status: number; body?: string } | { tftp: string }> = {};
    if (dhcp) server[PSN_URL] = { tftp: body };
    if (edos) server[EDOS_URL] = { status: 200, body: profileXml(pw ? { User_Password: 'Abc123', Profile_Rule: 'https://p.example/x.xml' } : { Profile_Rule: 'https://p.example/x.xml' }) };
    if (!dhcp && !edos && pw) server['https://p.example/manual.xml'] = { status: 200, body };
    const r = runModel({ seed: 5, until: 120_000, dhcp: dhcp ? undefined : NO_PROV_OPTIONS, server, ...(!edos && !dhcp ? {} : {}) });
    const shown = r.effects.some((e) => e.effect.type === 'show-screen' && e.effect.screen === 'set-password');
    t.equal(r.state.access.setPassword, bypass ? 'bypassed' : 'shown', r.toString());
    t.equal(shown, !bypass, 'screen effect iff not bypassed');
  });
}

suite.test('X-ACCESS-001: the empty documented forms count as "User Password Configured"', async (t) => {
  for (const body of ['<flat-profile><User_Password></User_Password></flat-profile>', '<flat-profile><User_Password /></flat-profile>']) {
    const r = runModel({ seed: 6, until: 60_000, server: { [PSN_URL]: { tftp: body } } });
    t.equal(r.state.access.setPassword, 'bypassed', body);
  }
});

suite.test('ACCESS-006: the decision is made once, at first boot only', async (t) => {
  const r = runModel({ seed: 7, until: 60_000, config: { Profile_Rule: 'http://p.example/a.xml' }, server: { 'http://p.example/a.xml': { status: 200, body: profileXml({ GPP_A: '1' }) } } });
  t.equal(r.state.access.setPassword, 'pending', 'pre-provisioned phone: not a first boot');
});

suite.test('HTTP-002 / ACCESS-005: /admin/resync?URL resyncs at once to that URL; admin password enforced', async (t) => {
  const url = 'https://prov.supervoip.com/cisco-init/1234abcd';
  const r = runModel({
    seed: 8, until: 4000_000, config: { Profile_Rule: 'http://p.example/a.xml', Resync_Random_Delay: '0' },
    server: { 'http://p.example/a.xml': { status: 200, body: profileXml({ GPP_A: '1' }) }, [url]: { status: 200, body: profileXml({ Profile_Rule: 'https://prov.supervoip.com/cisco-init', Admin_Password: 'secret' }) }, 'https://prov.supervoip.com/cisco-init': { status: 200, body: profileXml({ GPP_B: '2' }) } },
    script: [
      { at: 100_000, event: { type: 'web-request', path: '/admin/resync', query: url, role: 'none' } },
      { at: 200_000, event: { type: 'web-request', path: '/admin/resync', query: url, role: 'none' } },
    ],
  });
  const f = profileFetches(r).map((x) => `${x.at / 1000}:${x.url}`);
  t.same(f.slice(0, 2), ['0:http://p.example/a.xml', `100:${url}`], r.toString());
  t.ok(f.includes('3700:https://prov.supervoip.com/cisco-init'), 'RESYNC-014: later resyncs use the permanent URL');
  const web = r.effects.filter((e) => e.effect.type === 'web-response').map((e) => (e.effect.type === 'web-response' ? e.effect.status : -1));
  t.same(web, [200, 401], 'second request refused: Admin_Password now set (ACCESS-011)');
});

suite.test('ACCESS-004: Enable_Web_Server=No: no answer, no resync', async (t) => {
  const r = runModel({ seed: 9, until: 10_000, config: { Enable_Web_Server: 'No', Provision_Enable: 'Yes', Profile_Rule: '' }, script: [{ at: 5000, event: { type: 'web-request', path: '/admin/resync', query: 'http://x.example/y.xml' } }] });
  t.equal(profileFetches(r).length, 0);
  t.ok(r.effects.some((e) => e.effect.type === 'web-response' && e.effect.status === 0));
});

suite.test('ACCESS-003 / X-ACCESS-002: a host outside Restricted_Access_Domains is refused without a request', async (t) => {
  const cfg = { Profile_Rule: 'http://evil.example/a.xml', Restricted_Access_Domains: 'good.example, prov.example', Resync_Random_Delay: '0', Resync_Error_Retry_Delay: '600' };
  const r = runModel({ seed: 10, until: 700_000, config: cfg });
  t.equal(profileFetches(r).length, 0);
  t.equal(r.fired.filter((x) => x.id === 'resync.rule.domain-refused').length, 2, 'refused, then retried after the error delay');
  const ok = runModel({ seed: 10, until: 1000, config: { ...cfg, Profile_Rule: 'http://GOOD.example/a.xml' } });
  t.equal(profileFetches(ok).length, 1, 'listed host (case-insensitive) allowed');
});
