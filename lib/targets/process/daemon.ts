/**
 * Starting and stopping one server daemon in the lab's server namespace: spawn (own process group, log
 * file), wait until it listens on its ports (bounded), turn exits into `exited`, stop with SIGTERM then
 * SIGKILL. Shared by every process driver; the drivers only render configs and argv.
 */
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { NetnsLab, SpawnedProcess } from '../../lab/netns-lab.js';
import { hasCommand, isRoot } from '../../lab/sys.js';
import type { Ports, RunningTarget, TargetEnv, TargetSpec } from '../types.js';
import { ProvcertError } from '../../errors.js';

export interface Listener {
  proto: 'udp' | 'tcp';
  port: number;
}

export interface DaemonLaunch {
  /** Short name for messages and the report (e.g. 'dnsmasq'). */
  name: string;
  argv: string[];
  logPath: string;
  env?: NodeJS.ProcessEnv;
  /** Sockets that must be open before the daemon counts as started. */
  listens: Listener[];
}

export interface StartedDaemon {
  readonly name: string;
  readonly proc: SpawnedProcess;
  readonly logPath: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Why a process driver cannot run here: not root (namespaces, ports < 1024) or a binary is missing. */
export function processUnavailable(binaries: readonly string[]): string | undefined {
  if (!isRoot()) return 'process targets run in the lab, which needs root';
  if (!hasCommand('ip')) return 'iproute2 (ip) is not installed';
  const missing = binaries.filter((b) => !hasCommand(b));
  return missing.length ? `not installed: ${missing.join(', ')}` : undefined;
}

/** The lab and server host a process target runs in, or a PC_ERR_TARGET when started without a lab. */
export function labOf(env: TargetEnv, driver: string): { lab: NetnsLab; host: string } {
  if (!env.lab || !env.serverHost) throw new ProvcertError('PC_ERR_TARGET', `${driver} runs only in the lab (root); use builtin on loopback`);
  return { lab: env.lab, host: env.serverHost };
}

/** First line of a version command's output (stdout or stderr), matched against `re` when given. */
export function versionOf(argv: readonly string[], re?: RegExp): string {
  const [cmd, ...args] = argv;
  if (!cmd) return 'unknown';
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim();
  if (re) {
    const m = re.exec(text);
    if (m) return m[1] ?? m[0];
  }
  return text.split('\n')[0]?.trim() || 'unknown';
}

function listening(lab: NetnsLab, host: string, l: Listener): boolean {
  const out = lab.exec(host, ['ss', '-H', '-ln', l.proto === 'udp' ? '-u' : '-t']);
  return out.split('\n').some((line) => new RegExp(`[:.*]${l.port}\\s`).test(`${line} `));
}

function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join('\n');
}

/** Spawns the daemon and waits (at most timeoutMs) until every listener is open; on failure stops it. */
export async function startDaemon(lab: NetnsLab, host: string, launch: DaemonLaunch, timeoutMs = 5000): Promise<StartedDaemon> {
  // The shell writes the log itself (one file descriptor for stdout and stderr), so no Node stream can
  // be written after the other ended; `exec` keeps the daemon's pid as the process-group leader.
  const argv = ['sh', '-c', 'log="$1"; shift; exec "$@" >>"$log" 2>&1', 'sh', launch.logPath, ...launch.argv];
  const proc = lab.spawn(host, argv, launch.env ? { env: launch.env } : {});
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      await sleep(50); // let the log pipe flush
      throw new ProvcertError('PC_ERR_TARGET', `${launch.name} exited at start (${proc.child.exitCode ?? proc.child.signalCode}); log ${launch.logPath}:\n${tail(launch.logPath)}`);
    }
    if (launch.listens.every((l) => listening(lab, host, l))) break;
    if (Date.now() > deadline) {
      await lab.stop(proc, 1000);
      throw new ProvcertError('PC_ERR_TARGET', `${launch.name} did not listen on ${launch.listens.map((l) => `${l.proto}/${l.port}`).join(', ')} within ${timeoutMs} ms; log ${launch.logPath}:\n${tail(launch.logPath)}`);
    }
    await sleep(25);
  }
  return { name: launch.name, proc, logPath: launch.logPath };
}

/**
 * A RunningTarget over started daemons: `exited` resolves with a message when any of them ends on its
 * own (crash detection); stop() sends SIGTERM to each process group and SIGKILL after the grace period.
 */
export function runningTarget(args: {
  spec: TargetSpec;
  lab: NetnsLab;
  serverIp: string;
  ports: Ports;
  versions: Record<string, string>;
  daemons: StartedDaemon[];
  extraLogs?: string[];
  onStop?: () => void | Promise<void>;
}): RunningTarget {
  let stopping = false;
  const exited = Promise.race(
    args.daemons.map((d) =>
      d.proc.exited.then((code) => (stopping ? `${d.name} stopped` : `${d.name} exited on its own (${code}); see ${d.logPath}`)),
    ),
  );
  let stopped: Promise<void> | undefined;
  return {
    spec: args.spec,
    serverIp: args.serverIp,
    ports: args.ports,
    versions: args.versions,
    logs: [...args.daemons.map((d) => d.logPath), ...(args.extraLogs ?? [])],
    exited,
    stop() {
      stopping = true;
      stopped ??= (async () => {
        await Promise.all(args.daemons.map((d) => args.lab.stop(d.proc, 2000)));
        await args.onStop?.();
      })();
      return stopped;
    },
  };
}
