/**
 * On-disk layout of a fuzz session (issue 7 part 4):
 *   <out>/findings/<signature>/input.bin     the minimised input, raw bytes
 *                              original.bin  the input as first generated
 *                              stdout[-tN].txt, stderr[-tN].txt   the target's output on input.bin
 *                              finding.json  oracle, seed, path, sizes before/after, observations
 *                              replay.sh     one command that replays input.bin
 *   <out>/corpus/<sha1>.bin                  the corpus (or --corpus DIR)
 *   <out>/state.json                         what --resume continues from
 *   <out>/fuzz.json                          the session summary
 * JSON files are written to a temporary name and renamed, so they are valid at every moment.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ProvcertError } from '../errors.js';
import type { Layer, Observation, OracleName, ReferenceVerdict } from './types.js';

export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

export interface ObservationSummary {
  readonly target: string;
  readonly outcome: Observation['outcome'];
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  readonly status?: number;
  readonly durationMs: number;
  readonly peakRssKb?: number;
}

export interface FindingRecord {
  readonly signature: string;
  readonly oracle: OracleName;
  readonly summary: string;
  readonly targets: readonly string[];
  /** Seed of the session and the index of the run that found it: `--seed S` replays it. */
  readonly seed: number;
  readonly runIndex: number;
  /** fast-check path after shrinking (seed + path replay the shrunk generator value). */
  readonly path: string;
  readonly layer: Layer;
  readonly mutations: readonly string[];
  readonly reference: ReferenceVerdict;
  readonly sizeBefore: number;
  readonly sizeAfter: number;
  readonly minimiseExecs: number;
  /** How many generated inputs hit this signature in the session. */
  readonly hits: number;
  readonly observations: readonly ObservationSummary[];
  /** provcert command that replays input.bin; replay.sh holds the same or the raw target command. */
  readonly replay: string;
  readonly dir: string;
}

export function summarise(names: readonly string[], obs: readonly Observation[]): ObservationSummary[] {
  return obs.map((o, i) => ({
    target: names[i] ?? `target ${i}`, outcome: o.outcome, durationMs: Math.round(o.durationMs * 10) / 10,
    ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.status !== undefined ? { status: o.status } : {}),
    ...(o.peakRssKb !== undefined ? { peakRssKb: o.peakRssKb } : {}),
  }));
}

const shq = (s: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
export const shellQuote = (argv: readonly string[]): string => argv.map(shq).join(' ');

export function writeFinding(root: string, rec: Omit<FindingRecord, 'dir'>, input: Uint8Array, original: Uint8Array, obs: readonly Observation[], replayShell: string): FindingRecord {
  const dir = join(root, 'findings', rec.signature);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'input.bin'), input);
  writeFileSync(join(dir, 'original.bin'), original);
  obs.forEach((o, i) => {
    const suffix = obs.length > 1 ? `-t${i}` : '';
    writeFileSync(join(dir, `stdout${suffix}.txt`), o.stdout);
    writeFileSync(join(dir, `stderr${suffix}.txt`), o.stderr);
  });
  const full: FindingRecord = { ...rec, dir };
  writeJsonAtomic(join(dir, 'finding.json'), full);
  const script = join(dir, 'replay.sh');
  writeFileSync(script, `#!/bin/sh\n# ${rec.oracle}: ${rec.summary.replace(/\n/g, ' ')}\n# provcert replay: ${rec.replay}\ncd "$(dirname "$0")" || exit 2\n${replayShell}\n`);
  chmodSync(script, 0o755);
  return full;
}

// --- corpus ----------------------------------------------------------------------------------

export class Corpus {
  private readonly known = new Set<string>();
  readonly entries: Uint8Array[] = [];

  constructor(readonly dir: string, private readonly maxEntryBytes = 256 * 1024) {}

  /** Reads every regular file of the directory (sorted, so the snapshot is deterministic). */
  load(): this {
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir).sort()) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(this.dir, name));
      } catch {
        continue; // a directory or unreadable file is not a corpus entry
      }
      if (bytes.length > this.maxEntryBytes) continue;
      const key = createHash('sha1').update(bytes).digest('hex');
      if (this.known.has(key)) continue;
      this.known.add(key);
      this.entries.push(new Uint8Array(bytes));
    }
    return this;
  }

  /** Adds an input (if new and not too big); returns true when it was added. */
  add(bytes: Uint8Array): boolean {
    if (bytes.length > this.maxEntryBytes) return false;
    const key = createHash('sha1').update(bytes).digest('hex');
    if (this.known.has(key)) return false;
    this.known.add(key);
    this.entries.push(bytes);
    writeFileSync(join(this.dir, `${key.slice(0, 16)}.bin`), bytes);
    return true;
  }

  get size(): number {
    return this.entries.length;
  }
}

// --- state for --resume ----------------------------------------------------------------------

export interface FuzzState {
  readonly version: 1;
  /** The seed given (or drawn) for the first session. */
  readonly seed: number;
  /** Sessions run so far; session k uses seed + k (each session is reproducible by its own seed). */
  readonly sessions: number;
  readonly runs: number;
  readonly elapsedMs: number;
  readonly targets: readonly string[];
  /** Signatures already found: not reported again. */
  readonly signatures: readonly string[];
}

export function readState(out: string): FuzzState | undefined {
  const path = join(out, 'state.json');
  if (!existsSync(path)) return undefined;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as FuzzState;
    if (s.version !== 1 || typeof s.seed !== 'number') throw new Error('unknown state version');
    return s;
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `cannot resume: ${path} is not a provcert fuzz state (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}
