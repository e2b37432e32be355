/**
 * The whole phone as plain data (style-examples.md #10: string-literal states). Everything the
 * model remembers lives here, including the PRNG and the armed timers, so that `step` is a pure
 * function of (state, event). Fields marked "survives reboot" are kept by `rebootState`.
 */
import type { PrngState } from './prng.js';
import { seedPrng } from './prng.js';
import type { DhcpLearned, PhoneFacts } from './facts.js';
import { DEFAULT_FACTS } from './facts.js';
import type { ConfigStore } from './params.js';
import { INITIAL_TR69, tr69AfterReboot, type Tr69State } from './tr69/types.js';
import { INITIAL_PFS, type PfsState } from './pfs/types.js';

export type PowerPhase = 'off' | 'running';
export type LinkPhase = 'down' | 'up';
export type DhcpPhase = 'idle' | 'selecting' | 'requesting' | 'bound' | 'renewing' | 'rebinding';
export type ResyncPhase = 'idle' | 'scheduled' | 'deferred' | 'fetching' | 'decoding';
export type UpgradePhase = 'idle' | 'waiting-idle' | 'fetching' | 'installed' | 'retry-wait';
export type OnboardingPhase = 'none' | 'activation-server' | 'activation-code-screen' | 'activating' | 'done';
export type SetPasswordDecision = 'pending' | 'bypassed' | 'shown';

/** $PRVST (PROF-032): -1 explicit, 0 power-up, 1 periodic, 2 retry after failure. */
export type PrvSt = -1 | 0 | 1 | 2;

export type TimerName =
  | 'resync'
  | 'forced-resync'
  | 'upgrade-retry'
  | 'dhcp-retransmit'
  | 'dhcp-t1'
  | 'dhcp-t2'
  | 'dhcp-lease'
  | 'tr69-periodic'
  | 'tr69-retry'
  | 'pfs-election'
  | 'pfs-relay';

export type FetchPurpose = 'profile' | 'upgrade' | 'activation';

/** One outstanding request (a fetch and its redirect/auth follow-ups). */
export interface FetchAttempt {
  readonly id: number;
  readonly purpose: FetchPurpose;
  /** Resolved URL text being requested now. */
  readonly url: string;
  readonly scheme: 'tftp' | 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  readonly redirects: number;
  readonly authRetries: number;
  /** Macro-expanded --key (ENC-004, ENC-007), if the rule had one. */
  readonly key?: string;
  readonly credentials?: { readonly user: string; readonly password: string };
  /** The rule parameter this fetch serves (301 stickiness, PROF-015). */
  readonly ruleParam?: string;
  /** Rule text the fetch came from (301 stickiness is per rule text, X-HTTP-022). */
  readonly ruleText?: string;
  /** Decrypt/gunzip steps taken on the body so far (bounded, decode.ts). */
  readonly decodeSteps?: number;
}

export interface DhcpState {
  readonly phase: DhcpPhase;
  readonly xid: number;
  readonly retransmits: number;
  readonly offered?: { readonly ip: string; readonly serverId?: string };
  readonly learned?: DhcpLearned;
  /** True once a DHCPACK carried a provisioning option (Set-Password table: "DHCP configured"). */
  readonly provisioningConfigured: boolean;
  /** A binding was made since power-up (the first one starts provisioning, RESYNC-002). */
  readonly boundSincePowerUp: boolean;
  /** The current DORA follows a link-up (X-RESYNC-002). */
  readonly linkUpPending: boolean;
}

export interface ResyncState {
  readonly phase: ResyncPhase;
  /** $PRVST of the scheduled or running resync. */
  readonly reason: PrvSt;
  /** Index into the Profile_Rule.._D sequence (PROF-015). */
  readonly ruleIndex: number;
  /** One-shot URL from /admin/resync?URL or NOTIFY profile= (X-PROF-042). */
  readonly explicitUrl?: string;
  /** A scheduled resync of this kind skips the triggers (SIP-003, RESYNC-012). */
  readonly bypassTriggers: boolean;
  readonly attempt?: FetchAttempt;
  /** Consecutive failed resyncs: index into Resync_Error_Retry_Delay (RESYNC-007). */
  readonly errorCount: number;
  /** Consecutive periodic intervals since the last success streak began (RESYNC-007). */
  readonly periodicCount: number;
  readonly lastAttemptAt?: number;
  readonly everSucceeded: boolean;
  /** RESYNC-003: the next contact is the first after power-up. */
  readonly firstContactPending: boolean;
  /** When the due resync was deferred by a call (RESYNC-009/010). */
  readonly deferredSince?: number;
  /** 301 targets per rule parameter, with the rule text they belong to (HTTP-007, X-HTTP-022). */
  readonly sticky: Readonly<Record<string, { readonly rule: string; readonly url: string }>>;
  /** $ERR of the last attempt (PROF-035). */
  readonly lastError: string;
}

