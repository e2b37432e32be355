/**
 * Baselines: `expected/<target>.json` lists the expected verdict of every test that does not pass
 * against one target (schemas/baseline.schema.json). Comparing a run with it gives the labels of
 * style-examples.md #20 (osmocom compare-results): `pass->FAIL`, `xfail->PASS`, `NEW`, plus
 * `changed`, `unchanged` and `missing`. New failures and unexpected passes fail the run (issue 6 part 5).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import baselineSchema from '../../schemas/baseline.schema.json' with { type: 'json' };
import { configError } from '../errors.js';
import type { BaselineComparison, BaselineEntry, BaselineLabel, Result, Verdict } from './types.js';

export type BaselineVerdict = Exclude<Verdict, 'pass'>;

export interface Baseline {
  target: string;
  tests: Record<string, { verdict: BaselineVerdict; reason: string }>;
}

export const BASELINE_LABELS: readonly BaselineLabel[] = ['pass->FAIL', 'xfail->PASS', 'NEW', 'changed', 'unchanged', 'missing'];

let compiled: ValidateFunction | undefined;

/** Validates a parsed baseline; `where` names the file in the error. */
export function parseBaseline(value: unknown, where = 'baseline'): Baseline {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(baselineSchema);
  if (!compiled(value)) {
    const first = compiled.errors?.[0];
    const at = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '(top)';
    throw configError(`${where}: ${at}: ${first?.message ?? 'invalid'}`);
  }
  return value as Baseline;
}

/** Reads and validates expected/<target>.json; a missing or invalid file is a configuration error (exit 2). */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw configError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw configError(`baseline ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseBaseline(value, file);
}

/** fail and error are judgements against the target (or the target broke); skip and n/a are not. */
function isFailing(v: Verdict): boolean {
  return v === 'fail' || v === 'error';
}

function classify(test: string, observed: Verdict, listed: Baseline['tests'][string] | undefined): BaselineEntry {
  const expected: Verdict = listed?.verdict ?? 'pass';
  const base = { test, expected, observed, ...(listed ? { reason: listed.reason } : {}) };
  let label: BaselineLabel;
  if (observed === expected) label = 'unchanged';
  else if (observed === 'pass') label = 'xfail->PASS';
  else if (!listed) label = 'NEW';
  else if (isFailing(observed) && !isFailing(expected)) label = 'pass->FAIL';
  else label = 'changed';
  // A NEW skip/n/a is no judgement of the server (e.g. a tool missing here): shown, not fatal.
  const failsRun = label === 'xfail->PASS' || label === 'pass->FAIL' || (label === 'NEW' && isFailing(observed));
  return { ...base, label, failsRun };
}

/**
 * Compares a run's results with a baseline. Every result gets one entry, plus one `missing` entry
 * per baseline test that did not run (deselected suites: shown, not fatal).
 */
export function compareBaseline(results: readonly Result[], baseline: Baseline, file?: string): BaselineComparison {
  const entries: BaselineEntry[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    seen.add(r.id);
    entries.push(classify(r.id, r.verdict, Object.hasOwn(baseline.tests, r.id) ? baseline.tests[r.id] : undefined));
  }
  for (const [test, listed] of Object.entries(baseline.tests)) {
    if (!seen.has(test)) entries.push({ test, label: 'missing', expected: listed.verdict, reason: listed.reason, failsRun: false });
  }
  const counts = Object.fromEntries(BASELINE_LABELS.map((l) => [l, 0])) as Record<BaselineLabel, number>;
  for (const e of entries) counts[e.label]++;
  return { ...(file !== undefined ? { file } : {}), target: baseline.target, counts, entries, failed: entries.some((e) => e.failsRun) };
}

/**
 * A baseline that expects exactly what `results` did: the starting point for expected/<target>.json.
 * `reasonFor` must give each non-passing test a docs/server-findings.md#anchor reason.
 */
export function baselineFromResults(target: string, results: readonly Result[], reasonFor: (r: Result) => string): Baseline {
  const tests: Baseline['tests'] = {};
  for (const r of [...results].sort((a, b) => a.id.localeCompare(b.id))) {
    if (r.verdict !== 'pass') tests[r.id] = { verdict: r.verdict, reason: reasonFor(r) };
  }
  return { target, tests };
}
