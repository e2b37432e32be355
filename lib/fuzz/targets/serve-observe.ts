/**
 * One --serve execution, the same for loopback and lab serving (docs/fuzzing.md "--serve
 * judgement"): swap the served file, trigger or wait for the fetch, read the server's request log
 * of this execution (the wire), and turn it into an Observation.
 *
 *  - With a fetcher (--fetch-cmd): it runs once; its exit decides as for --cmd (crash = signal or
 *    exit >= --crash-exit, hang = still running at --timeout), but only when it fetched the input:
 *    a fetcher that never saw the input says nothing about it (`error`).
 *  - Passive: wait for the first fetch until --timeout (none = `error`, not a finding), then watch
 *    the settle window: a re-fetch is a resync retry (RESYNC-007: it failed on it) = `reject`.
 */
import { performance } from 'node:perf_hooks';
import type { FuzzTarget, Observation } from '../types.js';
import { isFetchOf, type ServedPath } from './serve-path.js';

/** Where the served file lives and where its request log is read: in-process map or the lab child's control socket. */
export interface ServeBackend {
  /** Puts `bytes` at `file` and returns the request-log mark at the swap. */
  put(file: string, bytes: Uint8Array): Promise<number>;
  /** The request-log lines after `mark`. */
  linesSince(mark: number): Promise<readonly string[]>;
}

export interface ObserveOptions {
  readonly served: ServedPath;
  /** Shown in the "nothing fetched" message: where the fetcher should be pointed. */
  readonly url: string;
  readonly fetcher?: FuzzTarget;
  readonly timeoutMs: number;
  readonly settleMs: number;
  /** How often the passive wait reads the log (a control-socket round trip in the lab). */
  readonly pollMs: number;
}

/**
 * A fetcher can exit before the server has written its log line (HTTP logs when the response is
 * finished; a lab child's line crosses a socket): look again for this long before saying "not fetched".
 */
const LOG_GRACE_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function observeServed(backend: ServeBackend, input: Uint8Array, o: ObserveOptions): Promise<Observation> {
  const mark = await backend.put(o.served.file, input);
  const fetches = (lines: readonly string[]) => lines.filter((l) => isFetchOf(l, o.served)).length;
  const t0 = performance.now();
  if (o.fetcher) {
    const obs = await o.fetcher.run(new Uint8Array(0));
    let lines = await backend.linesSince(mark);
    for (const tEnd = performance.now() + LOG_GRACE_MS; fetches(lines) === 0 && performance.now() < tEnd;) {
      await sleep(o.pollMs);
      lines = await backend.linesSince(mark);
    }
    const seen = `${lines.join('\n')}\n-- fetcher stdout --\n${obs.stdout}`;
    if (fetches(lines) === 0 && obs.outcome !== 'hang') {
      return { outcome: 'error', stdout: seen, stderr: `the fetcher did not fetch ${o.served.path} (${obs.outcome}${obs.exitCode != null ? ` exit ${obs.exitCode}` : ''}): ${obs.stderr}`, durationMs: obs.durationMs };
    }
    return { ...obs, stdout: seen };
  }
  let lines = await backend.linesSince(mark);
  while (fetches(lines) === 0 && performance.now() - t0 < o.timeoutMs) {
    await sleep(o.pollMs);
    lines = await backend.linesSince(mark);
  }
  if (fetches(lines) === 0) {
    return { outcome: 'error', stdout: lines.join('\n'), stderr: `nothing fetched ${o.served.path} within ${o.timeoutMs} ms (is the phone pointed at ${o.url}?)`, durationMs: performance.now() - t0 };
  }
  await sleep(o.settleMs);
  lines = await backend.linesSince(mark);
  const n = fetches(lines);
  const durationMs = performance.now() - t0;
  const wire = lines.join('\n');
  if (n > 1) return { outcome: 'reject', stdout: wire, stderr: `re-fetched ${n - 1} time(s) within ${o.settleMs} ms (a resync retry)`, durationMs };
  return { outcome: 'accept', stdout: wire, stderr: '', durationMs };
}
