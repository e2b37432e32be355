/**
 * The target's lifecycle during a run: start, watch for a crash (RunningTarget.exited), restart
 * before the next test after a crash (bounded), and the run's DHCP port to it. A target that will
 * not start makes the remaining tests `error` with the reason (the run still writes its report).
 */
import { join } from 'node:path';
import { isProvcertError } from '../errors.js';
import { DhcpPort } from '../emulator/clients/dhcp-port.js';
import { DhcpUdpTransport } from '../emulator/net/dhcp-udp-transport.js';
import type { PacketTap } from '../emulator/net/packet-events.js';
import type { ResolvedTarget } from '../targets/registry.js';
import type { PhoneSpec, RunningTarget, TargetContent } from '../targets/types.js';
import type { RunMode } from './types.js';

export const MAX_RESTARTS = 3;

export interface SessionOptions {
  readonly resolved: ResolvedTarget;
  readonly mode: RunMode;
  readonly outDir: string;
  readonly content: TargetContent;
  readonly seed: number;
  readonly phones: readonly PhoneSpec[];
  readonly runTap: PacketTap;
  readonly log: (line: string) => void;
  /** Lab mode: opens the DHCP port in the phone namespace (set by lab.ts). */
  readonly openDhcpPort?: (running: RunningTarget, tap: PacketTap) => Promise<DhcpPort>;
  readonly targetEnv?: Partial<import('../targets/types.js').TargetEnv>;
}

function why(e: unknown): string {
  return isProvcertError(e) ? e.toLine() : e instanceof Error ? e.message : String(e);
}

export class TargetSession {
  running: RunningTarget | undefined;
  port: DhcpPort | undefined;
  /** Resolves with the reason when the current instance exits on its own. */
  exited: Promise<string> = new Promise(() => undefined);
  /** Set after a crash until the restart; set for good when starting fails. */
  crashed: string | undefined;
  failed: string | undefined;
  starts = 0;
  private stopping = false;

  constructor(private readonly o: SessionOptions) {}

  async start(): Promise<void> {
    this.starts++;
    const dir = join(this.o.outDir, this.starts === 1 ? 'target' : `target-${this.starts}`);
    try {
      const running = await this.o.resolved.start({ outDir: dir, content: this.o.content, seed: this.o.seed, phones: this.o.phones, ...this.o.targetEnv });
      this.running = running;
      this.crashed = undefined;
      this.exited = running.exited.then((reason) => {
        if (!this.stopping) {
          this.crashed = reason;
          this.o.log(`target exited: ${reason}`);
        }
        return reason;
      });
      if (running.spec.serves.includes('dhcp') && running.ports.dhcp !== undefined) {
        this.port = this.o.openDhcpPort
          ? await this.o.openDhcpPort(running, this.o.runTap)
          : new DhcpPort(await DhcpUdpTransport.open({ serverPort: running.ports.dhcp, serverAddress: running.serverIp }), this.o.runTap);
      }
    } catch (e) {
      this.failed = `the target could not be started: ${why(e)}`;
      this.o.log(this.failed);
    }
  }

  /** Before a test: restart after a crash (at most MAX_RESTARTS times). */
  async ensure(): Promise<void> {
    if (this.failed || this.crashed === undefined) return;
    if (this.starts > MAX_RESTARTS) {
      this.failed = `the target crashed ${this.starts} times (last: ${this.crashed}); not restarted again`;
      return;
    }
    this.o.log(`restarting the target after: ${this.crashed}`);
    await this.stopCurrent();
    await this.start();
  }

  private async stopCurrent(): Promise<void> {
    this.stopping = true;
    try {
      await this.port?.close().catch(() => undefined);
      this.port = undefined;
      await this.running?.stop().catch((e: unknown) => this.o.log(`stopping the target: ${why(e)}`));
      this.running = undefined;
    } finally {
      this.stopping = false;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopCurrent();
    this.stopping = true;
  }
}
