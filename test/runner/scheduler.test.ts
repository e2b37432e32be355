import t from 'tap';
import fc from 'fast-check';
import { schedule } from '../../lib/runner/scheduler.js';

t.test('never more than `concurrency` at once; exclusive jobs run alone; all jobs run once', async (t) => {
  await fc.assert(fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (flags, limit) => {
    let active = 0;
    let activeExclusive = 0;
    let ran = 0;
    let ok = true;
    const jobs = flags.map((exclusive) => ({
      exclusive,
      async run() {
        active++;
        if (exclusive) activeExclusive++;
        if (active > limit || (activeExclusive > 0 && active > 1)) ok = false;
        await new Promise((r) => setTimeout(r, 1));
        ran++;
        active--;
        if (exclusive) activeExclusive--;
      },
    }));
    await schedule(jobs, { concurrency: limit });
    return ok && ran === flags.length;
  }), { seed: 77, numRuns: 40 });
});

t.test('stopped() prevents further starts; before() runs ahead of each job', async (t) => {
  let started = 0;
  let before = 0;
  const jobs = Array.from({ length: 5 }, () => ({ exclusive: false, async run() { started++; } }));
  await schedule(jobs, { concurrency: 1, before: async () => { before++; }, stopped: () => started >= 2 });
  t.equal(started, 2);
  t.equal(before, 2);
});
