/**
 * Effects are data (style-examples.md #8): lib/emulator and the test driver execute them.
 * Each carries the requirement IDs it implements.
 */
import type { DhcpSend } from './dhcp-types.js';
import type { FetchPurpose, TimerName } from './state.js';
import { describeTr69Effect, type Tr69Effect } from './tr69/types.js';
import { describePfsEffect, type PfsEffect } from './pfs/types.js';

export interface FetchEffect {
  readonly type: 'fetch';
  readonly id: number;
  readonly purpose: FetchPurpose;
  readonly url: string;
  readonly scheme: 'tftp' | 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  /** HTTP request headers: User-Agent (HTTP-004), Accept-Encoding aes128gcm with an IKM (ENC-008). */
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Present the unique client certificate (HTTPS only, HTTP-019). */
  readonly clientCert: boolean;
  readonly reqs: readonly string[];
}

export type Effect =
  | { readonly type: 'send-dhcp'; readonly dhcp: DhcpSend; readonly reqs: readonly string[] }
  | { readonly type: 'send-sip-response'; readonly callId: string; readonly cseq: number; readonly status: number; readonly reason: string; readonly reqs: readonly string[] }
  | { readonly type: 'web-response'; readonly status: number; readonly reqs: readonly string[] }
  | FetchEffect
  | { readonly type: 'decrypt'; readonly id: number; readonly algorithm: 'openssl-enc'; readonly key: string; readonly reqs: readonly string[] }
  | { readonly type: 'decrypt'; readonly id: number; readonly algorithm: 'aes128gcm'; readonly ikm: string; readonly reqs: readonly string[] }
  | { readonly type: 'gunzip'; readonly id: number; readonly reqs: readonly string[] }
  | { readonly type: 'start-timer'; readonly name: TimerName; readonly delayMs: number; readonly reqs: readonly string[] }
  | { readonly type: 'cancel-timer'; readonly name: TimerName; readonly reqs: readonly string[] }
  | { readonly type: 'reboot'; readonly reason: string; readonly reqs: readonly string[] }
  | { readonly type: 'apply-profile'; readonly source: string; readonly changes: Readonly<Record<string, string>>; readonly reqs: readonly string[] }
  | { readonly type: 'show-screen'; readonly screen: 'set-password' | 'activation-code'; readonly reqs: readonly string[] }
  | { readonly type: 'log'; readonly message: string; readonly reqs: readonly string[] }
  /** `server` given: to that host:port (Peer_Firmware_Sharing_Log_Server, PFS-004); else Syslog_Server. */
  | { readonly type: 'syslog'; readonly message: string; readonly server?: { readonly host: string; readonly port: number }; readonly reqs: readonly string[] }
  /** Peer Firmware Sharing: notify-peer and peer-fetch (pfs/types.ts). */
  | PfsEffect
  /** TR-069 (tr69/types.ts). */
  | Tr69Effect;

export type EffectType = Effect['type'];

/** Spec-vocabulary one-liner for timelines. */
export function describeEffect(e: Effect): string {
  switch (e.type) {
    case 'send-dhcp': return `${e.dhcp.message} xid=0x${e.dhcp.xid.toString(16).padStart(8, '0')}`;
    case 'send-sip-response': return `SIP ${e.status} ${e.reason}`;
    case 'web-response': return `web ${e.status}`;
    case 'fetch': return `${e.scheme === 'tftp' ? 'TFTP RRQ' : e.method} ${e.url} #${e.id}`;
    case 'decrypt': return `decrypt #${e.id} ${e.algorithm}`;
    case 'gunzip': return `gunzip #${e.id}`;
    case 'start-timer': return `start ${e.name} ${e.delayMs / 1000}s`;
    case 'cancel-timer': return `cancel ${e.name}`;
    case 'reboot': return `reboot (${e.reason})`;
    case 'apply-profile': return `apply ${e.source} (${Object.keys(e.changes).length} params)`;
    case 'show-screen': return `show ${e.screen} screen`;
    case 'log': return `log: ${e.message}`;
    case 'syslog': return `syslog${e.server ? ` ${e.server.host}:${e.server.port}` : ''}: ${e.message}`;
    case 'notify-peer': case 'peer-fetch': return describePfsEffect(e);
    case 'send-cwmp': case 'connection-request-response': case 'tr69-download': return describeTr69Effect(e);
  }
}
