/**
 * The one interface of a fleet, in-process (Fleet) or in a lab worker process (WorkerFleet), and
 * the JSON-safe views it returns: a phone snapshot and fleet metrics.
 */
import type { PhoneSpec } from '../../targets/types.js';
import type { EmulatedPhone } from '../phone/emulated-phone.js';
import type { TimelineEntry } from '../phone/timeline.js';

export interface PhoneSnapshot {
  readonly mac: string;
  readonly ip?: string;
  readonly sipPort?: number;
  readonly power: string;
  readonly dhcp: string;
  readonly resync: string;
  readonly upgrade: string;
  readonly activeLines: readonly number[];
  readonly config: Readonly<Record<string, string>>;
  readonly applied: number;
  readonly resyncErrors: number;
  readonly lastError: string;
  readonly modelNow: number;
  readonly broken?: string;
  /** Only when asked for (it can be long). */
  readonly timeline?: readonly TimelineEntry[];
}

export interface LatencyStats {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface FleetMetrics {
  readonly phones: number;
  readonly bound: number;
  readonly applied: number;
  /** Power-up to lease, wall ms. */
  readonly dhcpMs: LatencyStats;
  /** Each profile fetch (request to result), wall ms. */
  readonly profileFetchMs: LatencyStats;
  /** Power-up to the first applied profile, wall ms. */
  readonly bootToAppliedMs: LatencyStats;
  /** DHCP replies no phone took (bad chaddr, undecodable). */
  readonly dhcpDropped: number;
}

export interface BootSummary {
  readonly started: number;
  readonly settled: number;
  readonly timedOut: readonly string[];
  readonly wallMs: number;
}

export type CallAction = 'start' | 'end';

export interface FleetApi {
  readonly macs: readonly string[];
  bootAll(): Promise<BootSummary>;
  snapshot(mac: string, withTimeline?: boolean): Promise<PhoneSnapshot>;
  /** Resolves with the first snapshot that satisfies `predicate`; PC_ERR_JUDGEMENT after timeoutMs. */
  until(mac: string, predicate: (s: PhoneSnapshot) => boolean, timeoutMs: number): Promise<PhoneSnapshot>;
  /** GET http://<phone>/admin/resync?<url> through the phone's real web endpoint; the HTTP status. */
  webResync(mac: string, url: string): Promise<number>;
  /** A call on line 1 as model events (without SIP signalling; real calls come from sipp). */
  call(mac: string, action: CallAction): Promise<void>;
  metrics(): Promise<FleetMetrics>;
  close(): Promise<void>;
}

export function snapshotOf(p: EmulatedPhone, withTimeline = false): PhoneSnapshot {
  const s = p.state;
  return {
    mac: p.mac, ...(p.ip !== undefined ? { ip: p.ip } : {}), ...(p.sipPort !== undefined ? { sipPort: p.sipPort } : {}),
    power: s.power, dhcp: s.dhcp.phase, resync: s.resync.phase, upgrade: s.upgrade.phase, activeLines: s.activeLines,
    config: s.config, applied: p.applied, resyncErrors: s.resync.errorCount, lastError: s.resync.lastError, modelNow: s.now,
    ...(p.broken !== undefined ? { broken: p.broken } : {}),
    ...(withTimeline ? { timeline: [...p.timeline.entries] } : {}),
  };
}

export function latencyStats(values: readonly number[]): LatencyStats {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const v = [...values].sort((a, b) => a - b);
  const q = (f: number) => v[Math.min(v.length - 1, Math.floor(f * v.length))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { count: v.length, mean: r(v.reduce((a, b) => a + b, 0) / v.length), p50: r(q(0.5)), p95: r(q(0.95)), max: r(v[v.length - 1]!) };
}

/** n phones with distinct MACs (locally administered 02:pc:..) and serials, for fleets without a PhoneSpec list. */
export function generatePhones(n: number, o: { model?: string; swver?: string; base?: number } = {}): PhoneSpec[] {
  const base = o.base ?? 0;
  return Array.from({ length: n }, (_, i) => ({
    mac: `02ec${(base + i).toString(16).padStart(8, '0')}`,
    serial: `PCX${(base + i).toString(36).toUpperCase().padStart(8, '0')}`,
    model: o.model ?? 'CP-8841-3PCC',
    swver: o.swver ?? 'sip88xx.12-0-1MPP0001-1',
  }));
}
