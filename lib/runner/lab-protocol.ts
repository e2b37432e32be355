/**
 * Lab mode splits a run over two processes (docs/runner.md "Modes"): the parent, in the host
 * namespace, owns the lab and starts/stops the target in the server namespace; the worker runs the
 * tests inside the phone namespace (raw-frame DHCP, sockets bound there), so that no lab traffic
 * leaves from the host namespace. They talk in JSON lines: worker -> parent on stdout (lines that
 * start with LAB_LINE), parent -> worker on stdin.
 */
import type { Ports, TargetSpec } from '../targets/types.js';
import type { TargetAddressing } from './lab-target-link.js';

export const LAB_LINE = '@@provcert-lab ';

/** What the worker needs to know about the running target. */
export interface RemoteRunning {
  readonly spec: TargetSpec;
  readonly serverIp: string;
  readonly ports: Ports;
  readonly versions: Record<string, string>;
  readonly logs: string[];
}

export type WorkerMessage =
  | { readonly type: 'start'; readonly contentDir: string; readonly outDir: string; readonly phones: TargetSpec['phones']; readonly seed: number };

export type ParentMessage =
  /** `addressing` follows each (re)start: a container target brings its own subnet (lab-target-link.ts). */
  | { readonly type: 'running'; readonly running: RemoteRunning; readonly addressing: TargetAddressing }
  | { readonly type: 'start-failed'; readonly message: string }
  | { readonly type: 'exited'; readonly reason: string };

/** Configuration the parent hands the worker (a JSON file). */
export interface LabWorkerConfig {
  readonly argv: string[];
  readonly cwd: string;
  /** Phone-side interface in the phone namespace, its address, and the server host's namespace/interface (capture). */
  readonly iface: string;
  readonly phoneIp: string;
  readonly serverNetns: string;
  readonly serverIface: string;
  readonly spec: TargetSpec;
  /** The lab DNS server's address (lib/lab/services), when the parent started one (the target serves no DNS). */
  readonly labDns?: string;
}
