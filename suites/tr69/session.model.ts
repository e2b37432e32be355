/**
 * TR-069 CPE sessions (TR69-001..027 phone rows, X-TR69-020..026): the retry wait table
 * (TR-069 Amendment 6 3.2.1.1) as golden rows and as a property, BOOTSTRAP retention until
 * acknowledged and across reboot, the event queue, connection requests and the RPC set.
 */
import fc from 'fast-check';
import { defineSuite } from '../../lib/model-check/index.js';
import { SUPPORTED_ACS_METHODS, retryWindow } from '../../lib/phone-model/index.js';
import { ACS, AcsRun, scriptedAcs, type Acs } from './acs-driver.js';

const SEED = 6907;
const suite = defineSuite('tr69.session', ['TR69-012', 'TR69-013', 'TR69-021', 'TR69-022', 'TR69-023', 'X-TR69-021', 'X-TR69-022']);
export const properties = suite.properties;

suite.test('TR69-022 / X-TR69-022: the retry wait table of TR-069 3.2.1.1 with the defaults (golden rows)', async (t) => {
  const table: [number, number, number][] = [[1, 5, 10], [2, 10, 20], [3, 20, 40], [4, 40, 80], [5, 80, 160], [6, 160, 320], [7, 320, 640], [8, 640, 1280], [9, 1280, 2560], [10, 2560, 5120], [11, 2560, 5120], [30, 2560, 5120]];
  for (const [n, lo, hi] of table) t.same(retryWindow(n), { minSeconds: lo, maxSeconds: hi }, `retry ${n}: ${lo}-${hi} s`);
});

/** An ACS that never answers the first `fails` Informs. */
const failingAcs = (fails: number): Acs => {
  let informs = 0;
  const ok = scriptedAcs();
  return (post, n) => (post?.method === 'Inform' && informs++ < fails ? null : ok(post, n));
};

suite.property('TR69-021 / TR69-022: after k failed sessions each retry waits within its window and RetryCount counts 0..k, then resets', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 11 }), (seed, k) => {
    const r = new AcsRun(seed, failingAcs(k));
    r.feed({ type: 'power-up', at: 0 });
    r.runUntil(200_000_000, k + 2);
    const inf = r.informs();
    if (inf.length < k + 1) throw new Error(`expected ${k + 1} Informs, got ${inf.length}\n${r}`);
    for (let i = 1; i <= k; i++) {
      const gap = ((inf[i] as { at: number }).at - (inf[i - 1] as { at: number }).at) / 1000;
      const w = retryWindow(i);
      if (gap < w.minSeconds || gap > w.maxSeconds) throw new Error(`retry ${i}: waited ${gap} s, window ${w.minSeconds}-${w.maxSeconds}\n${r}`);
    }
    const counts = inf.slice(0, k + 1).map((x) => x.retryCount);
    if (counts.join(',') !== [...Array(k + 1).keys()].join(',')) throw new Error(`RetryCount ${counts.join(',')}`);
    return r.state.tr69.retryCount === 0 && r.state.tr69.phase === 'idle';
  }), { seed: SEED, numRuns: 40, explain: ([seed, k]) => { const r = new AcsRun(seed as number, failingAcs(k as number)); r.feed({ type: 'power-up', at: 0 }); r.runUntil(200_000_000, (k as number) + 2); return r.toString(); } });

suite.property('TR69-023 / X-TR69-021: 0 BOOTSTRAP is in every Inform until one is acknowledged, also across a reboot; never after', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (seed, fails, rebootAfter) => {
    const r = new AcsRun(seed, failingAcs(fails));
    r.feed({ type: 'power-up', at: 0 });
    for (let i = 0; i < 8; i++) {
      if (i === rebootAfter) r.feed({ type: 'web-submit', at: r.now + 1, changes: {} });
      r.runUntil(r.now + 10_000_000, 1);
    }
    r.feed({ type: 'web-submit', at: r.now + 1, changes: {} });
    const inf = r.informs();
    const acked = fails; // the first `fails` Informs get no answer
    for (const [i, x] of inf.entries()) {
      const has = x.events.includes('0 BOOTSTRAP');
      if (i <= acked && !has) throw new Error(`Inform ${i} lacks 0 BOOTSTRAP before the acknowledgement\n${r}`);
      if (i > acked && has) throw new Error(`Inform ${i} repeats 0 BOOTSTRAP after it was acknowledged\n${r}`);
    }
    return inf.length > acked + 1 && (inf.at(-1)?.events.includes('1 BOOT') ?? false);
  }), { seed: SEED, numRuns: 60 });

suite.test('TR69-012 / TR69-013: Inform -> InformResponse -> empty POST -> 204 ends the session; MaxEnvelopes 1', async (t) => {
  const r = new AcsRun(1, scriptedAcs());
  r.feed({ type: 'power-up', at: 0 });
  const posts = r.effects.flatMap((x) => (x.effect.type === 'send-cwmp' ? [x.effect] : []));
  t.equal(posts[0]?.body?.method, 'Inform');
  t.equal(posts[0]?.body?.method === 'Inform' ? posts[0].body.maxEnvelopes : -1, 1);
  t.same(posts[0]?.body?.method === 'Inform' ? posts[0].body.events.map((e) => e.eventCode) : [], ['0 BOOTSTRAP', '1 BOOT']);
  t.equal(posts[1]?.body, null, 'empty POST');
  t.equal(posts.length, 2);
  t.equal(r.state.tr69.phase, 'idle');
  t.equal(posts[0]?.url, ACS);
});

suite.test('DHCP-007 / TR69-023: without ACS_URL the ACS from option 43 is used and bootstrapped', async (t) => {
  const r = new AcsRun(2, scriptedAcs(), { 'Enable_TR-069': 'Yes', Provision_Enable: 'No' });
  r.feed({ type: 'power-up', at: 0 });
  t.equal(r.informs().length, 0, 'no ACS from DHCP in this script: no session');
  t.equal(r.state.tr69.phase, 'disabled');
});

suite.test('TR69-005 / X-TR69-020: a periodic session every Periodic_Inform_Interval with 2 PERIODIC only', async (t) => {
  const r = new AcsRun(3, scriptedAcs(), { 'Enable_TR-069': 'Yes', ACS_URL: ACS, Provision_Enable: 'No', Periodic_Inform_Interval: '600' });
  r.feed({ type: 'power-up', at: 0 });
  r.runUntil(1_900_000);
  const inf = r.informs();
  t.same(inf.map((x) => x.at), [0, 600_000, 1_200_000, 1_800_000]);
  t.same(inf[1]?.events, ['2 PERIODIC']);
});
