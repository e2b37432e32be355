/**
 * --serve target (issue 7 part 2, "Wire II"): the builtin reference server (lib/targets/builtin,
 * loopback mode: in this process, 127.0.0.1, free ports unless given) serves each fuzzed profile
 * at the path the profile rule expands to (default `/$MA.xml`, TFTP-001 scheme default) over
 * TFTP and HTTP, and whatever fetches it is the parser under test:
 *  - with --fetch-cmd "PROG ... {url}": the program is started once per input (like a resync
 *    trigger) and observed as a command target (exit code, signal, stderr, time, RSS);
 *  - without: an external client (a phone pointed at the server) is waited for, passively.
 * What the server logs for the execution (every request) is the wire observation.
 *
 * Judgement (docs/fuzzing.md "--serve", X-FUZZ-004): no fetch within --timeout is NOT a finding
 * (the fetcher may be slow, off or pointed elsewhere): the outcome is `error`, and ten in a row end
 * the session. A fetched input is `accept` unless the fetcher re-fetches it within the settle
 * window (a resync retry, RESYNC-007: it failed on it) = `reject`; with --fetch-cmd the fetcher's
 * exit decides as for --cmd (crash = signal or exit >= --crash-exit; hang = still running at the
 * timeout), but only when it fetched the input: a fetcher that never saw the input says nothing
 * about it (`error`).
 */
import { performance } from 'node:perf_hooks';
import { configError } from '../../errors.js';
import { macroContextFrom, parseRule, resolveUrl } from '../../profile-rule/index.js';
import type { BuiltinConfig } from '../../targets/builtin/config.js';
import { startBuiltin, type BuiltinServer } from '../../targets/builtin/services.js';
import type { FuzzTarget, Observation } from '../types.js';
import { commandTarget } from './command.js';
import type { TargetOptions } from './index.js';

export interface ServeOptions {
  /** Profile rule whose first alternative names the served path (macros expanded with `mac`). */
  readonly rule: string;
  /** 12 hex digits, as $MA expands. */
  readonly mac: string;
  /** argv template started per input; `{url}` becomes the profile's URL on our server. */
  readonly fetchCmd?: string;
  /** Ports to listen on (0 = a free one). */
  readonly httpPort: number;
  readonly tftpPort: number;
  /** How long after the fetch to watch for follow-up requests (retries), in ms. */
  readonly settleMs: number;
}

export interface ServedPath {
  /** Key in the server's file map (no leading slash). */
  readonly file: string;
  /** Path as requested: `/00562b043615.xml`. */
  readonly path: string;
  readonly scheme: 'tftp' | 'http';
}

const POLL_MS = 10;

/** The path a profile rule makes a phone with this MAC request (PROF-014 macros, TFTP-001 default scheme). */
export function servedPath(rule: string, mac: string): ServedPath {
  if (!/^[0-9a-f]{12}$/.test(mac)) throw configError(`--mac must be 12 lower-case hex digits, got '${mac}'`);
  let parsed;
  try {
    parsed = parseRule(rule);
  } catch (e) {
    throw configError(`--rule: ${e instanceof Error ? e.message : String(e)}`);
  }
  const url = parsed.alternatives.find((a) => a.url !== undefined)?.url;
  if (!url) throw configError(`--rule '${rule}' names no URL`);
  const macros = macroContextFrom({ MA: mac, MAU: mac.toUpperCase(), MAC: mac, SN: 'FUZZ0000001', PSN: '8841', PN: 'CP-8841-3PCC' });
  const r = resolveUrl(url, { macros, tftpServer: '127.0.0.1' });
  if ('error' in r) throw configError(`--rule: ${r.error}`);
  if (r.scheme !== 'tftp' && r.scheme !== 'http') throw configError(`--serve serves over tftp and http; the rule asks for ${r.scheme}`);
  const path = r.path.split('?')[0] as string;
  return { file: path.replace(/^\/+/, ''), path, scheme: r.scheme };
}

