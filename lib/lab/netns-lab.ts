/**
 * A lab: private network namespaces on a Linux bridge that itself lives in a private "switch"
 * namespace, so nothing of the lab is attached to the host's namespace and nothing leaves it.
 *
 *   [switch ns: bridge] --veth-- [server ns 10.77.n.1]
 *                       --veth-- [host ns ...] (phones, clients)
 *
 * Teardown kills every process in the lab's namespaces and deletes them; it runs on destroy(), on
 * process exit, and on SIGINT/SIGTERM (registered once per process). A lab created while another
 * process's lab is live never touches it; leftovers of dead owners are removed at create time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ip, pidAlive, canUseNetns, run } from './sys.js';
import { ifName, netnsName, newLabId, subnetFor } from './names.js';
import { claimSubnet, deadOwners, releaseOwner, runDir, updateOwner, type OwnerRecord } from './owner.js';
import { ProvcertError } from '../errors.js';

export interface LabHostSpec {
  /** Short role name, [a-z0-9]{1,6}: 'srv', 'ph0', 'cli'. */
  name: string;
  /** Host number in the /24 (1 = .1), or null for a host that gets its address by DHCP. */
  hostNumber: number | null;
}

export interface LabHost {
  readonly name: string;
  readonly netns: string;
  readonly iface: string;
  readonly ip: string | null;
  readonly mac: string;
}

export interface SpawnedProcess {
  readonly child: ChildProcess;
  readonly logPath: string | undefined;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

const liveLabs = new Set<NetnsLab>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const lab of liveLabs) lab.destroySync();
  });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      for (const lab of liveLabs) lab.destroySync();
      process.exit(code);
    });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Kills every process in a namespace (SIGTERM, then SIGKILL) and deletes the namespace. */
export function removeNetns(ns: string): void {
  const pids = () => ip(['netns', 'pids', ns], true).split(/\s+/).filter(Boolean).map(Number);
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const list = pids();
    if (list.length === 0) break;
    for (const pid of list) {
      try { process.kill(pid, sig); } catch { /* gone */ }
    }
    for (let i = 0; i < 20 && pids().some((p) => pidAlive(p)); i++) sleepSync(50);
  }
  ip(['netns', 'del', ns], true);
}

export function reapLeftovers(dir = runDir()): string[] {
  const removed: string[] = [];
  for (const rec of deadOwners(dir)) {
    for (const ns of rec.netns) {
      removeNetns(ns);
      removed.push(ns);
    }
    releaseOwner(dir, rec.subnetIndex);
  }
  return removed;
}

export class NetnsLab {
  readonly id: string;
  readonly subnetIndex: number;
  readonly switchNs: string;
  readonly bridge: string;
  private readonly hostsByName = new Map<string, LabHost>();
  private readonly processes: SpawnedProcess[] = [];
  private owner: OwnerRecord;
  private readonly dir: string;
  private destroyed = false;

  private constructor(owner: OwnerRecord, dir: string) {
    this.id = owner.id;
    this.subnetIndex = owner.subnetIndex;
    this.owner = owner;
    this.dir = dir;
    this.switchNs = netnsName(this.id, 'sw');
    this.bridge = ifName(this.id, 'br');
  }

  static create(hosts: readonly LabHostSpec[], opts: { runDir?: string } = {}): NetnsLab {
    const can = canUseNetns();
    if (!can.ok) throw new ProvcertError('PC_ERR_LAB', can.reason);
    const dir = opts.runDir ?? runDir();
    reapLeftovers(dir);
    const id = newLabId();
    const owner = claimSubnet(dir, { id, pid: process.pid, createdAt: new Date().toISOString(), netns: [] });
    const lab = new NetnsLab(owner, dir);
    installHandlers();
    liveLabs.add(lab);
    try {
      lab.addNs(lab.switchNs);
      ip(['-n', lab.switchNs, 'link', 'add', lab.bridge, 'type', 'bridge']);
      ip(['-n', lab.switchNs, 'link', 'set', lab.bridge, 'up']);
      hosts.forEach((h, i) => lab.addHost(h, i));
    } catch (e) {
      lab.destroySync();
      throw e;
    }
    return lab;
  }

  private addNs(ns: string): void {
    this.owner.netns.push(ns);
    updateOwner(this.dir, this.owner); // record before creating, so a crash right after still cleans it
    ip(['netns', 'add', ns]);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    // IPv4-only lab: no router solicitations, MLD or DAD noise in captures (DHCPv6 rows are n/a for now).
    run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'], { allowFail: true });
  }

