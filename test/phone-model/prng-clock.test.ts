import t from 'tap';
import fc from 'fast-check';
import { applyTimerEffects, emptyTimerBook, fireTimer, nextTimer, nextU32, randomInt, seedPrng } from '../../lib/phone-model/index.js';

const SEED = 11;

t.test('prng: deterministic per seed, different across seeds, uint32 output', async (t) => {
  t.same(seedPrng(5), seedPrng(5));
  t.not(nextU32(seedPrng(5))[0], nextU32(seedPrng(6))[0]);
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (s) => {
    const [v] = nextU32(seedPrng(s));
    return Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
  }), { seed: SEED, numRuns: 200 });
});

t.test('randomInt stays within [lo, hi] and covers small ranges', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 100000 }), (s, lo, span) => {
    const [v] = randomInt(seedPrng(s), lo, lo + span);
    return v >= lo && v <= lo + span;
  }), { seed: SEED, numRuns: 300 });
  let st = seedPrng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) { const [v, n] = randomInt(st, 0, 3); seen.add(v); st = n; }
  t.same([...seen].sort(), [0, 1, 2, 3]);
});

t.test('virtual clock: start/cancel/reboot effects, earliest timer first, ties by name', async (t) => {
  let b = emptyTimerBook(1000);
  b = applyTimerEffects(b, [
    { type: 'start-timer', name: 'resync', delayMs: 500, reqs: [] },
    { type: 'start-timer', name: 'dhcp-t1', delayMs: 500, reqs: [] },
    { type: 'start-timer', name: 'dhcp-lease', delayMs: 100, reqs: [] },
  ]);
  t.same(nextTimer(b), { name: 'dhcp-lease', at: 1100 });
  b = applyTimerEffects(b, [{ type: 'cancel-timer', name: 'dhcp-lease', reqs: [] }]);
  t.same(nextTimer(b), { name: 'dhcp-t1', at: 1500 }, 'tie broken by name');
  b = fireTimer(b, 'dhcp-t1');
  t.equal(b.now, 1500);
  t.same(nextTimer(b), { name: 'resync', at: 1500 });
  b = applyTimerEffects(b, [{ type: 'reboot', reason: 'x', reqs: [] }]);
  t.equal(nextTimer(b), undefined);
});
