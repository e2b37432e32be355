/**
 * Verdicts and results (conventions.md: pass, fail, error, skip, n/a) as a discriminated union:
 * each verdict carries the fields it needs (style-examples.md #13). schemas/report.schema.json is the
 * JSON Schema of Report; the report writer validates against it in tests.
 */
import type { Level } from '../requirements/index.js';

export type Verdict = 'pass' | 'fail' | 'error' | 'skip' | 'n/a';

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
