/**
 * Runs registered model properties under tap: one subtest per property, the same runner as
 * the CLI (run.ts), so a failure shows the same timeline and replay line. `t` is typed
 * structurally so lib/ does not depend on tap.
 */
import { formatResult } from './format.js';
import { runProperty } from './run.js';
import type { Check, ModelProperty } from './types.js';

export interface TapLike {
  test(name: string, fn: (t: Check) => Promise<void>): unknown;
}

export function runUnderTap(t: TapLike, suite: string, properties: readonly ModelProperty[]): void {
  for (const p of properties) {
    t.test(`${p.id}: ${p.title}`, async (tt) => {
      if (p.examples) await p.examples(tt);
      if (p.property) {
        const r = await runProperty({ ...p, examples: undefined }, suite);
        tt.ok(r.ok, r.ok ? `no counterexample in ${r.numRuns} runs (seed ${r.seed})` : formatResult(r));
      }
    });
  }
}