/** True when a builtin log line is a request for `p` (HTTP GET/POST/HEAD or a TFTP RRQ). */
export function isFetchOf(line: string, p: ServedPath): boolean {
  const esc = p.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const http = new RegExp(`^\\S+ https? \\S+ (GET|HEAD|POST) /+${esc}(\\?\\S*)? HTTP/`);
  const tftp = new RegExp(`^\\S+ tftp \\S+ (RRQ )?'/*${esc}'`);
  return http.test(line) || tftp.test(line);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServeTarget extends FuzzTarget {
  /** The URL the fetcher is pointed at (by the rule's scheme), and both service URLs. */
  readonly url: string;
  readonly urls: { readonly http: string; readonly tftp: string };
}

export async function serveTarget(s: ServeOptions, o: TargetOptions): Promise<ServeTarget> {
  const served = servedPath(s.rule, s.mac);
  const files = new Map<string, Uint8Array>();
  const lines: string[] = [];
  const cfg: BuiltinConfig = {
    mode: 'loopback', bind: '127.0.0.1', serverIp: '127.0.0.1', ports: { http: s.httpPort, tftp: s.tftpPort },
    dhcp: { poolStart: '127.77.0.10', poolEnd: '127.77.0.20', subnetMask: '255.0.0.0', leaseSeconds: 3600, domainName: 'lab.invalid', profileUrl: '' },
    dnsNames: {},
    // Loopback: no MTU concern; the phone-side defaults otherwise (TFTP-006).
    tftp: { maxBlksize: 65464, maxWindowsize: 16, defaultTimeoutMs: 1000, maxTries: 3 },
    phones: [{ mac: s.mac, serial: 'FUZZ0000001', model: 'CP-8841-3PCC', swver: 'sip88xx.fuzz' }],
    seed: 1,
  };
  let server: BuiltinServer;
  try {
    // The map is ours: the server's FileStore reads it on every request, so swapping the entry
    // swaps what is served without a restart.
    server = await startBuiltin(cfg, files, (line) => { lines.push(line); });
  } catch (e) {
    throw configError(`--serve: cannot start the builtin server: ${e instanceof Error ? e.message : String(e)}`);
  }
  const urls = { http: `http://127.0.0.1:${server.ports.http}${served.path}`, tftp: `tftp://127.0.0.1:${server.ports.tftp}${served.path}` };
  const url = urls[served.scheme];
  const fetcher = s.fetchCmd !== undefined ? commandTarget(s.fetchCmd.replaceAll('{url}', url), o) : undefined;

  const fetchesSince = (mark: number) => lines.slice(mark).filter((l) => isFetchOf(l, served)).length;
  const wire = (mark: number) => lines.slice(mark).join('\n');

  const run = async (input: Uint8Array): Promise<Observation> => {
    // Keep the in-memory log bounded: only this execution's lines matter.
    lines.splice(0, lines.length);
    files.set(served.file, input);
    const t0 = performance.now();
    if (fetcher) {
      const obs = await fetcher.run(new Uint8Array(0));
      const fetched = fetchesSince(0);
      const seen = `${wire(0)}\n-- fetcher stdout --\n${obs.stdout}`;
      if (fetched === 0 && obs.outcome !== 'hang') {
        return { outcome: 'error', stdout: seen, stderr: `the fetcher did not fetch ${served.path} (${obs.outcome}${obs.exitCode != null ? ` exit ${obs.exitCode}` : ''}): ${obs.stderr}`, durationMs: obs.durationMs };
      }
      return { ...obs, stdout: seen };
    }
    // Passive: wait for the first fetch, then watch the settle window for follow-ups.
    while (fetchesSince(0) === 0 && performance.now() - t0 < o.timeoutMs) await sleep(POLL_MS);
    if (fetchesSince(0) === 0) {
      return { outcome: 'error', stdout: wire(0), stderr: `nothing fetched ${served.path} within ${o.timeoutMs} ms (is the phone pointed at ${url}?)`, durationMs: performance.now() - t0 };
    }
    await sleep(s.settleMs);
    const n = fetchesSince(0);
    const durationMs = performance.now() - t0;
    if (n > 1) return { outcome: 'reject', stdout: wire(0), stderr: `re-fetched ${n - 1} time(s) within ${s.settleMs} ms (a resync retry)`, durationMs };
    return { outcome: 'accept', stdout: wire(0), stderr: '', durationMs };
  };

  return {
    name: `serve:${url}${s.fetchCmd !== undefined ? ` fetcher ${s.fetchCmd}` : ''}`,
    url,
    urls,
    run,
    // No replayShell: replaying needs the server, so replay.sh runs `provcert fuzz --replay`.
    close: async () => {
      await fetcher?.close();
      await server.stop();
    },
  };
}
