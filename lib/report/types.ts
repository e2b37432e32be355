/**
 * Verdicts and results (conventions.md: pass, fail, error, skip, n/a) as a discriminated union:
 * each verdict carries the fields it needs (style-examples.md #13). schemas/report.schema.json is the
 * JSON Schema of Report; the report writer validates against it in tests.
 */
import type { Level } from '../requirements/index.js';

export type Verdict = 'pass' | 'fail' | 'error' | 'skip' | 'n/a';

export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'error', 'skip', 'n/a'];

/**
 * One message of a test's exchange, for the sequence diagram in index.html (issue 6 part 4).
 * The runner fills it from the test's capture; `frame` and `time` are as Wireshark shows them.
 */
export interface LadderMessage {
  /** Frame number in `evidence.pcap` (Wireshark counting, from 1). */
  frame: number;
  /** Seconds since the first frame of the capture (Wireshark frame.time_relative). */
  time: number;
  /** Endpoint names or addresses: `phone-1`, `10.77.0.1:69`. */
  from: string;
  to: string;
  /** Short summary: `DHCPOFFER xid=0x1234`, `GET /cfg.xml -> 404`. */
  label: string;
  /** True on the frame the verdict is about (drawn in red). */
  offending?: boolean;
}

export interface Evidence {
  /** pcap of this test, relative to the report folder. */
  pcap?: string;
  /** True when the pcap was written by the emulator from its sockets (no root: no real capture). */
  socketLevel?: boolean;
  /** Frame numbers as Wireshark counts them in `pcap`; the first is the offending one on a fail. */
  frames?: number[];
  /** Log files (target, emulator), relative to the report folder. */
  logs?: string[];
  /** Model failures: the shrunk counterexample as a readable timeline. */
  counterexample?: string;
  /** Seed and fast-check path that replay it. */
  seed?: number;
  path?: string;
  /** One copy-paste command that replays this result. */
  replay?: string;
  /** The messages exchanged, in order, for the sequence diagram. */
  ladder?: LadderMessage[];
}

interface ResultBase {
  /** Dotted test ID: `<suite>.<topic>.<what>`. */
  id: string;
  suite: string;
  title: string;
  requirements: string[];
  /** Strongest level among `requirements`. */
  level: Level;
  durationMs: number;
  message?: string;
  evidence: Evidence;
}

export type Result =
  | (ResultBase & { verdict: 'pass' })
  | (ResultBase & { verdict: 'fail'; requirementId: string; expected: string; observed: string; message: string })
  | (ResultBase & { verdict: 'error'; message: string })
  | (ResultBase & { verdict: 'skip'; reason: string })
  | (ResultBase & { verdict: 'n/a'; reason: string });

export interface Summary {
  total: number;
  pass: number;
  fail: number;
  error: number;
  skip: number;
  na: number;
  /** fail results whose level is MUST: these decide exit code 1. */
  mustFailures: number;
}

/** What the run was pointed at (lib/targets RunningTarget, reduced to what a reader needs). */
export interface ReportTarget {
  name: string;
  kind: 'builtin' | 'process' | 'container' | 'command' | 'external';
  serves: string[];
  /** Software versions found, e.g. { dnsmasq: '2.89' }. */
  versions: Record<string, string>;
}

/** One requirement in a coverage view: which tests judged it and with what verdicts. */
export interface CoveredRequirement {
  id: string;
  level: Level;
  title: string;
  tests: { id: string; verdict: Verdict }[];
}

export interface UncoveredRequirement {
  id: string;
  level: Level;
  title: string;
  /** Why no test judged it in this run (not implemented yet, needs a real phone, deselected...). */
  reason: string;
}

/** Coverage of one side (server/both, or phone) of the catalogue (conventions.md: computed separately). */
export interface CoverageView {
  /** Requirements in scope for this side. */
  total: number;
  covered: CoveredRequirement[];
  uncovered: UncoveredRequirement[];
}

export interface Coverage {
  server: CoverageView;
  phone: CoverageView;
}

/** Baseline comparison labels (style-examples.md #20, osmocom compare-results). */
export type BaselineLabel = 'pass->FAIL' | 'xfail->PASS' | 'NEW' | 'changed' | 'unchanged' | 'missing';

export interface BaselineEntry {
  test: string;
  label: BaselineLabel;
  /** Verdict the baseline expects (`pass` when the test is not listed). */
  expected: Verdict;
  /** Verdict of this run; absent for `missing`. */
  observed?: Verdict;
  /** The baseline's reason (a docs/server-findings.md#anchor link), when listed. */
  reason?: string;
  /** True when this entry makes the run fail (new failure or unexpected pass). */
  failsRun: boolean;
}

export interface BaselineComparison {
  /** Path of the baseline file as given to the run, when known. */
  file?: string;
  target: string;
  counts: Record<BaselineLabel, number>;
  entries: BaselineEntry[];
  /** True when any entry fails the run. */
  failed: boolean;
}

/** The whole of report.json (schemas/report.schema.json). */
export interface Report {
  /** Schema version of this file; bumped on incompatible changes. */
  reportVersion: 1;
  tool: { name: 'provcert'; version: string };
  target: ReportTarget;
  seed: number;
  /** ISO 8601 UTC. */
  startedAt: string;
  finishedAt?: string;
  /** False while the run is going on, and after an interrupted run. */
  complete: boolean;
  /** True when the run was stopped (SIGINT) before all tests ran. */
  interrupted?: boolean;
  /** Results against the target (server/both requirements). */
  summary: Summary;
  /** Results of the model tests (phone-side requirements). */
  phoneSummary: Summary;
  /** 0 or 1 as `provcert run` exits (conventions.md), and why. */
  outcome: { exitCode: 0 | 1; reason: string };
  results: Result[];
  phoneResults: Result[];
  coverage: Coverage;
  /** Where the lab differs from a real deployment and how tests adapted (e.g. "DNS cross-check only with lab DNS"). */
  labAdaptations: string[];
  baseline?: BaselineComparison;
}
