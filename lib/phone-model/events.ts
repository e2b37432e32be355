/**
 * Everything that can happen to the phone. Every event carries the virtual time `at` (ms);
 * results of effects (fetch, decrypt, gunzip) come back as events naming the effect's `id`.
 */
import type { DhcpServerOptions } from './dhcp-types.js';
import type { TimerName } from './state.js';
import { describeTr69Event, type Tr69Event } from './tr69/types.js';
import { describePfsEvent, type PfsEvent } from './pfs/types.js';

export type FetchOutcome =
  | { readonly kind: 'http'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Uint8Array }
  | { readonly kind: 'tftp'; readonly body: Uint8Array }
  /** TFTP ERROR packet (RFC 1350): code 1 = file not found. */
  | { readonly kind: 'tftp-error'; readonly code: number; readonly message: string }
  /** No answer: connection refused/reset, timeout, DNS or TLS failure (outcome C, PG46). */
  | { readonly kind: 'network-error'; readonly message: string };

export type PhoneEvent =
  | { readonly type: 'power-up'; readonly at: number }
  | { readonly type: 'link-down'; readonly at: number }
  | { readonly type: 'link-up'; readonly at: number }
  | { readonly type: 'factory-reset'; readonly at: number }
  | { readonly type: 'timer'; readonly at: number; readonly name: TimerName }
  | { readonly type: 'dhcp-offer'; readonly at: number; readonly xid: number; readonly yiaddr: string; readonly options: DhcpServerOptions }
  | { readonly type: 'dhcp-ack'; readonly at: number; readonly xid: number; readonly yiaddr: string; readonly options: DhcpServerOptions }
  | { readonly type: 'dhcp-nak'; readonly at: number; readonly xid: number }
  | { readonly type: 'fetch-result'; readonly at: number; readonly id: number; readonly outcome: FetchOutcome }
  | { readonly type: 'decrypt-result'; readonly at: number; readonly id: number; readonly ok: boolean; readonly body?: Uint8Array }
  | { readonly type: 'gunzip-result'; readonly at: number; readonly id: number; readonly ok: boolean; readonly body?: Uint8Array }
  | { readonly type: 'call-start'; readonly at: number; readonly line: number }
  | { readonly type: 'call-end'; readonly at: number; readonly line: number }
  /** SIP NOTIFY received on a line: `event` is the Event header value (SIP-001/002). */
  | { readonly type: 'sip-notify'; readonly at: number; readonly line: number; readonly event: string; readonly callId: string; readonly cseq: number }
  /** A request to the phone's web server (ACCESS-004/005, HTTP-002): path and raw query. */
  | { readonly type: 'web-request'; readonly at: number; readonly path: string; readonly query?: string; readonly role?: 'none' | 'user' | 'admin' }
  /** Web UI "Submit All Changes" (RESYNC-017). */
  | { readonly type: 'web-submit'; readonly at: number; readonly changes: Readonly<Record<string, string>> }
  /** Keypad: Device administration > Profile Rule, then Resync (RESYNC-016). */
  | { readonly type: 'keypad-resync'; readonly at: number; readonly rule: string }
  /** The user typed an activation code on the gds:// screen (EDOS-007). */
  | { readonly type: 'activation-code'; readonly at: number; readonly code: string }
  /** TR-069 (tr69/types.ts). */
  | Tr69Event
  /** Peer Firmware Sharing (pfs/types.ts). */
  | PfsEvent;

export type PhoneEventType = PhoneEvent['type'];

/** Spec-vocabulary one-liner for timelines and replay output (style-examples.md #11). */
export function describeEvent(e: PhoneEvent): string {
  switch (e.type) {
    case 'timer': return `${e.name}-timer-expires`;
    case 'dhcp-offer': return `DHCPOFFER xid=${hex(e.xid)} ${e.yiaddr}`;
    case 'dhcp-ack': return `DHCPACK xid=${hex(e.xid)} ${e.yiaddr}`;
    case 'dhcp-nak': return `DHCPNAK xid=${hex(e.xid)}`;
    case 'fetch-result': return `result #${e.id} ${describeOutcome(e.outcome)}`;
    case 'decrypt-result': return `decrypt #${e.id} ${e.ok ? 'ok' : 'failed'}`;
    case 'gunzip-result': return `gunzip #${e.id} ${e.ok ? 'ok' : 'failed'}`;
    case 'call-start': return `call-start line ${e.line}`;
    case 'call-end': return `call-end line ${e.line}`;
    case 'sip-notify': return `NOTIFY Event: ${e.event} (line ${e.line})`;
    case 'web-request': return `web GET ${e.path}${e.query !== undefined ? `?${e.query}` : ''}`;
    case 'keypad-resync': return `keypad resync ${e.rule}`;
    case 'activation-code': return `activation-code ${e.code}`;
    case 'cwmp-response': case 'connection-request': case 'parameter-change': case 'tr69-download-result': return describeTr69Event(e);
    case 'pfs-message': case 'pfs-peer-gone': return describePfsEvent(e);
    default: return e.type;
  }
}

export function describeOutcome(o: FetchOutcome): string {
  switch (o.kind) {
    case 'http': return `${o.status}`;
    case 'tftp': return 'tftp ok';
    case 'tftp-error': return `tftp error ${o.code}`;
    case 'network-error': return `network error (${o.message})`;
  }
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
