/**
 * The JSON-lines protocol between the harness and a fleet worker (worker-main.ts) running inside
 * the phones' network namespace: one JSON object per line on stdin (requests) and stdout (responses
 * and events). Every request has an `id`; the response carries the same id. Events have no id.
 */
import { ProvcertError } from '../../errors.js';
import type { FleetOptions } from './fleet.js';

/**
 * What the harness sends to create a worker's fleet: FleetOptions as plain JSON (every field is plain
 * data), less the tuning knobs the worker keeps at their defaults, plus event streaming.
 */
export interface WorkerFleetOptions extends Omit<FleetOptions, 'rebootWallMs' | 'timelineMax'> {
  /** Stream every timeline entry as an event (verbose; default false). */
  readonly streamTimeline?: boolean;
}

export type WorkerRequest =
  | { readonly id: number; readonly op: 'create'; readonly options: WorkerFleetOptions }
  | { readonly id: number; readonly op: 'boot' }
  | { readonly id: number; readonly op: 'web-resync'; readonly mac: string; readonly url: string }
  | { readonly id: number; readonly op: 'call'; readonly mac: string; readonly action: 'start' | 'end' }
  | { readonly id: number; readonly op: 'snapshot'; readonly mac: string; readonly timeline?: boolean }
  | { readonly id: number; readonly op: 'metrics' }
  | { readonly id: number; readonly op: 'shutdown' };

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export type WorkerEvent =
  | { readonly event: 'ready'; readonly pid: number }
  | { readonly event: 'timeline'; readonly mac: string; readonly at: number; readonly kind: string; readonly text: string };

const OPS = new Set(['create', 'boot', 'web-resync', 'call', 'snapshot', 'metrics', 'shutdown']);

/** Parses one request line; PC_ERR_USAGE for anything that is not a known request. */
export function parseRequest(line: string): WorkerRequest {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new ProvcertError('PC_ERR_USAGE', 'worker request is not JSON');
  }
  if (typeof v !== 'object' || v === null) throw new ProvcertError('PC_ERR_USAGE', 'worker request is not an object');
  const r = v as Record<string, unknown>;
  if (typeof r['id'] !== 'number' || !Number.isInteger(r['id'])) throw new ProvcertError('PC_ERR_USAGE', 'worker request without an integer id');
  if (typeof r['op'] !== 'string' || !OPS.has(r['op'])) throw new ProvcertError('PC_ERR_USAGE', `unknown worker op ${JSON.stringify(r['op'])}`);
  const needMac = r['op'] === 'web-resync' || r['op'] === 'call' || r['op'] === 'snapshot';
  if (needMac && typeof r['mac'] !== 'string') throw new ProvcertError('PC_ERR_USAGE', `${r['op']} needs a mac`);
  if (r['op'] === 'web-resync' && typeof r['url'] !== 'string') throw new ProvcertError('PC_ERR_USAGE', 'web-resync needs a url');
  if (r['op'] === 'call' && r['action'] !== 'start' && r['action'] !== 'end') throw new ProvcertError('PC_ERR_USAGE', 'call needs action start or end');
  if (r['op'] === 'create' && (typeof r['options'] !== 'object' || r['options'] === null)) throw new ProvcertError('PC_ERR_USAGE', 'create needs options');
  return r as unknown as WorkerRequest;
}
