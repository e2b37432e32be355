/**
 * Runs one registered ModelProperty without tap: its fast-check property with fc.check
 * (seed, numRuns, path) and its examples with a RecordingCheck. Used by `provcert model check`
 * and, through runUnderTap, by the suites' .model.test.ts files.
 */
import fc from 'fast-check';
import { RecordingCheck } from './assert.js';
import { formatCounterexample } from './format.js';
import type { ModelProperty, PropertyResult } from './types.js';

export const DEFAULT_SEED = 20240601;
export const DEFAULT_RUNS = 100;

export interface RunOptions {
  /** Overrides the property's own seed. */
  readonly seed?: number;
  /** Overrides the property's own run count. */
  readonly runs?: number;
  /** fast-check replay path (only with one property). */
  readonly path?: string;
  /** Extra words for the replay line (e.g. an environment prefix). */
  readonly replayPrefix?: string;
}

export async function runProperty(p: ModelProperty, suite: string, opts: RunOptions = {}): Promise<PropertyResult> {
  const started = performance.now();
  const failures: string[] = [];
  let counterexample: PropertyResult['counterexample'];
  let numRuns: number | undefined;
  let seed: number | undefined;
  const prefix = opts.replayPrefix ? `${opts.replayPrefix} ` : '';
  let replay = `${prefix}npx provcert model check --suite ${p.id}`;

  if (p.examples) {
    const check = new RecordingCheck();
    try {
      await p.examples(check);
    } catch (e) {
      failures.push(`stopped by an error: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (check.count === 0 && failures.length === 0) failures.push('the examples made no assertion');
    failures.push(...check.failures);
  }

  if (p.property) {
    seed = opts.seed ?? p.seed ?? DEFAULT_SEED;
    numRuns = opts.runs ?? p.numRuns ?? DEFAULT_RUNS;
    const params: fc.Parameters<unknown> = { seed, numRuns, ...(opts.path !== undefined ? { path: opts.path } : {}) };
    const details = await fc.check(p.property(), params);
    if (details.failed) {
      const path = details.counterexamplePath ?? '';
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'the property returned false');
      const args = Array.isArray(details.counterexample) ? details.counterexample as readonly unknown[] : [details.counterexample];
      counterexample = { path, shrinks: details.numShrinks, error: firstLines(error, 12), timeline: formatCounterexample(p, args) };
      replay = `${prefix}npx provcert model check --suite ${p.id} --seed ${seed} --path ${path}`;
    } else if (details.interrupted) {
      failures.push('fast-check was interrupted');
    }
    numRuns = details.numRuns;
  }

  return {
    id: p.id, suite, title: p.title, requirements: p.requirements,
    kind: p.property && p.examples ? 'both' : p.property ? 'property' : 'examples',
    ok: failures.length === 0 && counterexample === undefined,
    ms: Math.round(performance.now() - started),
    ...(numRuns !== undefined ? { numRuns } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(counterexample ? { counterexample } : {}),
    failures,
    replay,
  };
}

function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length > n ? [...lines.slice(0, n), `... (${lines.length - n} more lines)`].join('\n') : text;
}
