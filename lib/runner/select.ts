/**
 * Selection (--suite, --test, --requirement) and applicability (`needs`, `applies`): which tests run,
 * and which become `n/a` with a reason before any packet is sent.
 */
import { usageError } from '../errors.js';
import { isKnownRequirement } from '../requirements/index.js';
import type { TargetView, TestCase } from './types.js';

export interface Selection {
  readonly suites?: readonly string[];
  readonly tests?: readonly string[];
  readonly requirements?: readonly string[];
}

/** Splits `a,b` flag values; empty parts are usage errors. */
export function listFlag(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw usageError(`--${flag} has an empty item: '${value}'`);
  return parts;
}

/**
 * The tests the selection names, in discovery order. Naming a suite, test or requirement that does
 * not exist is a usage error (a typo must not silently select nothing).
 */
export function selectTests(all: readonly TestCase[], sel: Selection): TestCase[] {
  const suites = new Set(all.map((t) => t.suite));
  for (const s of sel.suites ?? []) if (!suites.has(s)) throw usageError(`no suite '${s}' (suites: ${[...suites].join(', ') || 'none'})`);
  for (const id of sel.tests ?? []) if (!all.some((t) => t.id === id)) throw usageError(`no test '${id}' (provcert list shows the IDs)`);
  for (const r of sel.requirements ?? []) if (!isKnownRequirement(r)) throw usageError(`unknown requirement ID '${r}'`);
  return all.filter((t) =>
    (!sel.suites || sel.suites.includes(t.suite)) &&
    (!sel.tests || sel.tests.includes(t.id)) &&
    (!sel.requirements || t.requirements.some((r) => sel.requirements!.includes(r))));
}

/** Why `test` does not apply to `target`, or undefined when it does. */
export function notApplicableReason(test: TestCase, target: TargetView): string | undefined {
  const missing = (test.needs ?? []).filter((s) => !target.serves.includes(s));
  if (missing.length > 0) return `target ${target.name} does not serve ${missing.join(', ')}`;
  return test.applies?.(target);
}
