/**
 * The TR-069 CPE slice of the phone state, its events and effects (TR69-* rows; seed "TR69
 * Provisioning", "RPC Methods Supported", "Event Types Supported"). CWMP bodies are the typed
 * values of lib/codec/cwmp: the emulator encodes them, the model only decides them.
 */
import type { CwmpBody, FaultStruct } from '../../codec/cwmp/types.js';

/**
 * disabled: TR-069 off or no ACS URL; idle: no session; informing: Inform posted, waiting for
 * InformResponse; cpe-requests: TransferComplete posted; acs-requests: empty POST or an RPC
 * response posted, waiting for the ACS's next request or 204; retry-wait: session failed.
 */
export type Tr69Phase = 'disabled' | 'idle' | 'informing' | 'cpe-requests' | 'acs-requests' | 'retry-wait';

/** The event codes the seed lists as supported (TR69-005). */
export type Tr69EventCode = '0 BOOTSTRAP' | '1 BOOT' | '2 PERIODIC' | '4 VALUE CHANGE' | '6 CONNECTION REQUEST' | '7 TRANSFER COMPLETE' | 'M Download' | 'M Reboot';
export const TR69_EVENT_CODES: readonly Tr69EventCode[] = ['0 BOOTSTRAP', '1 BOOT', '2 PERIODIC', '4 VALUE CHANGE', '6 CONNECTION REQUEST', '7 TRANSFER COMPLETE', 'M Download', 'M Reboot'];

export interface QueuedEvent {
  readonly code: Tr69EventCode;
  readonly commandKey: string;
}

/** A finished Download waiting to be reported by TransferComplete (TR69-025). Survives reboot. */
export interface TransferResult {
  readonly commandKey: string;
  readonly fault: FaultStruct;
  readonly startTime: number;
  readonly completeTime: number;
}

export interface Tr69Download {
  readonly commandKey: string;
  readonly fileType: string;
  readonly url: string;
  readonly startedAt?: number;
}

export interface Tr69State {
  readonly phase: Tr69Phase;
  readonly acsUrl?: string;
  /** Events waiting for delivery, in order, without duplicates (X-TR69-021). */
  readonly queue: readonly QueuedEvent[];
  /** The ACS a '0 BOOTSTRAP' was acknowledged by. Survives reboot (TR69-023). */
  readonly bootstrappedAcs?: string;
  /** RetryCount of the next Inform (TR69-021). */
  readonly retryCount: number;
  /** ACS-requested actions run after the session ends. */
  readonly afterSession: { readonly reboot?: string; readonly factoryReset: boolean; readonly download?: Tr69Download };
  readonly download?: Tr69Download;
  readonly transfer?: TransferResult;
  /** Notification attributes set by the ACS (TR69-027). Survive reboot. */
  readonly notification: Readonly<Record<string, number>>;
  /** Parameters changed since the last Inform with passive/active notification. */
  readonly changed: readonly string[];
  /** Accepted connection requests (times, ms) for rate limiting (TR69-017). */
  readonly crAccepted: readonly number[];
  /** Connection request port chosen at boot in 8000-9999 (TR69-020). */
  readonly crPort: number;
  /** cwmp:ID of the ACS request being answered (TR69-009). */
  readonly lastAcsId?: string;
  /** Sessions that completed (InformResponse received) since power-up. */
  readonly sessions: number;
}

export type Tr69Event =
  /** The ACS's HTTP answer to the CPE's last POST; status 0 = no answer (connection failed). */
  | { readonly type: 'cwmp-response'; readonly at: number; readonly status: number; readonly body?: CwmpBody; readonly cwmpId?: string }
  /** An HTTP request to the connection request URL; `authenticated` = digest verified (TR69-015). */
  | { readonly type: 'connection-request'; readonly at: number; readonly method: string; readonly authenticated: boolean }
  /** A parameter changed by something other than the ACS (web UI, profile, user). */
  | { readonly type: 'parameter-change'; readonly at: number; readonly name: string; readonly value: string }
  /** Result of a tr69-download effect. */
  | { readonly type: 'tr69-download-result'; readonly at: number; readonly ok: boolean; readonly faultCode?: number };

export type Tr69Effect =
  /** One HTTP POST to the ACS: a CWMP body, or null for the empty POST (TR69-013). */
  | { readonly type: 'send-cwmp'; readonly url: string; readonly body: CwmpBody | null; readonly cwmpId?: string; readonly reqs: readonly string[] }
  /** The answer to a connection request (status 0 = no answer). */
  | { readonly type: 'connection-request-response'; readonly status: number; readonly reqs: readonly string[] }
  /** Transfer of a Download's file (the emulator fetches it and answers tr69-download-result). */
  | { readonly type: 'tr69-download'; readonly commandKey: string; readonly fileType: string; readonly url: string; readonly reqs: readonly string[] };

export const INITIAL_TR69: Tr69State = {
  phase: 'disabled', queue: [], retryCount: 0, afterSession: { factoryReset: false }, notification: {}, changed: [], crAccepted: [], crPort: 0, sessions: 0,
};

/** What a reboot keeps (X-TR69-021): BOOTSTRAP state, M Reboot, an unreported transfer, attributes. */
export function tr69AfterReboot(s: Tr69State, rebootKey: string | undefined): Tr69State {
  const keep = s.queue.filter((e) => e.code === '0 BOOTSTRAP' || e.code === '7 TRANSFER COMPLETE' || e.code === 'M Download' || e.code === 'M Reboot');
  const withReboot = rebootKey !== undefined && !keep.some((e) => e.code === 'M Reboot') ? [...keep, { code: 'M Reboot' as const, commandKey: rebootKey }] : keep;
  return {
    ...INITIAL_TR69, queue: withReboot, notification: s.notification,
    ...(s.bootstrappedAcs !== undefined ? { bootstrappedAcs: s.bootstrappedAcs } : {}),
    ...(s.transfer ? { transfer: s.transfer } : {}),
  };
}

export function describeTr69Event(e: Tr69Event): string {
  switch (e.type) {
    case 'cwmp-response': return `ACS ${e.status === 0 ? 'no answer' : `HTTP ${e.status}`}${e.body ? ` ${e.body.method === 'unknown' ? e.body.name : e.body.method}` : e.status === 204 ? ' (empty)' : ''}`;
    case 'connection-request': return `Connection Request ${e.method}${e.authenticated ? ' (digest ok)' : ' (unauthenticated)'}`;
    case 'parameter-change': return `parameter ${e.name} = ${e.value}`;
    case 'tr69-download-result': return `download ${e.ok ? 'complete' : `failed (${e.faultCode ?? 9010})`}`;
  }
}

export function describeTr69Effect(e: Tr69Effect): string {
  switch (e.type) {
    case 'send-cwmp': {
      if (e.body === null) return 'POST (empty)';
      if (e.body.method === 'Inform') return `POST Inform [${e.body.events.map((x) => x.eventCode).join(', ')}] RetryCount=${e.body.retryCount}`;
      return `POST ${e.body.method === 'unknown' ? e.body.name : e.body.method}`;
    }
    case 'connection-request-response': return `CR answer ${e.status === 0 ? 'none' : e.status}`;
    case 'tr69-download': return `download ${e.fileType} ${e.url}`;
  }
}
