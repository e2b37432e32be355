/**
 * Builds the Report (report.json, schemas/report.schema.json) from what a run has produced so far.
 * Pure: the writer calls it after every result and once more at the end.
 */
import { VERSION } from '../version.js';
import { compareBaseline, type Baseline } from './baseline.js';
import { coverageView, runOutcome, summarize } from './summary.js';
import type { Report, ReportTarget, Result } from './types.js';

export interface ReportMeta {
  target: ReportTarget;
  seed: number;
  /** ISO 8601 UTC. */
  startedAt: string;
  /** Lab adaptations the runner made (issue 6 part 2: "record such lab adaptations in the report"). */
  labAdaptations?: readonly string[];
  /** Why a requirement has no test in this run (requirement ID -> reason), for the coverage views. */
  uncoveredReasons?: Readonly<Record<string, string>>;
  /** The baseline to compare with, and the path it was loaded from. */
  baseline?: { baseline: Baseline; file?: string };
}

export interface ReportState {
  results: readonly Result[];
  phoneResults: readonly Result[];
  complete: boolean;
  finishedAt?: string;
  interrupted?: boolean;
}

export function buildReport(meta: ReportMeta, state: ReportState): Report {
  const summary = summarize(state.results);
  const phoneSummary = summarize(state.phoneResults);
  const reasons = meta.uncoveredReasons ?? {};
  const baseline = meta.baseline
    ? compareBaseline([...state.results, ...state.phoneResults], meta.baseline.baseline, meta.baseline.file)
    : undefined;
  return {
    reportVersion: 1,
    tool: { name: 'provcert', version: VERSION },
    target: { ...meta.target, serves: [...meta.target.serves], versions: { ...meta.target.versions } },
    seed: meta.seed,
    startedAt: meta.startedAt,
    ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
    complete: state.complete,
    ...(state.interrupted ? { interrupted: true } : {}),
    summary,
    phoneSummary,
    outcome: runOutcome(summary, phoneSummary, baseline),
    results: [...state.results],
    phoneResults: [...state.phoneResults],
    coverage: {
      server: coverageView(state.results, ['server', 'both'], reasons),
      phone: coverageView(state.phoneResults, ['phone'], reasons),
    },
    labAdaptations: [...(meta.labAdaptations ?? [])],
    ...(baseline ? { baseline } : {}),
  };
}
