/**
 * Oracles (issue 7 part 3): decide whether an execution is a finding, and name it with a
 * signature for de-duplication (oracle + exit class/signal + the normalised top stderr line).
 * Order of precedence: crash, untyped error, hang, memory, differential, accepts-invalid /
 * rejects-valid (exit 0 = accept, 1..127 = reject, compared with the reference pipeline).
 */
import { createHash } from 'node:crypto';
import type { Observation, OracleHit, OracleName, ReferenceVerdict } from './types.js';

export interface OracleConfig {
  readonly enabled: ReadonlySet<OracleName>;
  /** Differential compares normalised stdout too, not only the outcome class. */
  readonly diffStdout: boolean;
}

/** Numbers, hex and temp paths vary between runs of the same bug: they are masked. */
export function normaliseText(text: string, maxLength = 160): string {
  return text
    .replace(/\/tmp\/[^\s:'"]+/g, '{file}')
    .replace(/0x[0-9a-fA-F]+/g, 'X')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}

/** The first non-empty line, normalised: the stable part of an error message. */
export function topLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return normaliseText(line);
}

export const shortHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** accept, reject, exit139, sigSEGV, 500 (HTTP), conn-ECONNRESET, timeout, rss, error: the exit class. */
export function exitClass(o: Observation): string {
  switch (o.outcome) {
    case 'hang': return 'timeout';
    case 'memory': return 'rss';
    case 'crash':
      if (o.status !== undefined) return String(o.status);
      if (o.signal) return o.signal.startsWith('SIG') ? `sig${o.signal.slice(3)}` : `conn-${o.signal}`;
      return o.errorName ?? `exit${o.exitCode ?? 'X'}`;
    default: return o.status !== undefined ? `${o.outcome}${o.status}` : o.outcome;
  }
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60);

function single(o: Observation, ref: ReferenceVerdict, i: number, n: number, cfg: OracleConfig, names: readonly string[]): OracleHit | undefined {
  const on = (x: OracleName) => cfg.enabled.has(x);
  const who = n > 1 ? `t${i}-` : '';
  const label = names[i] ?? `target ${i}`;
  if (o.outcome === 'crash' && o.errorName !== undefined && on('untyped-error')) {
    return { oracle: 'untyped-error', target: i, signature: `untyped-error-${who}${safe(o.errorName)}-${shortHash(topLine(o.stderr))}`, summary: `${label} threw an untyped ${topLine(o.stderr)}` };
  }
  // An untyped exception is a crash of an in-process target when untyped-error is not selected.
  if (o.outcome === 'crash' && (o.errorName === undefined || !on('untyped-error')) && on('crash')) {
    const cls = exitClass(o);
    return { oracle: 'crash', target: i, signature: `crash-${who}${cls}-${shortHash(topLine(o.stderr))}`, summary: `${label} crashed (${cls}): ${topLine(o.stderr) || 'no stderr'}` };
  }
  if (o.outcome === 'hang' && on('hang')) return { oracle: 'hang', target: i, signature: `hang-${who}timeout`, summary: `${label} did not finish within the timeout (${Math.round(o.durationMs)} ms)` };
  if (o.outcome === 'memory' && on('memory')) {
    return { oracle: 'memory', target: i, signature: `memory-${who}rss`, summary: `${label} exceeded the memory limit${o.peakRssKb ? ` (peak ${o.peakRssKb} KiB)` : ''}` };
  }
  return undefined;
}

function verdictHit(o: Observation, ref: ReferenceVerdict, i: number, n: number, cfg: OracleConfig, names: readonly string[]): OracleHit | undefined {
  const who = n > 1 ? `t${i}-` : '';
  const label = names[i] ?? `target ${i}`;
  if (o.outcome === 'accept' && !ref.valid && cfg.enabled.has('accepts-invalid')) {
    return { oracle: 'accepts-invalid', target: i, signature: `accepts-invalid-${who}${safe(ref.reason)}`, summary: `${label} accepted an input provcert rejects (${ref.reason})` };
  }
  if (o.outcome === 'reject' && ref.valid && cfg.enabled.has('rejects-valid')) {
    return { oracle: 'rejects-valid', target: i, signature: `rejects-valid-${who}${exitClass(o)}-${shortHash(topLine(o.stderr))}`, summary: `${label} rejected an input provcert accepts: ${topLine(o.stderr) || exitClass(o)}` };
  }
  return undefined;
}

/** The finding an execution (one observation per target) is, or undefined. */
export function judge(obs: readonly Observation[], ref: ReferenceVerdict, cfg: OracleConfig, names: readonly string[] = []): OracleHit | undefined {
  const n = obs.length;
  for (let i = 0; i < n; i++) {
    const hit = single(obs[i] as Observation, ref, i, n, cfg, names);
    if (hit) return hit;
  }
  if (n > 1 && cfg.enabled.has('differential')) {
    const classes = obs.map((o) => (o.outcome === 'accept' || o.outcome === 'reject' ? o.outcome : exitClass(o)));
    const outs = obs.map((o) => normaliseText(o.stdout, 400));
    const classDiffers = new Set(classes).size > 1;
    if (classDiffers || (cfg.diffStdout && new Set(outs).size > 1)) {
      const what = classDiffers ? classes.join('-') : 'stdout';
      const detail = obs.map((o) => topLine(o.stderr) || topLine(o.stdout)).join('|');
      // The first 40 characters of each error line name the kind of error without its operands.
      const kinds = obs.map((o) => (topLine(o.stderr) || topLine(o.stdout)).slice(0, 40)).join('|');
      return { oracle: 'differential', target: -1, signature: `differential-${safe(what)}-${shortHash(classDiffers ? `${classes.join()}|${kinds}` : outs.join('|'))}`,
        summary: `targets disagree (${classes.join(' vs ')}): ${detail.slice(0, 200)}` };
    }
  }
  for (let i = 0; i < n; i++) {
    const hit = verdictHit(obs[i] as Observation, ref, i, n, cfg, names);
    if (hit) return hit;
  }
  return undefined;
}
