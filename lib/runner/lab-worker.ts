/**
 * The lab worker: runs the tests inside the phone namespace (lab-protocol.ts). The target is the
 * parent's: starting it is a request on stdout, answered on stdin; its exit arrives the same way,
 * so crash handling and restarts work as in loopback mode (TargetSession).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ProvcertError } from '../errors.js';
import { DhcpPort } from '../emulator/clients/dhcp-port.js';
import { DhcpRawTransport } from '../emulator/net/dhcp-raw-transport.js';
import type { ResolvedTarget } from '../targets/registry.js';
import type { RunningTarget } from '../targets/types.js';
import type { CliIO } from '../cli/command.js';
import { LAB_LINE, type LabWorkerConfig, type ParentMessage, type WorkerMessage } from './lab-protocol.js';
import { ConformanceRun, type RunOptions } from './run.js';

class ParentLink {
  private readonly queue: ParentMessage[] = [];
  private waiter: ((m: ParentMessage) => void) | undefined;
  onExited: ((reason: string) => void) | undefined;

  constructor(private readonly out: (line: string) => void) {
    createInterface({ input: process.stdin }).on('line', (line) => {
      let m: ParentMessage;
      try { m = JSON.parse(line) as ParentMessage; } catch { return; }
      if (m.type === 'exited') { this.onExited?.(m.reason); return; }
      if (this.waiter) { const w = this.waiter; this.waiter = undefined; w(m); } else this.queue.push(m);
    });
  }

  send(m: WorkerMessage): void {
    this.out(`${LAB_LINE}${JSON.stringify(m)}\n`);
  }

  next(): Promise<ParentMessage> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((r) => { this.waiter = r; });
  }
}

/** The parent's addressing of each running instance (lab-target-link.ts): restarts may change it. */
type Addressing = Extract<ParentMessage, { type: 'running' }>['addressing'];

function remoteTarget(cfg: LabWorkerConfig, link: ParentLink, addressing: WeakMap<RunningTarget, Addressing>): ResolvedTarget {
  return {
    spec: cfg.spec, drivers: [], warnings: [],
    async start(env): Promise<RunningTarget> {
      link.send({ type: 'start', contentDir: env.content.dir, outDir: env.outDir, phones: [...env.phones], seed: env.seed });
      const m = await link.next();
      if (m.type !== 'running') throw new ProvcertError('PC_ERR_TARGET', m.type === 'start-failed' ? m.message : `unexpected ${m.type}`);
      const exited = new Promise<string>((resolve) => { link.onExited = resolve; });
      const r = m.running;
      const running: RunningTarget = { spec: r.spec, serverIp: r.serverIp, ports: r.ports, versions: r.versions, logs: r.logs, exited, stop: async () => undefined };
      addressing.set(running, m.addressing);
      return running;
    },
  };
}

/** Runs the worker side; returns the exit code of the run. */
export async function runLabWorker(configPath: string, io: CliIO, options: Omit<RunOptions, 'lab' | 'io' | 'mode'>): Promise<number> {
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as LabWorkerConfig;
  const link = new ParentLink((line) => io.stdout(line));
  const addressing = new WeakMap<RunningTarget, Addressing>();
  const run = new ConformanceRun({
    ...options, io, mode: 'lab',
    lab: {
      resolved: remoteTarget(cfg, link, addressing),
      openDhcpPort: async (_running, tap) => new DhcpPort(await DhcpRawTransport.open(cfg.iface), tap),
      labDns: cfg.spec.serves.includes('dns') || cfg.labDns !== undefined,
      ...(cfg.labDns !== undefined ? { labDnsServer: cfg.labDns } : {}),
      addressing: (running) => addressing.get(running) ?? { localAddress: cfg.phoneIp, wire: { netns: cfg.serverNetns, iface: cfg.serverIface } },
    },
  });
  const onSignal = () => { run.interrupt(); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return (await run.run()).exitCode;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
