/**
 * The CI runs of the suites against real targets (issue 6 part 5, issue 5 "CI runs"): each e2e test
 * file runs the built CLI (`node bin/provcert.js run`, dist/) as a child process, exactly as CI and a
 * user would, and judges the run by its exit code and its report.json — never by reading lib/ state.
 *
 * dist/ is rebuilt once when a source file is newer than it (test/e2e runs serially, .taprc), so a
 * run never judges stale code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import reportSchema from '../../../schemas/report.schema.json' with { type: 'json' };
import type { Report } from '../../../lib/report/types.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'provcert.js');
const BUILT_MAIN = join(ROOT, 'dist', 'lib', 'cli', 'main.js');

/** Newest mtime (ms) of the .ts/.json files under `dir` (bounded walk: source folders only). */
function newestSource(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.(ts|json)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

let buildChecked: string | undefined | null = null;

/**
 * Makes dist/ current (tsc -p tsconfig.build.json when lib/ or suites/ is newer). Returns a reason
 * when there is still no built CLI. tsc emits even when another file has a type error; that is the
 * typecheck job's business, not this one's.
 */
export function ensureBuilt(): string | undefined {
  if (buildChecked !== null) return buildChecked;
  const built = existsSync(BUILT_MAIN) ? statSync(BUILT_MAIN).mtimeMs : 0;
  const src = Math.max(newestSource(join(ROOT, 'lib')), newestSource(join(ROOT, 'suites')));
  if (src > built) {
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
  }
  buildChecked = existsSync(BUILT_MAIN) ? undefined : 'dist/ is not built and tsc could not build it (npm run build)';
  return buildChecked;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  interruptedAtMs?: number;
}

export interface RunAs {
  /** Run as this uid/gid (setpriv), for the run without root. */
  uid: number;
  gid: number;
}

/**
 * `node bin/provcert.js ...args` in ROOT with CI=true, killed after timeoutMs (its process group).
 * `interruptWhen`: SIGINT to the process group as soon as stdout matches (the run interrupted mid-way,
 * as Ctrl-C would), once; `interruptedAtMs` then says when.
 */
export function provcert(args: readonly string[], opts: { timeoutMs?: number; as?: RunAs; env?: Record<string, string>; interruptWhen?: RegExp } = {}): Promise<ChildRun> {
  const started = Date.now();
  const node = [process.execPath, BIN, ...args];
  const argv = opts.as ? ['setpriv', `--reuid=${opts.as.uid}`, `--regid=${opts.as.gid}`, '--clear-groups', ...node] : node;
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...opts.env };
  // Coverage instrumentation of the parent tap process must not leak into the CLI under test.
  delete env['NODE_V8_COVERAGE'];
  return new Promise((done) => {
    const child = spawn(argv[0] as string, argv.slice(1), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interruptedAtMs: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (opts.interruptWhen && interruptedAtMs === undefined && opts.interruptWhen.test(stdout)) {
        interruptedAtMs = Date.now() - started;
        try { process.kill(-(child.pid as number), 'SIGINT'); } catch { /* already gone */ }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const timer = setTimeout(() => {
      // SIGINT first: the run then writes its report and stops the target it started.
      try { process.kill(-(child.pid as number), 'SIGINT'); } catch { /* already gone */ }
      setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, 15_000).unref();
    }, opts.timeoutMs ?? 240_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - started, ...(interruptedAtMs !== undefined ? { interruptedAtMs } : {}) });
    });
  });
}

/** A temporary output folder removed at teardown (owned by `as` when given). */
export function tempOut(t: { teardown(fn: () => void): void }, as?: RunAs): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-e2e-'));
  // mkdtemp makes 0700; daemons that drop privileges (atftpd, dnsmasq, nginx workers) must reach the content below.
  chmodSync(dir, 0o755);
  if (as) chownSync(dir, as.uid, as.gid);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'out');
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

interface TargetRow {
  name: string;
  available: boolean;
  reason?: string;
}

let targetRows: TargetRow[] | undefined;

/** Why `name` (a built-in name, `a+b`, or `container:x`) cannot run here, from `provcert targets --json`. */
export function targetUnavailable(name: string): string | undefined {
  if (targetRows === undefined) {
    // Two tries: on a loaded 2-core machine one slow start must not turn a CI run into a skip.
    let last = '';
    for (let attempt = 0; attempt < 2 && targetRows === undefined; attempt++) {
      const r = spawnSync(process.execPath, [BIN, 'targets', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      try {
        targetRows = (JSON.parse(r.stdout) as { targets: TargetRow[] }).targets;
      } catch {
        last = `provcert targets --json failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n')[0] ?? ''}`;
      }
    }
    if (targetRows === undefined) return last;
  }
  for (const part of name.split('+')) {
    const row = targetRows.find((x) => x.name === part) ?? (part.startsWith('container:') ? targetRows.find((x) => x.name === 'container') : undefined);
    if (!row) return `provcert does not list target ${part}`;
    if (!row.available) return `${part}: ${row.reason ?? 'unavailable'}`;
  }
  return undefined;
}

let labChecked: string | undefined | null = null;

/**
 * Why `provcert run --mode lab` cannot run here (not root, no namespaces, or the runner refuses lab
 * mode). Probed with a run that selects an unknown test: the mode is judged before the selection, so
 * a lab-capable build answers "no test", an incapable one names the mode.
 */
export async function labUnavailable(): Promise<string | undefined> {
  if (labChecked !== null) return labChecked;
  if (!isRoot()) return (labChecked = 'the lab needs root');
  const r = await provcert(['run', '--mode', 'lab', '--test', 'e2e.no-such.test', '--out', join(tmpdir(), 'provcert-e2e-probe-never-written')], { timeoutMs: 60_000 });
  const line = r.stderr.split('\n').find((l) => /--mode lab/.test(l));
  labChecked = line !== undefined ? line.replace(/^provcert run: /, '') : undefined;
  return labChecked;
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);

/** report.json of a finished run and its schema errors ('' when valid). */
export function readReport(out: string): { report: Report; schemaErrors: string } {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  return { report, schemaErrors: validate(report) ? '' : JSON.stringify(validate.errors) };
}

/** One line per result that the baseline did not expect: what a failing CI log should show. */
export function baselineDifferences(report: Report): string[] {
  return (report.baseline?.entries ?? []).filter((e) => e.failsRun).map((e) => `${e.label}: ${e.test} expected ${e.expected}, got ${e.observed ?? '-'}`);
}
