/**
 * Resync scheduling on the virtual clock: error-retry schedules (RESYNC-007/008), +r bounds,
 * Resync_Random_Delay only on first contact (RESYNC-003), Resync_At daily window (RESYNC-004/005),
 * triggers (RESYNC-012), Provision_Enable (RESYNC-001), Resync_On_Reset (RESYNC-002).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import { gapsSeconds, profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const SEED = 20260101;
const URL = 'http://p.example/a.xml';
const OK = { status: 200, body: profileXml({ GPP_B: 'ok' }) };
const H = 3_600_000;

const suite = defineSuite('resync.schedule', ['RESYNC-007', 'RESYNC-008', 'RESYNC-003', 'RESYNC-004', 'RESYNC-005', 'RESYNC-006', 'RESYNC-012', 'RESYNC-001', 'RESYNC-002', 'X-RESYNC-001', 'X-RESYNC-006', 'SIP-003']);
export const properties = suite.properties;

suite.test('RESYNC-007 golden: Resync_Error_Retry_Delay=1800,3600,7200,14400 gives those gaps then 14400 forever', async (t) => {
  const r = runModel({ seed: SEED, until: 30 * H, config: { Profile_Rule: URL, Resync_Error_Retry_Delay: '1800,3600,7200,14400' }, server: { [URL]: { status: 500 } } });
  const gaps = gapsSeconds(profileFetches(r).map((f) => f.at));
  t.same(gaps.slice(0, 6), [1800, 3600, 7200, 14400, 14400, 14400], r.toString());
});

suite.property('RESYNC-007 +r: each gap lies in [d, d+r] (property, fixed seed)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 60, max: 3000 }), fc.integer({ min: 1, max: 600 }), (seed, d, rnd) => {
  const r = runModel({ seed, until: 8 * (d + rnd) * 1000, config: { Profile_Rule: URL, Resync_Error_Retry_Delay: `${d}+${rnd}` }, server: { [URL]: { status: 404 } } });
  const gaps = gapsSeconds(profileFetches(r).map((f) => f.at));
  return gaps.length >= 3 && gaps.every((g) => g >= d && g <= d + rnd);
}), { seed: SEED, numRuns: 60 });

suite.test('RESYNC-008 / X-RESYNC-001: Resync_Error_Retry_Delay=0 means no retry', async (t) => {
  const r = runModel({ seed: SEED, until: 48 * H, config: { Profile_Rule: URL, Resync_Error_Retry_Delay: '0' }, server: { [URL]: { status: 500 } } });
  t.equal(profileFetches(r).length, 1, r.toString());
  t.ok(r.fired.some((f) => f.id === 'resync.retry.disabled'));
});

suite.test('RESYNC-006 / X-RESYNC-006: after a success the periodic gaps follow Resync_Periodic; a failure restarts the error schedule', async (t) => {
  const r = runModel({ seed: SEED, until: 10 * H, config: { Profile_Rule: URL, Resync_Periodic: '600,1200', Resync_Random_Delay: '0' }, server: { [URL]: OK } });
  const gaps = gapsSeconds(profileFetches(r).map((f) => f.at));
  t.same(gaps.slice(0, 4), [600, 1200, 1200, 1200]);
  t.equal(profileFetches(r)[0]?.at, 0, 'Resync_Random_Delay=0: first contact at once');
});

suite.property('RESYNC-003: the first contact waits 0..Resync_Random_Delay x 20 s, later ones do not (property)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 200 }), (seed, units) => {
  const r = runModel({ seed, until: 4 * H, config: { Profile_Rule: URL, Resync_Periodic: '3600', Resync_Random_Delay: String(units) }, server: { [URL]: OK } });
  const f = profileFetches(r);
  const first = f[0]?.at ?? -1;
  const gaps = gapsSeconds(f.map((x) => x.at));
  return first >= 0 && first <= units * 20_000 && gaps.every((g) => g === 3600);
}), { seed: SEED, numRuns: 80 });

suite.test('RESYNC-003: the first-contact delays of a fleet spread over the window (not all equal)', async (t) => {
  const firsts = new Set<number>();
  for (let seed = 1; seed <= 20; seed++) firsts.add(profileFetches(runModel({ seed, until: 60_000, config: { Profile_Rule: URL }, server: { [URL]: OK } }))[0]?.at ?? -1);
  t.ok(firsts.size > 10, `distinct first-contact times: ${firsts.size}`);
  for (const f of firsts) t.ok(f >= 0 && f <= 40_000, `${f} ms within 0..40 s (default 2 x 20 s)`);
});

suite.property('RESYNC-004/005: Resync_At=1000 replaces periodic; each daily resync falls in [10:00, 10:00 + delay] (property)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3600 }), (seed, delay) => {
  const r = runModel({ seed, until: 5 * 24 * H, config: { Profile_Rule: URL, Resync_At: '1000', Resync_At_Random_Delay: String(delay), Resync_Periodic: '60' }, server: { [URL]: OK } });
  const later = profileFetches(r).slice(1).map((f) => f.at % (24 * H));
  return later.length >= 4 && later.every((t0) => t0 >= 10 * H && t0 <= 10 * H + delay * 1000);
}), { seed: SEED, numRuns: 40 });

suite.test('RESYNC-004: an invalid Resync_At (2460) is ignored and periodic mode stays', async (t) => {
  const r = runModel({ seed: SEED, until: 3 * H, config: { Profile_Rule: URL, Resync_At: '2460', Resync_Periodic: '600', Resync_Random_Delay: '0' }, server: { [URL]: OK } });
  t.same(gapsSeconds(profileFetches(r).map((f) => f.at)).slice(0, 3), [600, 600, 600]);
});

suite.test('RESYNC-012: a never-true trigger suppresses periodic resyncs; SIP-003: NOTIFY still resyncs', async (t) => {
  const r = runModel({
    seed: SEED, until: 5 * H, config: { Profile_Rule: URL, Resync_Periodic: '600', Resync_Random_Delay: '0', Resync_Trigger_1: '$PRVTMR ge 99999' }, server: { [URL]: OK },
    script: [{ at: 2 * H, event: { type: 'sip-notify', line: 1, event: 'resync', callId: 'c1', cseq: 1 } }],
  });
  const f = profileFetches(r).map((x) => x.at);
  t.same(f, [0, 2 * H], r.toString());
  t.ok(r.fired.filter((x) => x.id === 'resync.timer.trigger-false').length >= 5);
});

suite.test('RESYNC-012: a trigger that becomes true lets the periodic resync run', async (t) => {
  const r = runModel({ seed: SEED, until: 2 * H, config: { Profile_Rule: URL, Resync_Periodic: '600', Resync_Random_Delay: '0', Resync_Trigger_1: '$PRVTMR ge 1800' }, server: { [URL]: OK } });
  t.same(profileFetches(r).map((x) => x.at / 1000), [0, 1800, 3600, 5400, 7200]);
});

suite.test('RESYNC-001: Provision_Enable=No: no profile request at all', async (t) => {
  const r = runModel({ seed: SEED, until: 24 * H, config: { Profile_Rule: URL, Provision_Enable: 'No' }, server: { [URL]: OK } });
  t.equal(profileFetches(r).length, 0);
});

suite.test('RESYNC-002: Resync_On_Reset=No: no request at boot, only after the periodic interval', async (t) => {
  const r = runModel({ seed: SEED, until: 2 * H, config: { Profile_Rule: URL, Resync_On_Reset: 'No', Resync_Periodic: '3600' }, server: { [URL]: OK } });
  t.same(profileFetches(r).map((x) => x.at), [H, 2 * H]);
});
