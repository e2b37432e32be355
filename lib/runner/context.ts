/**
 * Per-test context: the emulator's clients wired to the test's capture. DHCP goes through the
 * run's one DHCP port (one socket, replies routed by chaddr, style-examples.md #18); its packet
 * events are forwarded to the capture of whichever test uses that phone MAC. HTTP and TFTP clients
 * get the test's tap directly.
 */
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvcertError } from '../errors.js';
import { encode as encodeDhcp, viewOptions, type DhcpMessage } from '../codec/dhcp/index.js';
import { seededRandom } from '../emulator/clients/dhcp-dora.js';
import type { DhcpPort } from '../emulator/clients/dhcp-port.js';
import { phoneHttpRequest } from '../emulator/clients/http-client.js';
import { tftpGet } from '../emulator/clients/tftp-client.js';
import { normalizeMac } from '../emulator/net/mac.js';
import type { PacketEvent, PacketTap } from '../emulator/net/packet-events.js';
import type { RunningTarget } from '../targets/types.js';
import { phoneMac } from './content.js';
import type { TestCapture } from './capture.js';
import type { DhcpChannel, Observed, RunMode, RunPhone, TargetView, TestCase, TestContext } from './types.js';

export function dhcpLabel(m: DhcpMessage): string {
  const name = viewOptions(m).view.messageTypeName ?? (m.op === 1 ? 'BOOTREQUEST' : 'BOOTREPLY');
  return `${name} xid=0x${m.xid.toString(16).padStart(8, '0')}`;
}

/** Forwards run-level DHCP events to the taps of the tests using each MAC. */
export class MacRouter {
  private readonly byMac = new Map<string, Set<PacketTap>>();

  constructor(runTap: PacketTap) {
    runTap.on((e: PacketEvent) => {
      if (!e.phone) return;
      for (const tap of this.byMac.get(e.phone) ?? []) tap.emit(e);
    });
  }

  use(mac: string, tap: PacketTap): void {
    const m = normalizeMac(mac);
    const set = this.byMac.get(m) ?? new Set();
    set.add(tap);
    this.byMac.set(m, set);
  }

  release(tap: PacketTap): void {
    for (const [mac, set] of this.byMac) {
      set.delete(tap);
      if (set.size === 0) this.byMac.delete(mac);
    }
  }
}

/** What every test of a run shares. */
export interface RunEnvironment {
  readonly running: RunningTarget;
  readonly view: TargetView;
  readonly mode: RunMode;
  readonly seed: number;
  readonly phones: readonly RunPhone[];
  /** Absent when the target serves no DHCP (tests needing it are n/a). */
  readonly dhcpPort?: DhcpPort;
  readonly router: MacRouter;
  readonly replyTimeoutMs: number;
  /** Address the emulator's HTTP/TFTP sockets bind to (a 127.77/16 lease on loopback). */
  readonly localAddress?: string;
  adapt(text: string): void;
  /** Run-wide counter for fresh MACs. */
  nextMac(): string;
}

let macCounter = 0;
export function macAllocator(seed: number): () => string {
  return () => phoneMac(seed ^ 0x5a5a5a5a, 10_000 + macCounter++);
}

/** Seed of one test: the run seed mixed with the test ID, so one test replays alone (--test ID --seed S). */
export function testSeed(runSeed: number, testId: string): number {
  let h = (runSeed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < testId.length; i++) h = Math.imul(h ^ testId.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function createContext(env: RunEnvironment, test: TestCase, capture: TestCapture, dir: string, signal: AbortSignal): TestContext {
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'test.log');
  const tap = capture.tap;
  const port = env.dhcpPort;
  const dhcp: DhcpChannel = {
    async send(mac, msg) {
      if (!port) throw new ProvcertError('PC_ERR_TARGET', 'the target serves no DHCP');
      env.router.use(mac, tap);
      const bytes = encodeDhcp(msg);
      await port.send(mac, msg);
      return { value: msg, bytes, label: dhcpLabel(msg) };
    },
    async next(mac, timeoutMs = env.replyTimeoutMs, match = () => true) {
      if (!port) throw new ProvcertError('PC_ERR_TARGET', 'the target serves no DHCP');
      env.router.use(mac, tap);
      const got = await port.waitFor(mac, match, timeoutMs);
      return got ? { value: got.message, bytes: got.received.bytes, label: dhcpLabel(got.message) } : undefined;
    },
  };
  const random = seededRandom(testSeed(env.seed, test.id));
  return {
    testId: test.id,
    target: env.view,
    running: env.running,
    seed: env.seed,
    random,
    signal,
    phones: env.phones,
    newMac: () => env.nextMac(),
    dhcp,
    http: (req) => phoneHttpRequest({ ...(env.localAddress ? { localAddress: env.localAddress } : {}), ...req, tap }),
    tftp: (opts) => tftpGet({ ...(env.localAddress ? { localAddress: env.localAddress } : {}), ...opts, tap }),
    observe<T>(value: T, bytes: Uint8Array, label: string): Observed<T> {
      return { value, bytes, label };
    },
    tap,
    dir,
    log(line) {
      appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
    },
    adapt: (text) => env.adapt(text),
    replyTimeoutMs: env.replyTimeoutMs,
    ...(env.localAddress !== undefined ? { localAddress: env.localAddress } : {}),
  };
}