export interface UpgradeState {
  readonly phase: UpgradePhase;
  /** Survives reboot (X-UPG-003): rule text and expanded URL of the last attempt (UPG-005). */
  readonly latch?: { readonly rule: string; readonly url: string };
  /** $UPGST (PROF-033): 1 first attempt, 2 retry after failure. Survives reboot. */
  readonly upgst: 1 | 2;
  /** $UPGERR. Survives reboot. */
  readonly upgerr: string;
  readonly lastAttemptAt?: number;
  readonly errorCount: number;
  /** URL selected and waiting for idle lines (UPG-006). */
  readonly pendingUrl?: string;
  readonly attempt?: FetchAttempt;
}

export interface OnboardingState {
  readonly phase: OnboardingPhase;
  /** Provisioning info came from EDOS / activation (Set-Password table "EDOS configured"). */
  readonly edosConfigured: boolean;
  readonly attempt?: FetchAttempt;
}

export interface AccessState {
  /** First boot or after factory reset: the Set-Password decision is still to be made. */
  readonly firstBoot: boolean;
  /** A profile carried a User_Password element (X-ACCESS-001). Survives reboot. */
  readonly passwordProvisioned: boolean;
  readonly setPassword: SetPasswordDecision;
}

export interface PhoneState {
  readonly now: number;
  readonly bootedAt: number;
  readonly power: PowerPhase;
  readonly link: LinkPhase;
  readonly prng: PrngState;
  readonly nextId: number;
  readonly facts: PhoneFacts;
  /** Survives reboot. */
  readonly config: ConfigStore;
  /** ua attributes provisioned per parameter (PROF-010). Survives reboot. */
  readonly ua: Readonly<Record<string, 'na' | 'ro' | 'rw'>>;
  /** Load downloaded and installed, active after the next reboot (UPG-006). */
  readonly installedLoad?: string;
  /** Lines with an active call. */
  readonly activeLines: readonly number[];
  /** Armed timers: name -> due time (ms, virtual clock). */
  readonly timers: Readonly<Partial<Record<TimerName, number>>>;
  readonly dhcp: DhcpState;
  readonly resync: ResyncState;
  readonly upgrade: UpgradeState;
  readonly onboarding: OnboardingState;
  readonly access: AccessState;
  /** TR-069 CPE (tr69/); parts survive reboot (X-TR69-021). */
  readonly tr69: Tr69State;
  /** Peer Firmware Sharing (pfs/); volatile. */
  readonly pfs: PfsState;
}

export interface InitOptions {
  readonly seed: number;
  readonly facts?: Partial<PhoneFacts>;
  /** Parameters already in the config store (pre-provisioned); empty = factory default. */
  readonly config?: ConfigStore;
  /** Virtual time the state starts at (ms). */
  readonly at?: number;
}

export const INITIAL_DHCP: DhcpState = { phase: 'idle', xid: 0, retransmits: 0, provisioningConfigured: false, boundSincePowerUp: false, linkUpPending: false };

export const INITIAL_RESYNC: ResyncState = {
  phase: 'idle', reason: 0, ruleIndex: 0, bypassTriggers: false, errorCount: 0, periodicCount: 0,
  everSucceeded: false, firstContactPending: false, sticky: {}, lastError: '',
};

/** A powered-off phone fresh from the factory (or with a pre-provisioned config store). */
export function initialState(opts: InitOptions): PhoneState {
  const config = opts.config ?? {};
  return {
    now: opts.at ?? 0,
    bootedAt: opts.at ?? 0,
    power: 'off',
    link: 'up',
    prng: seedPrng(opts.seed),
    nextId: 1,
    facts: { ...DEFAULT_FACTS, ...opts.facts },
    config,
    ua: {},
    activeLines: [],
    timers: {},
    dhcp: INITIAL_DHCP,
    resync: INITIAL_RESYNC,
    upgrade: { phase: 'idle', upgst: 1, upgerr: '', errorCount: 0 },
    onboarding: { phase: 'none', edosConfigured: false },
    access: { firstBoot: Object.keys(config).length === 0, passwordProvisioned: 'User_Password' in config, setPassword: 'pending' },
    tr69: INITIAL_TR69,
    pfs: INITIAL_PFS,
  };
}

/**
 * What a reboot keeps: the config store and ua map, the upgrade latch/$UPGST/$UPGERR
 * (X-UPG-003), the EDOS flag and the Set-Password facts; the installed load becomes $SWVER.
 * Everything volatile (timers, DHCP lease, 301 targets, calls) is dropped.
 */
export function rebootState(s: PhoneState): PhoneState {
  const facts = s.installedLoad !== undefined
    ? { ...s.facts, swVersion: s.installedLoad, inactiveLoad: s.facts.swVersion }
    : s.facts;
  return {
    ...s,
    power: 'off',
    facts,
    installedLoad: undefined,
    activeLines: [],
    timers: {},
    dhcp: INITIAL_DHCP,
    resync: INITIAL_RESYNC,
    upgrade: { phase: 'idle', latch: s.upgrade.latch, upgst: s.upgrade.upgst, upgerr: s.upgrade.upgerr, errorCount: s.upgrade.errorCount },
    onboarding: { phase: 'none', edosConfigured: s.onboarding.edosConfigured },
    access: { ...s.access, firstBoot: false },
    tr69: tr69AfterReboot(s.tr69, undefined),
    pfs: INITIAL_PFS,
  };
}
