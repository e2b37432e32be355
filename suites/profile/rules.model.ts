/**
 * Profile rule evaluation in the phone (PROF-009, PROF-014..019, PROF-022, PROF-032, PROF-034,
 * X-PROF-040..042) and applying profiles (PROF-007/008).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import { profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const SEED = 2468;
const suite = defineSuite('profile.rules', ['PROF-007', 'PROF-008', 'PROF-009', 'PROF-014', 'PROF-015', 'PROF-016', 'PROF-018', 'PROF-019', 'PROF-022', 'PROF-032', 'PROF-034', 'X-PROF-040', 'X-PROF-041']);
export const properties = suite.properties;

const base = { Resync_Random_Delay: '0', Resync_Periodic: '3600', Resync_Error_Retry_Delay: '600' };
const ok = (p: Record<string, string>) => ({ status: 200, body: profileXml(p) });

suite.test('PROF-015 / PROF-009: four rules in order; the later profile wins', async (t) => {
  const cfg = { ...base, Profile_Rule: 'http://a.example/1.xml', Profile_Rule_B: 'http://b.example/2.xml', Profile_Rule_C: 'tftp://c.example/3.xml', Profile_Rule_D: 'https://d.example/4.xml' };
  const r = runModel({ seed: 1, until: 1000, config: cfg, server: { 'http://a.example/1.xml': ok({ GPP_A: '1' }), 'http://b.example/2.xml': ok({ GPP_A: '2' }), 'tftp://c.example/3.xml': { tftp: profileXml({ GPP_B: '3' }) }, 'https://d.example/4.xml': ok({ GPP_C: '4' }) } });
  t.same(profileFetches(r).map((f) => f.url), ['http://a.example/1.xml', 'http://b.example/2.xml', 'tftp://c.example/3.xml', 'https://d.example/4.xml']);
  t.equal(r.state.config['GPP_A'], '2');
});

suite.test('PROF-016: a failing Profile_Rule_B stops C and D; the retry restarts at Profile_Rule', async (t) => {
  const cfg = { ...base, Profile_Rule: 'http://a.example/1.xml', Profile_Rule_B: 'http://b.example/2.xml', Profile_Rule_C: 'http://c.example/3.xml' };
  const r = runModel({ seed: 1, until: 601_000, config: cfg, server: { 'http://a.example/1.xml': ok({ GPP_A: '1' }), 'http://b.example/2.xml': { status: 404 }, 'http://c.example/3.xml': ok({}) } });
  t.same(profileFetches(r).map((f) => `${f.at / 1000}:${f.url}`), ['0:http://a.example/1.xml', '0:http://b.example/2.xml', '600:http://a.example/1.xml', '600:http://b.example/2.xml']);
});

suite.test('PROF-019: an always-false rule is skipped and Profile_Rule_B is next', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: '("$MA" eq "nope")? http://a.example/x.xml', Profile_Rule_B: 'http://b.example/y.xml' }, server: { 'http://b.example/y.xml': ok({}) } });
  t.same(profileFetches(r).map((f) => f.url), ['http://b.example/y.xml']);
  t.ok(r.fired.some((f) => f.id === 'resync.rule.skip'));
});

suite.test('PROF-018 / PROF-034 / X-PROF-041: ($PRVTMR ge 600)? urlA | urlB follows the timer', async (t) => {
  const cfg = { ...base, Resync_Periodic: '300', Profile_Rule: '($PRVTMR ge 600)? http://a.example/a.xml | http://b.example/b.xml' };
  const r = runModel({ seed: 1, until: 1000_000, config: cfg, server: { 'http://a.example/a.xml': ok({}), 'http://b.example/b.xml': ok({}) }, script: [{ at: 700_000, event: { type: 'keypad-resync', rule: cfg.Profile_Rule } }] });
  const f = profileFetches(r).map((x) => `${x.at / 1000}:${x.url.includes('a.example') ? 'A' : 'B'}`);
  t.same(f.slice(0, 3), ['0:B', '300:B', '600:B'], 'PRVTMR counts since the last attempt (300 s)');
  const boot = runModel({ seed: 1, until: 1000, config: { ...cfg, Resync_Random_Delay: '0' }, server: { 'http://b.example/b.xml': ok({}) } });
  t.equal(profileFetches(boot)[0]?.url, 'http://b.example/b.xml', 'X-PROF-041: PRVTMR=0 right after power-up');
});

suite.test('PROF-032 golden: $PRVST is 0 at power-up, 1 periodic, 2 after a failure, -1 explicit', async (t) => {
  const urls = ['0', '1', '2', '-1'].map((v) => `http://p.example/s${v}.xml`);
  const r = runModel({
    seed: 1, until: 8000_000, config: { ...base, Profile_Rule: 'http://p.example/s$PRVST.xml' },
    server: { [urls[0] as string]: ok({}), [urls[1] as string]: [{ status: 500 }, ok({})], [urls[2] as string]: ok({}), [urls[3] as string]: ok({}) },
    script: [{ at: 7000_000, event: { type: 'sip-notify', line: 1, event: 'resync', callId: 'x', cseq: 1 } }],
  });
  t.same(profileFetches(r).map((f) => f.url.replace('http://p.example/', '')), ['s0.xml', 's1.xml', 's2.xml', 's-1.xml'], r.toString());
});

suite.test('PROF-022: ( GPP_C = "$MA"; )! assignment sticks even when the fetch fails', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: '(GPP_C = "$MA"; d = "x")! http://a.example/missing.xml' } });
  t.equal(r.state.config['GPP_C'], '00562b043615');
  t.equal(r.state.config['GPP_D'], 'x', 'a..p shorthand');
});

suite.test('X-PROF-040: no server and no option 66: outcome C without a request', async (t) => {
  const r = runModel({ seed: 1, until: 1000, dhcp: { yiaddr: '10.77.0.4', options: { serverId: '10.77.0.1', leaseSeconds: 3600, provisioningServer: '' } }, config: { ...base, Profile_Rule: '/x.xml' } });
  t.equal(profileFetches(r).length, 0);
  t.ok(r.fired.some((f) => f.id === 'resync.rule.error'));
});

suite.test('PROF-007 / PROF-008: unknown elements ignored, absent parameters kept, last duplicate wins', async (t) => {
  const body = '<flat-profile><GPP_A>1</GPP_A><Bogus_Thing>z</Bogus_Thing><GPP_A>2</GPP_A></flat-profile>';
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: 'http://a.example/p.xml', GPP_B: 'kept' }, server: { 'http://a.example/p.xml': { status: 200, body } } });
  t.equal(r.state.config['GPP_A'], '2');
  t.equal(r.state.config['GPP_B'], 'kept');
});

suite.property('PROF-019 property: for any truth pattern of 4 conditional rules, exactly the true ones are fetched, in order', () => fc.property(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (truth) => {
  const names = ['Profile_Rule', 'Profile_Rule_B', 'Profile_Rule_C', 'Profile_Rule_D'];
  const cfg: Record<string, string> = { ...base };
  const server: Record<string, ReturnType<typeof ok>> = {};
  names.forEach((n, i) => {
    cfg[n] = `("${truth[i] ? 'y' : 'n'}" eq "y")? http://h${i}.example/p.xml`;
    server[`http://h${i}.example/p.xml`] = ok({});
  });
  const r = runModel({ seed: SEED, until: 1000, config: cfg, server });
  const want = truth.flatMap((b, i) => (b ? [`http://h${i}.example/p.xml`] : []));
  return JSON.stringify(profileFetches(r).map((f) => f.url)) === JSON.stringify(want);
}), { seed: SEED, numRuns: 16 });
