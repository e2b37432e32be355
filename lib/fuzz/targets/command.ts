/**
 * --cmd target (issue 7 part 2): a program run once per input, directly (no shell), with the
 * input on stdin or, when an argument contains `{file}`, in a temporary file whose path replaces
 * it. Observed: exit code or signal, stdout/stderr (first 64 KiB each), wall time, and peak RSS
 * from /proc/<pid>/status (VmHWM, polled every 5 ms; a process that exits before the first poll
 * has no measurement). A process over the RSS limit or the timeout is killed with its group.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configError } from '../../errors.js';
import { shellQuote } from '../store.js';
import type { FuzzTarget, Observation, OutcomeClass } from '../types.js';
import { splitArgv } from './argv.js';
import type { TargetOptions } from './index.js';

const OUTPUT_CAP = 64 * 1024;
const POLL_MS = 5;

function findExecutable(name: string, cwd: string): string | undefined {
  const candidates = name.includes('/') ? [isAbsolute(name) ? name : resolve(cwd, name)] : (process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, name));
  return candidates.find((c) => { try { accessSync(c, constants.X_OK); return true; } catch { return false; } });
}

/** VmHWM (peak) and VmRSS (now) in KiB, or undefined once the process is gone. */
function readRss(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'latin1');
    const hwm = /VmHWM:\s+(\d+)/.exec(s);
    const rss = /VmRSS:\s+(\d+)/.exec(s);
    return hwm && rss ? { hwm: Number(hwm[1]), rss: Number(rss[1]) } : undefined;
  } catch {
    return undefined;
  }
}

export function classifyExit(code: number | null, signal: string | null, crashExit: number): OutcomeClass {
  if (signal) return 'crash';
  if (code === null) return 'error';
  if (code >= crashExit) return 'crash';
  return code === 0 ? 'accept' : 'reject';
}

export function commandTarget(command: string, o: TargetOptions): FuzzTarget {
  return commandTargetArgv(splitArgv(command), `cmd:${command}`, o);
}

/** True when `name` is an executable file (a path, or found on PATH). */
export function isExecutable(name: string, cwd: string): boolean {
  return findExecutable(name, cwd) !== undefined;
}

/**
 * The command target from an argv already split (--serve --lab prefixes `ip netns exec NS`, which
 * execs the program in place: same pid, so exit, signal and RSS are the program's own).
 */
export function commandTargetArgv(argv: readonly string[], name: string, o: TargetOptions): FuzzTarget {
  const exe = findExecutable(argv[0] as string, o.cwd);
  if (!exe) throw configError(`--cmd: '${argv[0]}' is not an executable file or not on PATH`);
  const usesFile = argv.some((a) => a.includes('{file}'));
  const tmp = usesFile ? mkdtempSync(join(tmpdir(), 'provcert-fuzz-')) : undefined;
  const inputPath = tmp ? join(tmp, 'input.bin') : undefined;
  const args = argv.slice(1).map((a) => (inputPath ? a.replaceAll('{file}', inputPath) : a));

  const run = (input: Uint8Array): Promise<Observation> => new Promise((done) => {
    if (inputPath) writeFileSync(inputPath, input);
    const t0 = performance.now();
    const child = spawn(exe, args, { cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let peak = 0;
    let killedFor: 'hang' | 'memory' | undefined;
    const kill = (why: 'hang' | 'memory') => {
      if (killedFor) return;
      killedFor = why;
      try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    };
    child.stdout.on('data', (d: Buffer) => { if (outLen < OUTPUT_CAP) { out.push(d); outLen += d.length; } });
    child.stderr.on('data', (d: Buffer) => { if (errLen < OUTPUT_CAP) { err.push(d); errLen += d.length; } });
    child.stdin.on('error', () => { /* EPIPE: the target exited without reading all input */ });
    const poll = () => {
      if (child.pid === undefined) return;
      const m = readRss(child.pid);
      if (!m) return;
      peak = Math.max(peak, m.hwm);
      if (m.rss > o.rssLimitKb) kill('memory');
    };
    const poller = setInterval(poll, POLL_MS);
    const timer = setTimeout(() => kill('hang'), o.timeoutMs);
    child.on('error', (e) => {
      clearInterval(poller);
      clearTimeout(timer);
      done({ outcome: 'error', stdout: '', stderr: `cannot start ${argv[0]}: ${e.message}`, durationMs: performance.now() - t0 });
    });
    child.on('close', (code, signal) => {
      clearInterval(poller);
      clearTimeout(timer);
      const durationMs = performance.now() - t0;
      // A process can reach its peak and exit between two polls of VmRSS: VmHWM counts too.
      const outcome: OutcomeClass = killedFor ?? (peak > o.rssLimitKb ? 'memory' : classifyExit(code, signal, o.crashExit));
      done({
        outcome, exitCode: code, signal, durationMs,
        stdout: Buffer.concat(out).subarray(0, OUTPUT_CAP).toString('utf8'),
        stderr: Buffer.concat(err).subarray(0, OUTPUT_CAP).toString('utf8'),
        ...(peak > 0 ? { peakRssKb: peak } : {}),
      });
    });
    poll();
    if (usesFile) child.stdin.end();
    else child.stdin.end(input);
  });

  return {
    name,
    run,
    replayShell: (file) => {
      const words = [argv[0] as string, ...argv.slice(1).map((a) => a.replaceAll('{file}', file))];
      return usesFile ? `exec ${shellQuote(words)}` : `exec ${shellQuote(words)} < ${file}`;
    },
    close: async () => { if (tmp) rmSync(tmp, { recursive: true, force: true }); },
  };
}
