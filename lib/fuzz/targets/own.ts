/**
 * Our own pipeline as the target (no --cmd/--module/--url): decrypt, inflate, parseProfile and
 * the rule grammar, in-process. Bad input must come back as a verdict or a ProvcertError; any
 * other exception is an untyped error (ARCHITECTURE.md invariant, issue 7 part 3).
 * In-process code cannot be pre-empted: a hang is judged after the fact from the duration.
 */
import { performance } from 'node:perf_hooks';
import { isProvcertError } from '../../errors.js';
import { runProfilePipeline } from '../reference.js';
import type { FuzzTarget, Observation } from '../types.js';

/** Runs any in-process decoder the same way: returns normally = accept, ProvcertError = reject. */
export function observeInProcess(fn: () => { valid: boolean; reason: string }, timeoutMs: number): Observation {
  const t0 = performance.now();
  try {
    const r = fn();
    const durationMs = performance.now() - t0;
    return { outcome: durationMs > timeoutMs ? 'hang' : r.valid ? 'accept' : 'reject', stdout: r.reason, stderr: '', durationMs };
  } catch (e) {
    const durationMs = performance.now() - t0;
    if (isProvcertError(e)) return { outcome: durationMs > timeoutMs ? 'hang' : 'reject', stdout: e.code, stderr: e.toLine(), durationMs };
    const name = e instanceof Error ? e.name : typeof e;
    const message = e instanceof Error ? e.message : String(e);
    // A stack overflow is a RangeError: still untyped, and the input that caused it is the finding.
    return { outcome: 'crash', stdout: '', stderr: `${name}: ${message}`, durationMs, errorName: name };
  }
}

export function ownParserTarget(timeoutMs: number): FuzzTarget {
  return {
    name: 'own-parser',
    run: async (input) => observeInProcess(() => runProfilePipeline(input), timeoutMs),
    close: async () => {},
  };
}
