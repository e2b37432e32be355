/**
 * A fuzz session (issue 7): generate inputs with fast-check from a seed, run every target on
 * each, judge with the oracles, keep one finding per signature, grow the corpus with inputs that
 * show new behaviour, then minimise each new finding and write it out. Always bounded by a run
 * count and a time limit (exploration) plus a separate minimisation budget.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { ProvcertError } from '../errors.js';
import { fuzzCaseArb } from './gen/index.js';
import { judge, topLine, type OracleConfig } from './oracles.js';
import { budgeted, ddmin, makeBudget, shrinkBySeed } from './minimise.js';
import { Progress } from './progress.js';
import { referenceVerdict } from './reference.js';
import { Corpus, readState, summarise, writeFinding, writeJsonAtomic, type FindingRecord, type FuzzState } from './store.js';
import type { FuzzCase, FuzzTarget, Layer, Observation, OracleHit } from './types.js';
import { mkdirSync } from 'node:fs';

export interface FuzzRunOptions {
  readonly targets: readonly FuzzTarget[];
  readonly runs: number;
  readonly timeMs: number;
  readonly seed: number;
  readonly out: string;
  readonly corpusDir?: string;
  readonly resume: boolean;
  readonly layers: readonly Layer[];
  readonly oracles: OracleConfig;
  readonly minimise: { readonly timeMs: number; readonly maxExecs: number };
  /** The target flags as given on the command line, for the replay line. */
  readonly replayArgs: readonly string[];
  readonly progress?: Progress;
}

export interface FuzzSession {
  /** The seed of this session (state seed + sessions for --resume). */
  readonly seed: number;
  readonly runs: number;
  readonly elapsedMs: number;
  readonly execsPerSec: number;
  /** New findings of this session, minimised. */
  readonly findings: readonly FindingRecord[];
  /** Signatures seen again that earlier sessions had already reported. */
  readonly repeated: readonly string[];
  readonly corpusSize: number;
  readonly corpusAdded: number;
  readonly stoppedBy: 'runs' | 'time';
}

const MAX_ERRORS_IN_A_ROW = 10;

interface Pending {
  hit: OracleHit;
  fuzzCase: FuzzCase;
  runIndex: number;
  hits: number;
}

/**
 * fc.check reports an exception thrown by the property as a failure; a target error must end
 * the session as the ProvcertError it is.
 */
