/**
 * Counting: per-verdict summary, per-suite rows, requirement coverage (server/both and phone
 * separately, conventions.md "subject") and the outcome that decides `provcert run`'s exit code.
 */
import { ProvcertError } from '../errors.js';
import { REQUIREMENTS, type Requirement } from '../requirements/index.js';
import type { BaselineComparison, CoverageView, Result, Summary, Verdict } from './types.js';

export function emptySummary(): Summary {
  return { total: 0, pass: 0, fail: 0, error: 0, skip: 0, na: 0, mustFailures: 0 };
}

export function summarize(results: readonly Result[]): Summary {
  const s = emptySummary();
  for (const r of results) {
    s.total++;
    if (r.verdict === 'n/a') s.na++;
    else s[r.verdict]++;
    // conventions.md: a SHOULD/MAY violation is `fail` carrying its level; only MUST failures count here.
    if (r.verdict === 'fail' && r.level === 'MUST') s.mustFailures++;
  }
  return s;
}

export interface SuiteRow {
  suite: string;
  summary: Summary;
}

/** One row per suite, in order of first appearance. */
export function summarizeBySuite(results: readonly Result[]): SuiteRow[] {
  const bySuite = new Map<string, Result[]>();
  for (const r of results) {
    const list = bySuite.get(r.suite) ?? [];
    list.push(r);
    bySuite.set(r.suite, list);
  }
  return [...bySuite].map(([suite, list]) => ({ suite, summary: summarize(list) }));
}

const TEST_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** Reason shown for an uncovered requirement the runner gave no reason for. */
export const DEFAULT_UNCOVERED_REASON = 'no test in this run declares it';

/**
 * Checks the requirement IDs of a result: all must be known, and results against a target carry
 * only server/both requirements (conventions.md "subject"); phone-side results are model tests.
 */
export function checkResultRequirements(result: Result, section: 'target' | 'phone', registry: ReadonlyMap<string, Requirement> = REQUIREMENTS): void {
  // conventions.md "test IDs": dotted, lower-case (schemas/report.schema.json testId).
  if (!TEST_ID.test(result.id)) throw new ProvcertError('PC_ERR_INTERNAL', `result '${result.id}': test IDs are dotted lower-case, <suite>.<topic>.<what>`);
  // ARCHITECTURE.md invariant: every result names requirement IDs.
  if (result.requirements.length === 0) throw new ProvcertError('PC_ERR_INTERNAL', `result ${result.id} names no requirement`);
  for (const id of result.requirements) {
    const req = registry.get(id);
    if (!req) {
      throw new ProvcertError('PC_ERR_REQUIREMENT_UNKNOWN', `result ${result.id}: unknown requirement ID '${id}'`, { requirementId: id });
    }
    if (section === 'target' && req.subject === 'phone') {
      throw new ProvcertError('PC_ERR_INTERNAL', `result ${result.id}: ${id} is a phone-side requirement; target results carry only server/both requirements`, { requirementId: id });
    }
  }
  if (result.verdict === 'fail' && !result.requirements.includes(result.requirementId)) {
    throw new ProvcertError('PC_ERR_INTERNAL', `result ${result.id}: failed requirement ${result.requirementId} is not among its requirements`, { requirementId: result.requirementId });
  }
}

/**
 * Coverage of the requirements of the given subjects by `results`: which tests judged each and
 * with what verdict; the others with the reason the runner gave (or the default).
 */
export function coverageView(
  results: readonly Result[],
  subjects: readonly Requirement['subject'][],
  reasons: Readonly<Record<string, string>> = {},
  registry: ReadonlyMap<string, Requirement> = REQUIREMENTS,
): CoverageView {
  const tests = new Map<string, { id: string; verdict: Verdict }[]>();
  for (const r of results) {
    for (const id of r.requirements) {
      const list = tests.get(id) ?? [];
      list.push({ id: r.id, verdict: r.verdict });
      tests.set(id, list);
    }
  }
  const view: CoverageView = { total: 0, covered: [], uncovered: [] };
  for (const req of registry.values()) {
    if (!subjects.includes(req.subject)) continue;
    view.total++;
    const judged = tests.get(req.id);
    if (judged) view.covered.push({ id: req.id, level: req.level, title: req.title, tests: judged });
    else view.uncovered.push({ id: req.id, level: req.level, title: req.title, reason: reasons[req.id] ?? DEFAULT_UNCOVERED_REASON });
  }
  return view;
}

/**
 * The run's exit code (conventions.md): with a baseline, new failures and unexpected passes fail
 * the run (issue 6 part 5); without one, any MUST-level failure does.
 */
export function runOutcome(summary: Summary, phoneSummary: Summary, baseline?: BaselineComparison): { exitCode: 0 | 1; reason: string } {
  if (baseline) {
    const c = baseline.counts;
    const newFailures = baseline.entries.filter((e) => e.failsRun && e.label !== 'xfail->PASS').length;
    if (baseline.failed) {
      return { exitCode: 1, reason: `baseline ${baseline.target}: ${newFailures} new failure(s), ${c['xfail->PASS']} unexpected pass(es)` };
    }
    return { exitCode: 0, reason: `matches baseline ${baseline.target} (${c.unchanged} unchanged, ${c.missing} not run)` };
  }
  const must = summary.mustFailures + phoneSummary.mustFailures;
  if (must > 0) return { exitCode: 1, reason: `${must} MUST-level failure(s)` };
  // A test that broke (error) was not judged: a run that could not judge is not a clean run.
  const errors = summary.error + phoneSummary.error;
  if (errors > 0) return { exitCode: 1, reason: `no MUST-level failure, but ${errors} test(s) could not run (error)` };
  return { exitCode: 0, reason: 'no MUST-level failure' };
}
