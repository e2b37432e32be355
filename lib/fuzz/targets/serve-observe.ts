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
 *  - Passive with a trigger (--trigger notify, lab only): after the swap the phone is told to
 *    resync (SIP NOTIFY Event: resync, SIP-005), then waited for as passive. A phone that refuses
 *    or does not answer the NOTIFY ends the wait early: `error`, not a finding (as "not fetched").
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
  /** Passive only: makes the phone fetch now (a SIP NOTIFY resync); resolves on its 2xx. */
  readonly trigger?: () => Promise<void>;
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
  // Not awaited before the wait: a phone may fetch before its 200 reaches us. A refusal is kept
  // (never an unhandled rejection) and ends the wait; a NOTIFY still unanswered at the end is left
  // to the child's timer F (RFC 3261 section 17.1.2.2), it cannot outlive the lab.
  let refused: string | undefined;
  if (o.trigger) void o.trigger().catch((e: unknown) => { refused = e instanceof Error ? e.message : String(e); });
  let lines = await backend.linesSince(mark);
  while (fetches(lines) === 0 && refused === undefined && performance.now() - t0 < o.timeoutMs) {
    await sleep(o.pollMs);
    lines = await backend.linesSince(mark);
  }
  if (fetches(lines) === 0) {
    const why = refused !== undefined ? `the resync NOTIFY failed: ${refused}`
      : `nothing fetched ${o.served.path} within ${o.timeoutMs} ms (${o.trigger ? 'after a resync NOTIFY' : `is the phone pointed at ${o.url}?`})`;
    return { outcome: 'error', stdout: lines.join('\n'), stderr: why, durationMs: performance.now() - t0 };
  }
  await sleep(o.settleMs);
  lines = await backend.linesSince(mark);
  const n = fetches(lines);
  const durationMs = performance.now() - t0;
  const wire = lines.join('\n');
  if (n > 1) return { outcome: 'reject', stdout: wire, stderr: `re-fetched ${n - 1} time(s) within ${o.settleMs} ms (a resync retry)`, durationMs };
  return { outcome: 'accept', stdout: wire, stderr: '', durationMs };
}