async function checkOrThrow<T>(prop: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<fc.RunDetails<T>> {
  const details = await fc.check(prop, params);
  if (details.failed && details.errorInstance instanceof ProvcertError) throw details.errorInstance;
  if (details.failed) throw new ProvcertError('PC_ERR_INTERNAL', `fuzz loop failed: ${String(details.errorInstance)}`);
  return details;
}

/** Runs every target on one input (in parallel: they are independent processes or workers). */
export async function execute(targets: readonly FuzzTarget[], bytes: Uint8Array): Promise<Observation[]> {
  return Promise.all(targets.map((t) => t.run(bytes)));
}

export async function runFuzz(o: FuzzRunOptions): Promise<FuzzSession> {
  if (o.runs < 1 || o.timeMs < 1) throw new ProvcertError('PC_ERR_USAGE', 'a fuzz session needs a run count and a time limit');
  mkdirSync(o.out, { recursive: true });
  const names = o.targets.map((t) => t.name);
  const prior: FuzzState | undefined = o.resume ? readState(o.out) : undefined;
  if (o.resume && !prior) throw new ProvcertError('PC_ERR_CONFIG', `--resume: no state.json in ${o.out} (run once without --resume first)`);
  const baseSeed = prior?.seed ?? o.seed;
  const sessionSeed = (baseSeed + (prior?.sessions ?? 0)) | 0;
  const known = new Set(prior?.signatures ?? []);

  const corpus = new Corpus(o.corpusDir ?? join(o.out, 'corpus')).load();
  const arb = fuzzCaseArb({ layers: o.layers, corpus: [...corpus.entries] });
  const pending = new Map<string, Pending>();
  const repeated = new Set<string>();
  const behaviours = new Set<string>();
  let corpusAdded = 0;
  let runIndex = 0;
  let errorsInARow = 0;
  const t0 = Date.now();
  const counts = () => ({ runs: runIndex, findings: pending.size, corpus: corpus.size, elapsedMs: Date.now() - t0 });

  const details = await checkOrThrow(
    fc.asyncProperty(arb, async (c) => {
      const index = runIndex++;
      const obs = await execute(o.targets, c.bytes);
      // A target that cannot be run at all (not started, nothing listening) ends the session.
      const broken = obs.findIndex((x) => x.outcome === 'error');
      errorsInARow = broken >= 0 ? errorsInARow + 1 : 0;
      if (errorsInARow >= MAX_ERRORS_IN_A_ROW) {
        throw new ProvcertError('PC_ERR_TARGET', `${names[broken]} could not be run ${errorsInARow} times in a row: ${topLine(obs[broken]?.stderr ?? '')}`);
      }
      const hit = judge(obs, c.reference, o.oracles, names);
      // Corpus growth: an input is kept when it shows a behaviour not seen before (outcome
      // classes, error kind, reference verdict), the black-box stand-in for new coverage.
      const behaviour = `${c.layer}|${c.reference.reason}|${obs.map((x) => `${x.outcome}:${topLine(x.stderr).slice(0, 40)}`).join('|')}`;
      if (!behaviours.has(behaviour)) {
        behaviours.add(behaviour);
        if (!hit && corpus.add(c.bytes)) corpusAdded++;
      }
      if (hit) {
        const p = pending.get(hit.signature);
        if (p) p.hits++;
        else if (known.has(hit.signature)) repeated.add(hit.signature);
        else {
          pending.set(hit.signature, { hit, fuzzCase: c, runIndex: index, hits: 1 });
          o.progress?.note(`new finding ${hit.signature}: ${hit.summary}`);
        }
      }
      o.progress?.update(counts());
      return true;
    }),
    { seed: sessionSeed, numRuns: o.runs, interruptAfterTimeLimit: o.timeMs, markInterruptAsFailure: false, endOnFailure: true },
  );
  const elapsedMs = Date.now() - t0;
  const runs = runIndex;
  o.progress?.done(counts());

  const findings: FindingRecord[] = [];
  const minimiseStart = Date.now();
  const list = [...pending.entries()];
  for (let i = 0; i < list.length; i++) {
    const [signature, p] = list[i] as [string, Pending];
    // Share what is left of the minimisation budget evenly among the findings still to do.
    const left = Math.max(0, o.minimise.timeMs - (Date.now() - minimiseStart));
    const budget = makeBudget(left / (list.length - i), Math.ceil(o.minimise.maxExecs / list.length));
    const reproduces = budgeted(async (bytes) => judge(await execute(o.targets, bytes), referenceVerdict(bytes), o.oracles, names)?.signature === signature, budget);
    const shrunk = await shrinkBySeed(arb, sessionSeed, p.runIndex, reproduces, budget);
    const start = shrunk?.case.bytes ?? p.fuzzCase.bytes;
    const minimal = await ddmin(start, reproduces, budget);
    let obs = await execute(o.targets, minimal);
    let input = minimal;
    if (judge(obs, referenceVerdict(minimal), o.oracles, names)?.signature !== signature) {
      // Flaky (e.g. a hang near the timeout): keep the input as generated.
      input = p.fuzzCase.bytes;
      obs = await execute(o.targets, input);
    }
    const dir = join(o.out, 'findings', signature);
    const replay = `provcert fuzz --replay ${join(dir, 'input.bin')} ${o.replayArgs.join(' ')}`.trim();
    const replayShell = replayScript(o.targets, `exec ${replay.replace(join(dir, 'input.bin'), 'input.bin')}`);
    findings.push(writeFinding(o.out, {
      signature, oracle: p.hit.oracle, summary: p.hit.summary, targets: names, seed: sessionSeed, runIndex: p.runIndex,
      path: shrunk?.path ?? String(p.runIndex), layer: p.fuzzCase.layer, mutations: p.fuzzCase.mutations, reference: referenceVerdict(input),
      sizeBefore: p.fuzzCase.bytes.length, sizeAfter: input.length, minimiseExecs: budget.execs, hits: p.hits,
      observations: summarise(names, obs), replay,
    }, input, p.fuzzCase.bytes, obs, replayShell));
  }

  const state: FuzzState = {
    version: 1, seed: baseSeed, sessions: (prior?.sessions ?? 0) + 1, runs: (prior?.runs ?? 0) + runs, elapsedMs: (prior?.elapsedMs ?? 0) + elapsedMs,
    targets: names, signatures: [...known, ...findings.map((f) => f.signature)],
  };
  writeJsonAtomic(join(o.out, 'state.json'), state);
  const session: FuzzSession = {
    seed: sessionSeed, runs, elapsedMs, execsPerSec: elapsedMs > 0 ? Math.round((runs * 100_000) / elapsedMs) / 100 : 0,
    findings, repeated: [...repeated], corpusSize: corpus.size, corpusAdded, stoppedBy: details.interrupted ? 'time' : 'runs',
  };
  writeJsonAtomic(join(o.out, 'fuzz.json'), { ...session, targets: names, layers: o.layers, oracles: [...o.oracles.enabled] });
  return session;
}

/**
 * The body of replay.sh: the target's own command when it has one (no provcert needed); for a
 * differential, every command in turn with its exit status, exiting with the first one's.
 */
function replayScript(targets: readonly FuzzTarget[], provcertLine: string): string {
  if (!targets.every((t) => t.replayShell)) return provcertLine;
  if (targets.length === 1) return (targets[0] as FuzzTarget).replayShell?.('input.bin') ?? provcertLine;
  const lines = targets.map((t, i) => `${(t.replayShell?.('input.bin') ?? '').replace(/^exec /, '')}; s${i}=$?; echo "${t.name.replace(/["$`\\]/g, '')}: exit $s${i}"`);
  return `${lines.join('\n')}\nexit $s0`;
}

/** Runs one saved input against the targets and judges it (the replay command). */
export async function replayInput(targets: readonly FuzzTarget[], bytes: Uint8Array, oracles: OracleConfig): Promise<{ hit?: OracleHit; observations: Observation[] }> {
  const observations = await execute(targets, bytes);
  const hit = judge(observations, referenceVerdict(bytes), oracles, targets.map((t) => t.name));
  return hit ? { hit, observations } : { observations };
}
