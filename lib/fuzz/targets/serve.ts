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
 * about it (`error`). That judgement is serve-observe.ts, shared with --lab (serve-lab.ts: the same
 * server as a child in a netns lab, swapped over its control socket).
 */
import { configError, usageError } from '../../errors.js';
import type { BuiltinConfig } from '../../targets/builtin/config.js';
import { RequestLog } from '../../targets/builtin/control.js';
import { startBuiltin, type BuiltinServer } from '../../targets/builtin/services.js';
import type { FuzzTarget } from '../types.js';
import { commandTarget } from './command.js';
import type { TargetOptions } from './index.js';
import { observeServed, type ServeBackend } from './serve-observe.js';
import { FUZZ_PHONE, servedPath } from './serve-path.js';

export { isFetchOf, servedPath, type ServedPath } from './serve-path.js';

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
  /** Serve in a network-namespace lab instead of on loopback (serve-lab.ts; root). */
  readonly lab?: boolean;
  /**
   * --trigger notify (lab only, passive only): the phone's SIP address, `[sip:][USER@]HOST[:PORT]`
   * where HOST `{phone}` is the lab's phone host; per input the lab child sends it a NOTIFY resync.
   */
  readonly notifySip?: string;
}

const POLL_MS = 10;

export interface ServeTarget extends FuzzTarget {
  /** The URL the fetcher is pointed at (by the rule's scheme), and the service URLs. */
  readonly url: string;
  readonly urls: { readonly http: string; readonly tftp: string; readonly https?: string };
}

export async function serveTarget(s: ServeOptions, o: TargetOptions): Promise<ServeTarget> {
  // The loopback server has no SIP sender bound where a phone could be: the trigger is a lab feature.
  if (s.notifySip !== undefined) throw usageError('--trigger notify needs --lab');
  const served = servedPath(s.rule, s.mac);
  const files = new Map<string, Uint8Array>();
  const requests = new RequestLog();
  const cfg: BuiltinConfig = {
    mode: 'loopback', bind: '127.0.0.1', serverIp: '127.0.0.1', ports: { http: s.httpPort, tftp: s.tftpPort },
    dhcp: { poolStart: '127.77.0.10', poolEnd: '127.77.0.20', subnetMask: '255.0.0.0', leaseSeconds: 3600, domainName: 'lab.invalid', profileUrl: '' },
    dnsNames: {},
    // Loopback: no MTU concern; the phone-side defaults otherwise (TFTP-006).
    tftp: { maxBlksize: 65464, maxWindowsize: 16, defaultTimeoutMs: 1000, maxTries: 3 },
    phones: [{ mac: s.mac, ...FUZZ_PHONE }],
    seed: 1,
  };
  let server: BuiltinServer;
  try {
    // The map is ours: the server's FileStore reads it on every request, so swapping the entry
    // swaps what is served without a restart.
    server = await startBuiltin(cfg, files, (line) => requests.append(line));
  } catch (e) {
    throw configError(`--serve: cannot start the builtin server: ${e instanceof Error ? e.message : String(e)}`);
  }
  const urls = { http: `http://127.0.0.1:${server.ports.http}${served.path}`, tftp: `tftp://127.0.0.1:${server.ports.tftp}${served.path}` };
  const url = urls[served.scheme as 'tftp' | 'http'];
  const fetcher = s.fetchCmd !== undefined ? commandTarget(s.fetchCmd.replaceAll('{url}', url), o) : undefined;
  const backend: ServeBackend = {
    put: async (file, bytes) => {
      files.set(file, bytes);
      return requests.mark;
    },
    linesSince: async (mark) => requests.since(mark, Number.MAX_SAFE_INTEGER).lines,
  };

  return {
    name: `serve:${url}${s.fetchCmd !== undefined ? ` fetcher ${s.fetchCmd}` : ''}`,
    url,
    urls,
    run: (input) => observeServed(backend, input, { served, url, ...(fetcher ? { fetcher } : {}), timeoutMs: o.timeoutMs, settleMs: s.settleMs, pollMs: POLL_MS }),
    // No replayShell: replaying needs the server, so replay.sh runs `provcert fuzz --replay`.
    close: async () => {
      await fetcher?.close();
      await server.stop();
    },
  };
}
