/**
 * Other resync moments and side channels: link-up (RESYNC-015, X-RESYNC-002), keypad
 * (RESYNC-016), web Submit All Changes (RESYNC-017), factory reset, syslog templates
 * (LOG-001/002/003), Upgrade_Rule without server (DHCP-006).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import { profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const suite = defineSuite('resync.events', ['RESYNC-015', 'RESYNC-016', 'RESYNC-017', 'X-RESYNC-002', 'LOG-001', 'LOG-002', 'LOG-003', 'DHCP-006', 'ACCESS-006']);
export const properties = suite.properties;

const URL = 'http://p.example/a.xml';
const OK = { status: 200, body: profileXml({ GPP_A: '1' }) };
const base = { Profile_Rule: URL, Resync_Random_Delay: '0', Resync_Periodic: '86400' };

suite.test('RESYNC-015 / X-RESYNC-002: link-up -> DHCP, then an immediate resync', async (t) => {
  const r = runModel({ seed: 1, until: 200_000, config: base, server: { [URL]: OK }, script: [{ at: 100_000, event: { type: 'link-down' } }, { at: 150_000, event: { type: 'link-up' } }] });
  t.same(profileFetches(r).map((f) => f.at), [0, 150_000], r.toString());
});

suite.test('RESYNC-016: keypad Profile Rule + Resync fetches at once (TFTP when no scheme)', async (t) => {
  const r = runModel({ seed: 1, until: 200_000, config: base, server: { [URL]: OK, 'tftp://192.168.1.5/CP_x8xx_MPP.cfg': { tftp: profileXml({ GPP_B: 'k' }) } }, script: [{ at: 50_000, event: { type: 'keypad-resync', rule: '192.168.1.5/CP_x8xx_MPP.cfg' } }] });
  t.equal(profileFetches(r)[1]?.url, 'tftp://192.168.1.5/CP_x8xx_MPP.cfg');
  t.equal(r.state.config['GPP_B'], 'k');
});

suite.test('RESYNC-017: Submit All Changes reboots; with Resync_On_Reset the phone resyncs after boot', async (t) => {
  const r = runModel({ seed: 1, until: 200_000, config: base, server: { [URL]: OK }, script: [{ at: 50_000, event: { type: 'web-submit', changes: { GPP_K: 'web' } } }] });
  t.ok(r.effects.some((e) => e.at === 50_000 && e.effect.type === 'reboot'));
  t.same(profileFetches(r).map((f) => f.at), [0, 50_000]);
  t.equal(r.state.config['GPP_K'], 'web', 'the config store survives the reboot');
});

suite.test('factory reset clears the store and makes the next boot a first boot', async (t) => {
  const r = runModel({ seed: 1, until: 200_000, config: { ...base, GPP_A: 'old' }, server: { [URL]: OK, 'tftp://tftp.example/6841-3PCC.xml': { tftp: profileXml({ User_Password: 'pw1234' }) } }, script: [{ at: 50_000, event: { type: 'factory-reset' } }] });
  t.equal(r.state.config['GPP_A'], undefined);
  t.equal(profileFetches(r)[1]?.url, 'tftp://tftp.example/6841-3PCC.xml', 'default Profile_Rule /$PSN.xml (PROF-014)');
  t.equal(r.state.access.setPassword, 'bypassed', 'ACCESS-006 after factory reset');
});

suite.test('LOG-001/002/003: syslog with expanded Log_*_Msg templates when Syslog_Server is set', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Syslog_Server: '192.0.2.5', Log_Request_Msg: '$MA asks $SCHEME://$SERV:$PORT$PATH' }, server: { [URL]: OK } });
  const lines = r.effects.flatMap((e) => (e.effect.type === 'syslog' ? [e.effect.message] : []));
  t.same(lines, ['00562b043615 asks HTTP://p.example:80/a.xml', 'CP-6841-3PCC 00:56:2b:04:36:15 -- Successful resync HTTP://p.example:80/a.xml']);
  const quiet = runModel({ seed: 1, until: 1000, config: base, server: { [URL]: OK } });
  t.notOk(quiet.effects.some((e) => e.effect.type === 'syslog'), 'no Syslog_Server: no syslog');
});

suite.test('DHCP-006: an Upgrade_Rule without server is not acted on', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Upgrade_Rule: '/sip68xx.12-0-1MPP0001-1.loads' }, server: { [URL]: OK } });
  t.equal(r.fetches.filter((f) => f.fetch.purpose === 'upgrade').length, 0);
  t.ok(r.fired.some((f) => f.id === 'upgrade.rule.error'));
});
