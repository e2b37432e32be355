/**
 * Reasons for the coverage view (report.json coverage.*.uncovered): why a requirement has no result
 * in this run, so that the coverage figure is explained rather than just counted (issue 6 part 7).
 */
import { areaOf, REQUIREMENTS } from '../requirements/index.js';
import type { TestCase } from './types.js';
// The suites' own table of reasons (suites/helpers/uncovered.ts; compiled beside dist/lib as dist/suites).
import { UNCOVERED_REASONS } from '../../suites/helpers/uncovered.js';

/** Areas whose packet-level tests come with later issues (issue 6 part 1). */
const LATER_AREAS: Readonly<Record<string, string>> = {
  TR69: 'TR-069 packet-level tests come with the TR-069 issue',
  PFS: 'PFS packet-level tests come with a later issue',
  CONG: 'congestion tests come with a later issue',
};

export function uncoveredReasons(all: readonly TestCase[], selected: readonly TestCase[]): Record<string, string> {
  const declared = new Set(all.flatMap((t) => t.requirements));
  const chosen = new Set(selected.flatMap((t) => t.requirements));
  const out: Record<string, string> = {};
  for (const r of REQUIREMENTS.values()) {
    if (chosen.has(r.id)) continue;
    if (r.subject === 'phone') out[r.id] = 'phone-side: judged by the model tests (provcert model check) and, later, by replaying a real phone\'s capture';
    else if (declared.has(r.id)) out[r.id] = 'its tests were deselected in this run';
    else out[r.id] = LATER_AREAS[areaOf(r.id)] ?? UNCOVERED_REASONS[r.id] ?? 'no packet-level test declares it yet';
  }
  return out;
}
