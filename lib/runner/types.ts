/**
 * The test-case API of packet-level suites (docs/runner.md "Writing a test case"). A suite file
 * `suites/<area>/<name>.suite.ts` exports test cases made with `defineTest`; the runner discovers
 * them, decides applicability, gives each a TestContext and turns its outcome into a Result:
 * returning = pass, a Judgement = fail/skip/n/a, any other exception = error.
 */
import type { Level } from '../requirements/index.js';
import type { RunningTarget, Service } from '../targets/types.js';
import type { PacketTap } from '../emulator/net/packet-events.js';
import type { DhcpMessage } from '../codec/dhcp/index.js';
import type { PhoneHttpRequest, PhoneHttpResult } from '../emulator/clients/http-client.js';
import type { TftpGetOptions, TftpGetResult } from '../emulator/clients/tftp-client.js';

/** The three phases of a test as text, for `provcert list`, docs/suites.md and reports (style #16). */
export interface Procedure {
  readonly setup: string;
  readonly stimulus: string;
  readonly criteria: string;
}

/** What a suite author writes. */
export interface TestDefinition {
  /** `<suite>.<topic>.<what>`, lower case, stable (conventions.md); the first part is the suite folder. */
  readonly id: string;
  readonly title: string;
  /** server/both requirement IDs only (phone-side ones are judged by model tests). */
  readonly requirements: readonly string[];
  /** One sentence: why a vendor should care. */
  readonly why: string;
  readonly procedure: Procedure;
  /** Services the target must serve; otherwise the verdict is n/a with the missing ones as reason. */
  readonly needs?: readonly Service[];
  /**
   * Further applicability: returns the reason the test does not apply to this target (n/a), or
   * undefined. Sees the target as started (spec with phones, ports, acs, firmware...).
   */
  readonly applies?: (target: TargetView) => string | undefined;
  /** Per-test wall-time bound; default RunOptions.testTimeoutMs. */
  readonly timeoutMs?: number;
  /** Runs alone (nothing in parallel): for tests that change or stress the target. */
  readonly exclusive?: boolean;
  run(ctx: TestContext): Promise<void>;
}

/** A discovered, validated test case. */
export interface TestCase extends TestDefinition {
  readonly suite: string;
  /** Strongest level of its requirements (MUST > SHOULD > MAY). */
  readonly level: Level;
  /** Suite file it came from, relative to the suites folder. */
  readonly file: string;
}

/** What applicability and tests may know about the target. */
export interface TargetView {
  readonly name: string;
  readonly kind: RunningTarget['spec']['kind'];
  readonly serves: readonly Service[];
  readonly spec: RunningTarget['spec'];
  readonly mode: RunMode;
  /** True when the lab has its own DNS server the options' names can be looked up in. */
  readonly labDns: boolean;
  /** Address of that DNS server when it is the lab services' (lib/lab/services), not the target's own. */
  readonly labDnsServer?: string;
}

/** loopback: no root, the target on 127.0.0.1; lab: network namespaces, real capture. */
export type RunMode = 'loopback' | 'lab';

/** A phone the run provisioned content for (a profile at the path its rule expands to). */
export interface RunPhone {
  readonly mac: string;
  readonly serial: string;
  readonly model: string;
  readonly swver: string;
  /** Path of its profile in the served content (no leading slash), and the marker value of GPP_A in it. */
  readonly profilePath: string;
  readonly marker: string;
}

/** A message that crossed the wire, as a test saw it; `bytes` locate its frame in the test's pcap. */
export interface Observed<T> {
  readonly value: T;
  readonly bytes: Uint8Array;
  /** Short description for the ladder and messages: `DHCPOFFER xid=0x1234`. */
  readonly label: string;
}

/** The DHCP side of the emulator, as tests use it (routing by chaddr; the phone MAC names the sender). */
export interface DhcpChannel {
  /** Sends `msg` as phone `mac` (broadcast, from 0.0.0.0:68 in a lab; shared loopback socket otherwise). */
  send(mac: string, msg: DhcpMessage): Promise<Observed<DhcpMessage>>;
  /** The next BOOTREPLY for `mac` satisfying `match`, or undefined after `timeoutMs`. Register before sending. */
  next(mac: string, timeoutMs?: number, match?: (m: DhcpMessage) => boolean): Promise<Observed<DhcpMessage> | undefined>;
}

export interface TestContext {
  readonly testId: string;
  readonly target: TargetView;
  readonly running: RunningTarget;
  readonly seed: number;
  /** Seeded [0,1) source for xids and choices (reproducible with --seed). */
  readonly random: () => number;
  /** Aborted when the test times out or the run is interrupted; long waits should honour it. */
  readonly signal: AbortSignal;
  /** Phones with provisioned profiles. */
  readonly phones: readonly RunPhone[];
  /** A fresh phone identity (MAC unique in the run), for exchanges that need no profile. */
  newMac(): string;
  readonly dhcp: DhcpChannel;
  /** HTTP(S) request recorded in the test's capture (tap and phone filled in). */
  http(req: Omit<PhoneHttpRequest, 'tap'>): Promise<PhoneHttpResult>;
  tftp(opts: Omit<TftpGetOptions, 'tap'>): Promise<TftpGetResult>;
  /** Wraps bytes this test received through another client, so a matcher can point at their frame. */
  observe<T>(value: T, bytes: Uint8Array, label: string): Observed<T>;
  /** The test's tap: every packet event of this test goes through it. */
  readonly tap: PacketTap;
  /** Folder for this test's artefacts. */
  readonly dir: string;
  log(line: string): void;
  /** Records a lab adaptation (e.g. "DNS names resolved with the lab DNS server") in the report. */
  adapt(text: string): void;
  /** Lab mode: the phone host's own (configured) address, for messages that need a reachable source. */
  readonly localAddress?: string;
  /** Default wait for one reply, ms (small on loopback). */
  readonly replyTimeoutMs: number;
}
