/**
 * The harness side of a fleet worker: starts worker-main in the phones' namespace
 * (`ip netns exec NS node worker-main`) or, without a lab, as a plain child process, and offers the
 * same FleetApi as the in-process Fleet over the JSON-lines protocol. `until` polls snapshots
 * (predicates are functions and cannot cross the process boundary).
 * In a lab the worker is started with NetnsLab.spawn (stdin piped for the protocol), so the lab
 * stops it with its process group on teardown as well as close() here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ProvcertError, type ErrorCode, ERROR_CODES } from '../../errors.js';
import type { NetnsLab } from '../../lab/netns-lab.js';
import type { BootSummary, CallAction, FleetApi, FleetMetrics, PhoneSnapshot } from './fleet-api.js';
import type { WorkerEvent, WorkerFleetOptions, WorkerRequest, WorkerResponse } from './worker-protocol.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface WorkerStartOptions {
  /** Run inside this lab host's namespace (root); absent = a plain child process (loopback mode). */
  readonly lab?: NetnsLab;
  readonly host?: string;
  /** Bound on each request's answer, wall ms; default 120 s (a boot of many phones takes a while). */
  readonly requestTimeoutMs?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
  /** Where the worker's stderr goes (default: discarded). */
  readonly onStderr?: (text: string) => void;
}

function workerArgv(): string[] {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const entry = join(here, '..', ts ? 'worker-main.ts' : 'worker-main.js');
  // From TypeScript sources the loader flags of this process are passed on (as the builtin driver does).
  return [process.execPath, ...(ts ? process.execArgv.filter((a) => /^--(import|loader|experimental-loader|require|enable-source-maps|no-warnings)/.test(a)) : []), entry];
}

function toError(e: { code: string; message: string }): ProvcertError {
  const code = (e.code in ERROR_CODES ? e.code : 'PC_ERR_INTERNAL') as ErrorCode;
  return new ProvcertError(code, `fleet worker: ${e.message}`);
}

export class WorkerFleet implements FleetApi {
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closed = false;
  private exitCode: number | string | undefined;
  macs: readonly string[] = [];
  webPort = 0;

  private constructor(private readonly child: ChildProcess, private readonly o: WorkerStartOptions) {}

  /** Starts the worker and creates the fleet in it. */
  static async start(options: WorkerFleetOptions, o: WorkerStartOptions = {}): Promise<WorkerFleet> {
    const argv = workerArgv();
    const child = o.lab
      ? o.lab.spawn(o.host ?? 'ph', argv, { stdin: 'pipe' }).child
      : spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const w = new WorkerFleet(child, o);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ProvcertError('PC_ERR_LAB', 'fleet worker did not start within 20 s')), 20_000);
      child.once('exit', (c, s) => { clearTimeout(timer); reject(new ProvcertError('PC_ERR_LAB', `fleet worker exited at start (${c ?? s})`)); });
      w.readyHook = () => { clearTimeout(timer); resolve(); };
    });
    child.on('exit', (c, s) => w.onExit(c ?? s ?? -1));
    child.stderr?.on('data', (d: Buffer) => o.onStderr?.(d.toString()));
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => w.onLine(line));
    try {
      await ready;
      const created = await w.send({ op: 'create', options }) as { macs: string[]; webPort: number };
      w.macs = created.macs;
      w.webPort = created.webPort;
    } catch (e) {
      w.kill();
      throw e;
    }
    return w;
  }

  private readyHook: (() => void) | undefined;

  private onLine(line: string): void {
    let msg: WorkerResponse | WorkerEvent;
    try { msg = JSON.parse(line) as WorkerResponse | WorkerEvent; } catch { return; } // not ours (a library printing)
    if ('event' in msg) {
      if (msg.event === 'ready') this.readyHook?.();
      this.o.onEvent?.(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(toError(msg.error));
  }

  private onExit(code: number | string): void {
    this.exitCode = code;
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new ProvcertError('PC_ERR_LAB', `fleet worker exited (${code})`)); }
    this.pending.clear();
  }

  private send(req: DistributiveOmit<WorkerRequest, 'id'>): Promise<unknown> {
    if (this.exitCode !== undefined) return Promise.reject(new ProvcertError('PC_ERR_LAB', `fleet worker exited (${this.exitCode})`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const ms = this.o.requestTimeoutMs ?? 120_000;
      const timer = setTimeout(() => { this.pending.delete(id); reject(new ProvcertError('PC_ERR_LAB', `fleet worker: no answer to ${req.op} within ${ms} ms`)); }, ms);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  bootAll(): Promise<BootSummary> { return this.send({ op: 'boot' }) as Promise<BootSummary>; }
  snapshot(mac: string, withTimeline = false): Promise<PhoneSnapshot> { return this.send({ op: 'snapshot', mac, timeline: withTimeline }) as Promise<PhoneSnapshot>; }
  webResync(mac: string, url: string): Promise<number> { return this.send({ op: 'web-resync', mac, url }) as Promise<number>; }
  async call(mac: string, action: CallAction): Promise<void> { await this.send({ op: 'call', mac, action }); }
  metrics(): Promise<FleetMetrics> { return this.send({ op: 'metrics' }) as Promise<FleetMetrics>; }

  /** Polls every 50 ms (bounded by timeoutMs). */
  async until(mac: string, predicate: (s: PhoneSnapshot) => boolean, timeoutMs: number): Promise<PhoneSnapshot> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const s = await this.snapshot(mac);
      if (predicate(s)) return s;
      if (performance.now() >= deadline) throw new ProvcertError('PC_ERR_JUDGEMENT', `phone ${mac}: condition not reached within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private kill(): void {
    const pid = this.child.pid;
    if (pid !== undefined && this.exitCode === undefined) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }

  /** Asks for a clean shutdown, then kills the process group if it does not exit within 5 s. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((r) => { if (this.exitCode !== undefined) r(); else this.child.once('exit', () => r()); });
      await this.send({ op: 'shutdown' }).catch(() => undefined);
      const timer = setTimeout(() => this.kill(), 5000);
      this.child.stdin?.end();
      await exited;
      clearTimeout(timer);
    }
  }
}
