/**
 * Minimisation of a finding (issue 7 part 4), in two passes under one budget:
 *  1. fast-check shrinking, by replaying the failing seed and path of the generator (the
 *     structure shrinks: fewer parameters, shallower nesting, shorter values);
 *  2. byte-level delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating
 *     Failure-Inducing Input", 2002: ddmin over complements) on the raw bytes.
 * The predicate is "the same signature again", so a minimised input reproduces the same finding.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { FuzzCase } from './types.js';

export interface Budget {
  readonly deadline: number;
  readonly maxExecs: number;
  execs: number;
}

export function makeBudget(timeMs: number, maxExecs: number): Budget {
  return { deadline: Date.now() + timeMs, maxExecs, execs: 0 };
}

export const exhausted = (b: Budget): boolean => b.execs >= b.maxExecs || Date.now() >= b.deadline;

/** True when the input still shows the finding being minimised. */
export type Reproduces = (bytes: Uint8Array) => Promise<boolean>;

/** Counts executions and caches verdicts by content (ddmin asks for the same bytes repeatedly). */
export function budgeted(pred: Reproduces, budget: Budget): Reproduces {
  const cache = new Map<string, boolean>();
  return async (bytes) => {
    const key = createHash('sha1').update(bytes).digest('hex');
    const known = cache.get(key);
    if (known !== undefined) return known;
    if (exhausted(budget)) return false;
    budget.execs++;
    const r = await pred(bytes);
    cache.set(key, r);
    return r;
  };
}

export interface ShrinkResult {
  readonly case: FuzzCase;
  /** fast-check's counterexample path after shrinking ('17:0:3'), replayable with the seed. */
  readonly path: string;
  readonly shrinks: number;
}

/** Replays run `runIndex` of `seed` and lets fast-check shrink it while `reproduces` holds. */
export async function shrinkBySeed(arb: fc.Arbitrary<FuzzCase>, seed: number, runIndex: number, reproduces: Reproduces, budget: Budget): Promise<ShrinkResult | undefined> {
  const details = await fc.check(
    fc.asyncProperty(arb, async (c) => exhausted(budget) || !(await reproduces(c.bytes))),
    { seed, path: String(runIndex), numRuns: runIndex + 1 },
  );
  if (!details.failed || !details.counterexample) return undefined;
  return { case: details.counterexample[0], path: details.counterexamplePath ?? String(runIndex), shrinks: details.numShrinks };
}

/** ddmin over complements: removes ever smaller chunks while the input still reproduces. */
export async function ddmin(input: Uint8Array, reproduces: Reproduces, budget: Budget): Promise<Uint8Array> {
  let cur = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let n = 2;
  while (cur.length >= 2 && !exhausted(budget)) {
    const chunk = Math.ceil(cur.length / n);
    let reduced = false;
    for (let start = 0; start < cur.length && !exhausted(budget); start += chunk) {
      const complement = Buffer.concat([cur.subarray(0, start), cur.subarray(start + chunk)]);
      if (complement.length < cur.length && await reproduces(complement)) {
        cur = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  // A last try at the empty input: some findings need no bytes at all.
  if (cur.length === 1 && !exhausted(budget) && await reproduces(new Uint8Array(0))) return new Uint8Array(0);
  return cur;
}
