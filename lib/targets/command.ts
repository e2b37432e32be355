/**
 * Command targets: the user's own server, started from a target file's `command` inside the lab's
 * server namespace (root) or on loopback (no root). It learns where to listen from the environment
 * (docs/targets.md): PROVCERT_SERVER_IP, PROVCERT_IFACE, PROVCERT_STATE, PROVCERT_CONTENT_DIR and
 * PROVCERT_PORT_<SERVICE>. Ready = every served port is open (TCP: accepts a connection on loopback,
 * LISTEN in /proc/net/tcp* in the lab; UDP: bound in /proc/net/udp*). Stopped with SIGTERM to its
 * process group, SIGKILL after a grace period. An exit we did not ask for resolves `exited`.
 */
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { ProvcertError } from '../errors.js';
import { SERVICES, type Ports, type RunningTarget, type Service, type TargetDriver, type TargetEnv, type TargetSpec } from './types.js';
import { STANDARD_PORTS, TCP_SERVICES, allocateLoopbackPorts } from './spec/ports.js';
import { runTargetAction } from './external.js';

export const DEFAULT_READY_TIMEOUT_MS = 10_000;
export const DEFAULT_STOP_GRACE_MS = 3_000;
/** Used only when /proc/net cannot be read: UDP has no handshake to wait for. */
export const DEFAULT_UDP_SETTLE_MS = 500;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Proc {
  pid: number | undefined;
  /** Exit reason, e.g. 'exited with code 3', 'killed by SIGSEGV'. */
  ended: Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function reason(code: number | string | null, signal?: string | null): string {
  if (typeof code === 'number' && code >= 0) return `exited with code ${code}`;
  if (typeof code === 'string') return `killed by ${code}`;
  if (signal) return `killed by ${signal}`;
  return 'could not be started';
}

function groupKill(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

function lastLines(path: string, n = 5): string {
  try {
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    return lines.slice(-n).join(' | ');
  } catch {
    return '';
  }
}

/** Environment a command target (and its actions) gets. */
export function commandEnv(serverIp: string, iface: string, stateDir: string, contentDir: string, ports: Ports): Record<string, string> {
  const env: Record<string, string> = { PROVCERT_SERVER_IP: serverIp, PROVCERT_IFACE: iface, PROVCERT_STATE: stateDir, PROVCERT_CONTENT_DIR: contentDir };
  for (const s of SERVICES) if (ports[s] !== undefined) env[`PROVCERT_PORT_${s.toUpperCase()}`] = String(ports[s]);
  return env;
}

function startLoopback(argv: string[], cwd: string, env: Record<string, string>, logPath: string): Proc {
  const fd = openSync(logPath, 'a');
  const [cmd, ...args] = argv as [string, ...string[]];
  // detached: own process group, so SIGTERM/SIGKILL reach the server's children too.
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const ended = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(reason(code, signal)));
    child.once('error', (e) => resolve(`could not be started: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
  return { pid: child.pid, ended, kill: (sig) => groupKill(child.pid, sig) };
}

function startInLab(env: TargetEnv, argv: string[], cwd: string, vars: Record<string, string>, logPath: string): Proc {
  const lab = env.lab as NonNullable<TargetEnv['lab']>;
  // `env -C` sets the working directory inside the namespace (ip netns exec keeps ours).
  const p = lab.spawn(env.serverHost as string, ['env', '-C', cwd, ...argv], { logPath, env: { ...process.env, ...vars } });
  return { pid: p.child.pid, ended: p.exited.then((r) => (r === -1 ? 'could not be started' : reason(r))), kill: (sig) => groupKill(p.child.pid, sig) };
}

/** Ports (hex) bound per protocol, from /proc/net/* of the namespace the reader runs in. */
async function boundPorts(env: TargetEnv): Promise<{ tcp: Set<number>; udp: Set<number> } | undefined> {
  const files = ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6'];
  let texts: string[];
  try {
    if (env.lab) {
      const ns = env.lab.host(env.serverHost as string).netns;
      // one `cat` per file so that a missing tcp6/udp6 (IPv6 off) does not hide the others
      texts = await Promise.all(files.map((f) => new Promise<string>((resolve) => {
        execFile('ip', ['netns', 'exec', ns, 'cat', f], { timeout: 5000 }, (_e, out) => resolve(String(out ?? '')));
      })));
    } else {
      texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
    }
  } catch {
    return undefined;
  }
  if (texts.every((t) => t === '')) return undefined;
  const parse = (text: string, tcp: boolean) => {
    const out = new Set<number>();
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local) continue;
      if (tcp && cols[3] !== '0A') continue; // 0A = TCP_LISTEN
      out.add(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
    return out;
  };
  return { tcp: new Set([...parse(texts[0] ?? '', true), ...parse(texts[1] ?? '', true)]), udp: new Set([...parse(texts[2] ?? '', false), ...parse(texts[3] ?? '', false)]) };
}

function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 1000 });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

/** The services that are not ready yet, e.g. ['http (tcp 8080)']. */
async function notReady(env: TargetEnv, serverIp: string, serves: readonly Service[], ports: Ports, startedAt: number, udpSettleMs: number): Promise<string[]> {
  const bound = await boundPorts(env);
  const missing: string[] = [];
  for (const s of serves) {
    const port = ports[s] as number;
    if (TCP_SERVICES.includes(s)) {
      const ok = env.lab ? bound?.tcp.has(port) ?? false : await tcpAccepts(serverIp, port);
      if (!ok) missing.push(`${s} (tcp ${port})`);
    } else if (bound) {
      // SIP and syslog may be served over UDP or TCP (RFC 3261 §18, RFC 6587): either counts.
      const either = s === 'sip' || s === 'syslog';
      if (!bound.udp.has(port) && !(either && bound.tcp.has(port))) missing.push(`${s} (udp ${port})`);
    } else if (Date.now() - startedAt < udpSettleMs) {
      missing.push(`${s} (udp ${port}, settling)`);
    }
  }
  return missing;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'target';
}

export async function startCommandTarget(spec: TargetSpec, env: TargetEnv): Promise<RunningTarget> {
  if (!spec.command || spec.command.length === 0) throw new ProvcertError('PC_ERR_CONFIG', `target '${spec.name}': a command target needs 'command'`);
  if (env.lab && !env.serverHost) throw new ProvcertError('PC_ERR_TARGET', `target '${spec.name}': lab mode needs the server's lab host`);
  const ports: Ports = spec.ports ?? (env.lab ? { ...STANDARD_PORTS } : await allocateLoopbackPorts());
  for (const s of spec.serves) if (ports[s] === undefined) throw new ProvcertError('PC_ERR_CONFIG', `target '${spec.name}': no port for ${s}`);
  const host = env.lab ? env.lab.host(env.serverHost as string) : undefined;
  const serverIp = host?.ip ?? (spec.serverIp.startsWith('127.') ? spec.serverIp : '127.0.0.1');
  const stateDir = join(env.outDir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const logPath = join(env.outDir, `${safeName(spec.name)}.log`);
  const vars = commandEnv(serverIp, host?.iface ?? 'lo', stateDir, env.content.dir, ports);
  const cwd = spec.file ? dirname(spec.file) : process.cwd();
  const proc = env.lab ? startInLab(env, spec.command, cwd, vars, logPath) : startLoopback(spec.command, cwd, vars, logPath);

  let stopping = false;
  let ended: string | undefined;
  void proc.ended.then((r) => { ended = r; });
  const grace = spec.thresholds?.['stopGraceMs'] ?? DEFAULT_STOP_GRACE_MS;
  const stop = async (): Promise<void> => {
    stopping = true;
    if (ended !== undefined) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), grace);
    await proc.ended;
    clearTimeout(timer);
  };

  const timeout = spec.thresholds?.['readyTimeoutMs'] ?? DEFAULT_READY_TIMEOUT_MS;
  const startedAt = Date.now();
  let missing: string[] = [];
  // Bounded: at most timeout / 50 ms polls.
  for (;;) {
    if (ended !== undefined) {
      const tail = lastLines(logPath);
      throw new ProvcertError('PC_ERR_TARGET', `command target '${spec.name}' ${ended} while starting${tail ? `; last output: ${tail}` : ''}; log: ${logPath}`);
    }
    missing = await notReady(env, serverIp, spec.serves, ports, startedAt, spec.thresholds?.['udpSettleMs'] ?? DEFAULT_UDP_SETTLE_MS);
    if (missing.length === 0) break;
    if (Date.now() - startedAt > timeout) {
      await stop();
      throw new ProvcertError('PC_ERR_TARGET', `command target '${spec.name}' not ready after ${timeout} ms: not listening: ${missing.join(', ')}; log: ${logPath}`);
    }
    await sleep(50);
  }

  const exited = new Promise<string>((resolve) => {
    // Only an exit we did not ask for is a crash; after stop() this stays pending.
    void proc.ended.then((r) => { if (!stopping) resolve(`command target '${spec.name}' ${r}; log: ${logPath}`); });
  });
  const running: RunningTarget = {
    spec,
    serverIp,
    ports,
    versions: {},
    logs: [logPath],
    exited,
    stop,
  };
  if (spec.actions) {
    running.act = (action) => runTargetAction(spec, action, { env, vars, cwd });
  }
  return running;
}

export const commandDriver: TargetDriver = {
  name: 'command',
  kind: 'command',
  serves: SERVICES,
  start: startCommandTarget,
};
