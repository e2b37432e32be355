/**
 * Runs one test case and turns its outcome into a Result (conventions.md verdicts): returning is
 * `pass`; a Judgement is `fail` (requirement, expected, observed, offending frame), `skip` or `n/a`;
 * anything else, a timeout or a target crash is `error` with the reason. Evidence: the test's pcap,
 * frames, logs, ladder and the replay command.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isProvcertError } from '../errors.js';
import { getRequirement } from '../requirements/index.js';
import type { Evidence, Result } from '../report/types.js';
import { isJudgement } from './judgement.js';
import type { TestCase, TestContext } from './types.js';
import type { TestCapture } from './capture.js';

export interface ExecuteOptions {
  readonly timeoutMs: number;
  /** Report folder: evidence paths are relative to it. */
  readonly outDir: string;
  readonly replay: string;
  /** Resolves with a reason when the target exits during the test. */
  readonly targetExited: Promise<string>;
  /** Log files (target logs) to list as evidence. */
  readonly logs: readonly string[];
  readonly seed: number;
}

type Outcome =
  | { kind: 'returned' }
  | { kind: 'threw'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'crashed'; reason: string };

function describe(e: unknown): string {
  if (isProvcertError(e)) return e.toLine();
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export async function executeTest(test: TestCase, ctx: TestContext, abort: AbortController, capture: TestCapture, o: ExecuteOptions): Promise<Result> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome: Outcome = await Promise.race([
    Promise.resolve().then(() => test.run(ctx)).then((): Outcome => ({ kind: 'returned' }), (error: unknown): Outcome => ({ kind: 'threw', error })),
    new Promise<Outcome>((resolve) => { timer = setTimeout(() => resolve({ kind: 'timeout' }), o.timeoutMs); }),
    o.targetExited.then((reason): Outcome => ({ kind: 'crashed', reason })),
  ]);
  clearTimeout(timer);
  abort.abort();
  await capture.close().catch((e: unknown) => ctx.log(`capture could not be closed: ${describe(e)}`));
  const durationMs = Math.round(performance.now() - started);
  const rel = (p: string) => relative(o.outDir, p) || '.';
  const evidence: Evidence = {
    pcap: rel(capture.evidencePcap),
    socketLevel: capture.socketLevel,
    logs: [...(existsSync(join(ctx.dir, 'test.log')) ? [join(ctx.dir, 'test.log')] : []), ...o.logs].map(rel),
    seed: o.seed,
    replay: o.replay,
  };
  const base = { id: test.id, suite: test.suite, title: test.title, requirements: [...test.requirements], level: test.level, durationMs, evidence };
  const finish = (frames: number[]) => {
    if (frames.length > 0) evidence.frames = frames;
    const ladder = capture.ladder(frames);
    if (ladder.length > 0) evidence.ladder = ladder;
  };
  switch (outcome.kind) {
    case 'returned':
      finish([]);
      return { ...base, verdict: 'pass' };
    case 'timeout':
      finish([]);
      return { ...base, verdict: 'error', message: `timed out after ${o.timeoutMs} ms (per-test timeout)` };
    case 'crashed':
      finish([]);
      return { ...base, verdict: 'error', message: `the target stopped during the test: ${outcome.reason}` };
    case 'threw': {
      const e = outcome.error;
      if (isJudgement(e)) {
        if (e.kind === 'skip') { finish([]); return { ...base, verdict: 'skip', reason: e.message }; }
        if (e.kind === 'n/a') { finish([]); return { ...base, verdict: 'n/a', reason: e.message }; }
        const frame = e.packet ? capture.frameOf(e.packet) : undefined;
        finish(frame !== undefined ? [frame] : []);
        const requirementId = e.requirementId && test.requirements.includes(e.requirementId) ? e.requirementId : (test.requirements[0] as string);
        // The level of a fail is that of the requirement it breaks (conventions.md: SHOULD/MAY fails carry their level).
        return { ...base, level: getRequirement(requirementId).level, verdict: 'fail', requirementId, expected: e.expected ?? '', observed: e.observed ?? '', message: e.message };
      }
      finish([]);
      ctx.log(`error: ${describe(e)}${e instanceof Error && e.stack ? `\n${e.stack}` : ''}`);
      return { ...base, verdict: 'error', message: describe(e) };
    }
  }
}
