/**
 * Data types shared by the fuzzer's generators, targets, oracles and runner (issue 7).
 * Plain data only: findings and corpus entries are written to disk as JSON.
 */

/** Where a generated input comes from: which layer of the profile pipeline it stresses. */
export type Layer = 'profile' | 'rule' | 'xml' | 'value' | 'wrapper' | 'gzip' | 'corpus';

export const LAYERS: readonly Layer[] = ['profile', 'rule', 'xml', 'value', 'wrapper', 'gzip', 'corpus'];

/** What our reference pipeline (decrypt, inflate, parseProfile) says about an input. */
export interface ReferenceVerdict {
  readonly valid: boolean;
  /** 'ok', or the first error finding code / error code that made it invalid. */
  readonly reason: string;
}

/** One generated input. `reference` is computed when the input is generated (issue 7 part 1). */
export interface FuzzCase {
  readonly bytes: Uint8Array;
  readonly layer: Layer;
  /** Names of the generator and mutations applied, in order: ['profile', 'xml:deep-nesting']. */
  readonly mutations: readonly string[];
  readonly reference: ReferenceVerdict;
}

/**
 * How one execution ended. accept = exit 0 / returned; reject = exit 1..127 / typed rejection;
 * crash = signal or exit >= threshold / untyped exception; hang = timeout; memory = RSS or heap
 * limit; error = the target could not be run at all (not a finding about the input).
 */
export type OutcomeClass = 'accept' | 'reject' | 'crash' | 'hang' | 'memory' | 'error';

export interface Observation {
  readonly outcome: OutcomeClass;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** HTTP status for URL targets. */
  readonly status?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** Peak resident set size in KiB when the target is a process and it could be measured. */
  readonly peakRssKb?: number;
  /** For in-process targets: the error name of an untyped exception ('TypeError'). */
  readonly errorName?: string;
}

export type OracleName = 'crash' | 'hang' | 'memory' | 'untyped-error' | 'accepts-invalid' | 'rejects-valid' | 'differential';

export const ORACLES: readonly OracleName[] = ['crash', 'hang', 'memory', 'untyped-error', 'accepts-invalid', 'rejects-valid', 'differential'];

export interface OracleHit {
  readonly oracle: OracleName;
  /** Directory-safe de-duplication key: oracle + exit class/signal + hash of the top stderr line. */
  readonly signature: string;
  /** One line for the progress output and the report. */
  readonly summary: string;
  /** Index of the target concerned (differential: -1). */
  readonly target: number;
}

/** Something the fuzzer can execute an input against. */
export interface FuzzTarget {
  /** Short label for reports: 'own-parser', 'cmd:xmllint', 'module:parse.mjs#parse', 'url:http://127.0.0.1:8080/up'. */
  readonly name: string;
  run(input: Uint8Array): Promise<Observation>;
  /** A shell command that replays `inputPath` against this target, when one exists without provcert. */
  replayShell?(inputPath: string): string;
  close(): Promise<void>;
}
