/**
 * The registration pattern shared by tap and `provcert model check` (issue 3 item 5): each
 * `suites/<area>/<topic>.model.ts` exports `properties: ModelProperty[]`; its `.model.test.ts`
 * runs them under tap (runUnderTap), the CLI imports the same module (compiled, from dist/suites)
 * and runs them without tap. One definition, two runners, the same verdicts.
 */
import type fc from 'fast-check';

/**
 * The assertion surface a model example uses. tap's `t` satisfies it structurally, and so does
 * the recording checker of the CLI (assert.ts), so example bodies run unchanged under both.
 */
export interface Check {
  ok(value: unknown): unknown;
  ok(value: unknown, message: string): unknown;
  notOk(value: unknown): unknown;
  notOk(value: unknown, message: string): unknown;
  equal(found: unknown, wanted: unknown): unknown;
  equal(found: unknown, wanted: unknown, message: string): unknown;
  not(found: unknown, notWanted: unknown): unknown;
  not(found: unknown, notWanted: unknown, message: string): unknown;
  same(found: unknown, wanted: unknown): unknown;
  same(found: unknown, wanted: unknown, message: string): unknown;
  match(found: unknown, pattern: RegExp | string): unknown;
  match(found: unknown, pattern: RegExp | string, message: string): unknown;
  pass(): unknown;
  pass(message: string): unknown;
  fail(): unknown;
  fail(message: string): unknown;
}

/** A fast-check property of any arity (fc.property / fc.asyncProperty); methods are bivariant. */
export type AnyProperty = fc.IRawProperty<unknown, boolean>;

export interface ModelProperty {
  /** Dotted, stable, unique: `<area>.<topic>.<what>` (conventions.md "test IDs"). */
  readonly id: string;
  /** One sentence in spec vocabulary; shown by tap and by `model check`. */
  readonly title: string;
  /** Requirement IDs it checks (validated against the registry at discovery). */
  readonly requirements: readonly string[];
  /**
   * A fresh fast-check property per run (it may hold per-run state). Checked with
   * fc.check(property(), { seed, numRuns, path }): a failure has a shrunk counterexample,
   * a seed and a path that replay it.
   */
  readonly property?: () => AnyProperty;
  /** Default seed and run count (the CLI's --seed/--runs override them). */
  readonly seed?: number;
  readonly numRuns?: number;
  /**
   * Renders a counterexample (the tuple the property received) as an event timeline in spec
   * vocabulary; without it each argument is printed with fc.stringify (commands one per line).
   */
  readonly explain?: (counterexample: readonly unknown[]) => string;
  /** Example-based checks (golden tests from the sources); deterministic, no seed. */
  readonly examples?: (t: Check) => void | Promise<void>;
}

export interface PropertyResult {
  readonly id: string;
  readonly suite: string;
  readonly title: string;
  readonly requirements: readonly string[];
  readonly kind: 'property' | 'examples' | 'both';
  readonly ok: boolean;
  readonly ms: number;
  /** Runs done (properties only). */
  readonly numRuns?: number;
  readonly seed?: number;
  /** Present when a property failed. */
  readonly counterexample?: {
    readonly path: string;
    readonly shrinks: number;
    readonly timeline: string;
    readonly error: string;
  };
  /** Failed assertions of the examples (or the error that stopped them). */
  readonly failures: readonly string[];
  /** One copy-paste command that reruns exactly this case. */
  readonly replay: string;
}
