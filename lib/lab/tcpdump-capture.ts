/**
 * Records a host's traffic with tcpdump inside the lab namespace. `--immediate-mode -U` so that an
 * early stop still leaves every packet in the file (platform-facts.md). Used by tests that compare our
 * decoders with tshark; the per-test capture of `provcert run` uses the same entry point.
 */
import { existsSync, statSync } from 'node:fs';
import { run } from './sys.js';
import type { NetnsLab, SpawnedProcess } from './netns-lab.js';
import { ProvcertError } from '../errors.js';

export interface Capture {
  readonly path: string;
  stop(): Promise<void>;
}

export interface CaptureOptions {
  /** BPF filter. */
  filter?: string;
  snaplen?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startCapture(lab: NetnsLab, host: string, path: string, opts: CaptureOptions = {}): Promise<Capture> {
  const h = lab.host(host);
  const argv = ['tcpdump', '-i', h.iface, '-w', path, '--immediate-mode', '-U', '-n', '-s', String(opts.snaplen ?? 262144)];
  if (opts.filter) argv.push(opts.filter);
  const proc: SpawnedProcess = lab.spawn(host, argv, { logPath: `${path}.tcpdump.log` });
  // tcpdump writes the file header once it has opened the device: wait for it (bounded).
  for (let i = 0; i < 100 && !(existsSync(path) && statSync(path).size >= 24); i++) {
    if (proc.child.exitCode !== null) break;
    await sleep(20);
  }
  if (!existsSync(path)) {
    await lab.stop(proc);
    throw new ProvcertError('PC_ERR_LAB', `tcpdump did not start on ${h.iface} (see ${path}.tcpdump.log)`);
  }
  await sleep(100); // the filter is attached after the header is written
  return {
    path,
    async stop() {
      await sleep(200); // let the last packets of the exchange arrive
      await lab.stop(proc);
    },
  };
}

/** tcpdump 4.99 writes classic pcap only: pcapng copies are made with Wireshark's editcap. */
export function convertCapture(src: string, dst: string, format: 'pcap' | 'pcapng'): void {
  run('editcap', ['-F', format, src, dst]);
}
