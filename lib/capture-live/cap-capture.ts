/**
 * Per-test capture with cap inside a lab namespace (issue 5 part 2). libpcap opens interfaces of
 * the namespace its process lives in, so the capture runs in a worker started with
 * `ip netns exec <ns> node cap-capture-worker <iface> <out.pcap> [filter]` (via NetnsLab.spawn,
 * which also kills it at teardown). The file is classic pcap, written by our writer.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProvcertError } from '../errors.js';
import type { NetnsLab, SpawnedProcess } from '../lab/netns-lab.js';

export interface LiveCapture {
  readonly path: string;
  /** Waits briefly for in-flight frames, then stops the worker (SIGTERM) and waits for it. */
  stop(): Promise<void>;
}

export interface LiveCaptureOptions {
  readonly filter?: string;
  /** Interface; default the host's lab interface. */
  readonly iface?: string;
  /** Wait before stopping, for the last frames; default 150 ms. */
  readonly settleMs?: number;
  /** Bound on the worker's start (node start-up, TypeScript loading under tests); default 20 s. */
  readonly startTimeoutMs?: number;
}

/** The worker entry next to this module, and the node arguments to run it (TypeScript under tests). */
export function captureWorkerCommand(): string[] {
  const here = import.meta.url;
  const ts = here.endsWith('.ts');
  const worker = fileURLToPath(new URL(`./cap-capture-worker.${ts ? 'ts' : 'js'}`, here));
  return [process.execPath, ...(ts ? process.execArgv : []), worker];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startCapCapture(lab: NetnsLab, host: string, path: string, o: LiveCaptureOptions = {}): Promise<LiveCapture> {
  const iface = o.iface ?? lab.host(host).iface;
  const proc: SpawnedProcess = lab.spawn(host, [...captureWorkerCommand(), iface, path, o.filter ?? ''], { logPath: `${path}.capture.log` });
  const deadline = Date.now() + (o.startTimeoutMs ?? 20_000);
  while (Date.now() < deadline && !(existsSync(path) && statSync(path).size >= 24)) {
    if (proc.child.exitCode !== null) break;
    await sleep(20);
  }
  if (!(existsSync(path) && statSync(path).size >= 24)) {
    await lab.stop(proc);
    throw new ProvcertError('PC_ERR_LAB', `capture on ${iface} in ${host} did not start (see ${path}.capture.log)`);
  }
  return {
    path,
    async stop() {
      await sleep(o.settleMs ?? 150);
      await lab.stop(proc);
    },
  };
}
