/**
 * Upgrade_Rule behaviour (UPG-001/002/004/005/006/009/010, PROF-033, RESYNC-011, X-UPG-001..003).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import { gapsSeconds, profileXml, runModel, type RunResult } from '../../test/helpers/model.js';

const SEED = 777;
const H = 3_600_000;
const PROF = 'http://p.example/a.xml';
const FW = 'http://fw.example/sip68xx.12-0-1MPP0001-1.loads';
const base = { Profile_Rule: PROF, Resync_Random_Delay: '0', Resync_Periodic: '3600', Upgrade_Rule: FW };
const okProfile = { status: 200, body: profileXml({ GPP_A: '1' }) };

const suite = defineSuite('upgrade.upgrade', ['UPG-001', 'UPG-002', 'UPG-004', 'UPG-005', 'UPG-006', 'UPG-009', 'UPG-010', 'PROF-033', 'RESYNC-011', 'X-UPG-001', 'X-UPG-002', 'X-UPG-003']);
export const properties = suite.properties;

const fwFetches = (r: RunResult) => r.fetches.filter((f) => f.fetch.purpose === 'upgrade');

suite.test('UPG-009: config first, then firmware; success reboots into the new load', async (t) => {
  const r = runModel({ seed: SEED, until: 10_000, config: base, server: { [PROF]: okProfile, [FW]: { status: 200, body: 'IMAGE' } } });
  const order = r.fetches.map((f) => f.fetch.purpose);
  t.same(order.slice(0, 3), ['profile', 'upgrade', 'profile'], r.toString());
  t.equal(r.state.facts.swVersion, 'sip68xx.12-0-1MPP0001-1', '$SWVER after reboot');
  t.equal(r.state.facts.inactiveLoad, 'sip68xx.11-3-1MPP0001-123');
  t.equal(fwFetches(r).length, 1, 'UPG-004: the new load is running now, no second download');
});

suite.test('UPG-001: Upgrade_Enable=No: no firmware request', async (t) => {
  const r = runModel({ seed: SEED, until: 5 * H, config: { ...base, Upgrade_Enable: 'No' }, server: { [PROF]: okProfile } });
  t.equal(fwFetches(r).length, 0);
});

suite.test('UPG-004 / X-UPG-002: a rule naming the running load makes no request', async (t) => {
  const r = runModel({ seed: SEED, until: 2 * H, config: { ...base, Upgrade_Rule: 'http://fw.example/sip68xx.11-3-1MPP0001-123.loads' }, server: { [PROF]: okProfile } });
  t.equal(fwFetches(r).length, 0);
  t.ok(r.fired.some((x) => x.id === 'upgrade.same-load'));
});

suite.test('UPG-005 / X-UPG-001: failed attempts are retried only by Upgrade_Error_Retry_Delay, not by each resync', async (t) => {
  const r = runModel({ seed: SEED, until: 12 * H, config: { ...base, Resync_Periodic: '600', Upgrade_Error_Retry_Delay: '3600' }, server: { [PROF]: okProfile, [FW]: { status: 404 } } });
  const gaps = gapsSeconds(fwFetches(r).map((f) => f.at));
  t.ok(gaps.length >= 10, `${gaps.length + 1} attempts`);
  t.ok(gaps.every((g) => g === 3600), `UPG-002 gaps ${gaps.join(',')}`);
  t.ok(r.fired.filter((x) => x.id === 'upgrade.latched').length > 10, 'latched re-evaluations after periodic resyncs');
});

suite.test('UPG-002 / RESYNC-007: Upgrade_Error_Retry_Delay schedule lists', async (t) => {
  const r = runModel({ seed: SEED, until: 30 * H, config: { ...base, Resync_Periodic: '0', Upgrade_Error_Retry_Delay: '60,120,3600' }, server: { [PROF]: okProfile, [FW]: { networkError: 'refused' } } });
  t.same(gapsSeconds(fwFetches(r).map((f) => f.at)).slice(0, 4), [60, 120, 3600, 3600]);
});

suite.test('PROF-033: $UPGST and $UPGERR after a failure (and X-UPG-003: they survive a reboot)', async (t) => {
  const r = runModel({
    seed: SEED, until: 2 * H, config: { ...base, Profile_Rule: 'http://p.example/s$UPGST.xml' },
    server: { 'http://p.example/s1.xml': okProfile, 'http://p.example/s2.xml': okProfile, [FW]: { status: 500 } },
    script: [{ at: 1.5 * H, event: { type: 'web-submit', changes: {} } }],
  });
  const urls = r.fetches.filter((f) => f.fetch.purpose === 'profile').map((f) => f.fetch.url);
  t.equal(urls[0], 'http://p.example/s1.xml');
  t.equal(urls[1], 'http://p.example/s2.xml', 'RESYNC-011: resync right after the failed attempt, $UPGST=2');
  t.match(r.state.upgrade.upgerr, /http_get failed/);
  t.equal(r.state.upgrade.upgst, 2, 'kept across the web-submit reboot');
});

suite.test('UPG-006: the upgrade waits for idle lines; the reboot never happens during a call', async (t) => {
  const r = runModel({
    seed: SEED, until: 2 * H, config: base, server: { [PROF]: okProfile, [FW]: { status: 200, body: 'IMG' } },
    script: [{ at: 0, event: { type: 'call-start', line: 1 } }, { at: 1800_000, event: { type: 'call-end', line: 1 } }],
  });
  const fw = fwFetches(r);
  t.equal(fw[0]?.at, 1800_000, 'firmware request when the call ends');
  t.ok(r.effects.some((e) => e.effect.type === 'reboot' && e.at === 1800_000));
});

suite.test('UPG-010: multistage upgrade through an intermediate load with $SWVER conditions', async (t) => {
  const rule = '($SWVER lt 11.3.5)? http://fw.example/sip68xx.11-3-5MPP0001-1.loads | ($SWVER lt 12.0.1)? http://fw.example/sip68xx.12-0-1MPP0001-1.loads';
  const r = runModel({
    seed: SEED, until: 60_000, config: { ...base, Upgrade_Rule: rule },
    server: { [PROF]: okProfile, 'http://fw.example/sip68xx.11-3-5MPP0001-1.loads': { status: 200, body: 'A' }, 'http://fw.example/sip68xx.12-0-1MPP0001-1.loads': { status: 200, body: 'B' } },
  });
  t.same(fwFetches(r).map((f) => f.fetch.path), ['/sip68xx.11-3-5MPP0001-1.loads', '/sip68xx.12-0-1MPP0001-1.loads'], r.toString());
  t.equal(r.state.facts.swVersion, 'sip68xx.12-0-1MPP0001-1');
});

suite.property('UPG-005 property: with an unchanged rule, at most one firmware request per retry interval', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.array(fc.constantFrom(404, 500, 503), { minLength: 1, maxLength: 5 }), (seed, codes) => {
  const r = runModel({ seed, until: 10 * H, config: { ...base, Resync_Periodic: '300+60', Upgrade_Error_Retry_Delay: '1800' }, server: { [PROF]: okProfile, [FW]: codes.map((status) => ({ status })) } });
  return gapsSeconds(fwFetches(r).map((f) => f.at)).every((g) => g >= 1800);
}), { seed: SEED, numRuns: 25 });