  private addHost(spec: LabHostSpec, index: number): void {
    if (!/^[a-z0-9]{1,6}$/.test(spec.name)) throw new ProvcertError('PC_ERR_LAB', `bad lab host name '${spec.name}'`);
    if (this.hostsByName.has(spec.name)) throw new ProvcertError('PC_ERR_LAB', `duplicate lab host '${spec.name}'`);
    const ns = netnsName(this.id, spec.name);
    this.addNs(ns);
    const iface = ifName(this.id, `h${index}`);
    const peer = ifName(this.id, `s${index}`);
    // Locally administered MAC derived from the lab id and host index: stable within a lab.
    const mac = `02:${this.id.slice(0, 2)}:${this.id.slice(2, 4)}:${this.id.slice(4, 6)}:00:${index.toString(16).padStart(2, '0')}`;
    ip(['link', 'add', 'name', iface, 'netns', ns, 'address', mac, 'type', 'veth', 'peer', 'name', peer, 'netns', this.switchNs]);
    ip(['-n', this.switchNs, 'link', 'set', peer, 'master', this.bridge]);
    ip(['-n', this.switchNs, 'link', 'set', peer, 'up']);
    ip(['-n', ns, 'link', 'set', iface, 'up']);
    let addr: string | null = null;
    if (spec.hostNumber !== null) {
      addr = subnetFor(this.subnetIndex).addr(spec.hostNumber);
      ip(['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', iface]);
    }
    this.hostsByName.set(spec.name, { name: spec.name, netns: ns, iface, ip: addr, mac });
  }

  get subnet(): string {
    return `${subnetFor(this.subnetIndex).base}/24`;
  }

  host(name: string): LabHost {
    const h = this.hostsByName.get(name);
    if (!h) throw new ProvcertError('PC_ERR_LAB', `no lab host '${name}'`);
    return h;
  }

  get hosts(): LabHost[] {
    return [...this.hostsByName.values()];
  }

  /** Runs a command to completion inside a host's namespace. */
  exec(host: string, argv: readonly string[]): string {
    return ip(['netns', 'exec', this.host(host).netns, ...argv]);
  }

  /**
   * Starts a long-running process inside a host's namespace; output goes to logPath if given, else
   * the caller may read child.stdout/stderr (attach in the same tick: they are set flowing).
   * `stdin: 'pipe'` gives the child a stdin (the fleet worker's request channel), default none.
   */
  spawn(host: string, argv: readonly string[], opts: { logPath?: string; env?: NodeJS.ProcessEnv; stdin?: 'pipe' | 'ignore' } = {}): SpawnedProcess {
    if (this.destroyed) throw new ProvcertError('PC_ERR_LAB', 'lab already destroyed');
    const [cmd, ...args] = argv;
    if (!cmd) throw new ProvcertError('PC_ERR_LAB', 'empty command');
    const child = spawn('ip', ['netns', 'exec', this.host(host).netns, cmd, ...args], {
      stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
      detached: true, // own process group: teardown kills the whole group
      env: opts.env ?? process.env,
    });
    if (opts.logPath) {
      mkdirSync(dirname(opts.logPath), { recursive: true });
      const log = createWriteStream(opts.logPath, { flags: 'a' });
      // Two sources into one file: neither may end it, or the other writes after end.
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.on('close', () => log.end());
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    const exited = new Promise<number | string>((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
      child.on('error', () => resolve(-1));
    });
    const p: SpawnedProcess = { child, logPath: opts.logPath, exited };
    this.processes.push(p);
    return p;
  }

  /** Stops one process: SIGTERM to its group, SIGKILL after the grace period. */
  async stop(p: SpawnedProcess, graceMs = 2000): Promise<number | string> {
    const pid = p.child.pid;
    if (pid !== undefined && p.child.exitCode === null && p.child.signalCode === null) {
      try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
      const timer = setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, graceMs);
      const r = await p.exited;
      clearTimeout(timer);
      return r;
    }
    return p.exited;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.processes.map((p) => this.stop(p, 1000)));
    this.destroySync();
  }

  /** Synchronous teardown (safe in 'exit' and signal handlers). Idempotent. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const p of this.processes) {
      const pid = p.child.pid;
      if (pid !== undefined && p.child.exitCode === null) {
        try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      }
    }
    for (const ns of [...this.owner.netns].reverse()) removeNetns(ns);
    releaseOwner(this.dir, this.subnetIndex);
    liveLabs.delete(this);
  }
}
