/**
 * The one interface every target (server under test) implements, and the shape of target files
 * (schemas/target.schema.json is the JSON Schema of TargetSpec; test/targets checks they agree).
 * Targets render configs, start, stop and expose endpoints and logs; they never judge (ARCHITECTURE.md).
 */

export const SERVICES = ['dhcp', 'dns', 'tftp', 'http', 'https', 'acs', 'sip', 'syslog'] as const;
export type Service = (typeof SERVICES)[number];

export interface PhoneSpec {
  /** 12 hex digits, lower case, no separators (as $MA expands). */
  mac: string;
  serial: string;
  /** Product name as $PN expands, e.g. CP-8841-3PCC. */
  model: string;
  /** Software version as $SWVER expands, e.g. sip88xx.11-3-1MPP0001-123. */
  swver: string;
  /** PEM client certificate and key; when absent the lab manufacturer CA issues one (HTTP-019). */
  cert?: string;
  key?: string;
}

export interface FirmwareSpec {
  /** Upgrade_Rule the phones are given. */
  rule: string;
  version: string;
  size: number;
  sha256: string;
}

export interface OnboardingSpec {
  /** Resync URL with a customer ID the phone is sent to first (S_DEP). */
  initUrl: string;
  /** Customer ID per phone MAC. */
  customerIds: Record<string, string>;
  /** The permanent Profile_Rule the bound profile must carry. */
  expectedPermanentRule: string;
}

export interface ActionsSpec {
  /** argv run to make the server act; gets PROVCERT_ACTION, PROVCERT_PHONE_MAC, PROVCERT_PHONE_IP, PROVCERT_PHONE_SIP. */
  command?: string[];
  /** URL POSTed a JSON {action, phone} to make the server act. */
  url?: string;
}

export interface TargetSpec {
  name: string;
  /** Where the file was loaded from (absent for built-in names); relative paths resolve against it. */
  file?: string;
  kind: 'builtin' | 'process' | 'container' | 'command' | 'external';
  /** command targets: argv, path relative to the file. */
  command?: string[];
  /** container targets: a local image, or a build recipe. */
  image?: string;
  build?: { context: string; containerfile?: string };
  serves: Service[];
  /** Address the server has in the lab (default 10.77.0.1, so a certificate issued for it verifies). */
  serverIp: string;
  /** external targets: base URLs per service (no DHCP). */
  urls?: Partial<Record<Service, string>>;
  /** Ports the placeholders were resolved with (the loader fills in all eight; a file may fix some). */
  ports?: Ports;
  phones: PhoneSpec[];
  profileRule?: string;
  key?: string;
  ikm?: string;
  /** PEM paths (resolved). */
  serverCa?: string;
  phoneCa?: string;
  acs?: { url: string; username?: string; password?: string };
  firmware?: FirmwareSpec;
  onboarding?: OnboardingSpec;
  actions?: ActionsSpec;
  thresholds?: Record<string, number>;
}

/** Ports a running target listens on, per service (standard ones in the lab, unprivileged on loopback). */
export type Ports = Partial<Record<Service, number>>;

export interface RunningTarget {
  readonly spec: TargetSpec;
  /** Address phones reach the server at. */
  readonly serverIp: string;
  readonly ports: Ports;
  /** Versions of the software found (e.g. { dnsmasq: '2.89' }), for the report. */
  readonly versions: Record<string, string>;
  /** Paths of the target's log files. */
  readonly logs: string[];
  /** Resolves when the target exits on its own (crash): tests still running become `error`. */
  readonly exited: Promise<string>;
  /** Makes the server act (e.g. send a resync NOTIFY to a phone), when the target can. */
  act?(action: { type: 'notify-resync'; phoneMac: string; phoneSip: string; profileUrl?: string }): Promise<void>;
  stop(): Promise<void>;
}

/** Provisioning content the harness generated for a run, which the target serves. */
export interface TargetContent {
  /** Folder with the files to serve (profiles, firmware), readable by other users (dnsmasq drops privileges). */
  readonly dir: string;
  /** Relative path (no leading slash) -> bytes, for servers that serve from memory. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export interface TargetEnv {
  /** Lab mode (root): the lab, and the name of the server's host in it. Loopback mode: undefined. */
  readonly lab?: import('../lab/netns-lab.js').NetnsLab;
  readonly serverHost?: string;
  /** Folder for this target's configs, state and logs. */
  readonly outDir: string;
  readonly content: TargetContent;
  readonly seed: number;
  /** Phones the run will play (MAC, serial, model...), for per-phone config (e.g. host reservations). */
  readonly phones: readonly PhoneSpec[];
  /** For one part of an `a+b` combination: the whole target (its name and everything it serves). */
  readonly combination?: TargetSpec;
  /**
   * Lab mode: the lab DNS server (lib/lab/services) that DHCP servers hand out in option 6, when the
   * target serves no DNS itself. A target in another /24 of the lab segment (container targets) hands
   * out the same host number in its own /24, where the services host also answers.
   */
  readonly dnsServer?: string;
}

/** A kind of server provcert can start (or reach); registered in lib/targets/drivers.ts. */
export interface TargetDriver {
  /** Built-in name (`dnsmasq`) or kind name (`command`, `external`, `container`). */
  readonly name: string;
  readonly kind: TargetSpec['kind'];
  readonly serves: readonly Service[];
  /** Why it cannot run here (missing binary, not root), or undefined. */
  unavailable?(): string | undefined;
  start(spec: TargetSpec, env: TargetEnv): Promise<RunningTarget>;
}
