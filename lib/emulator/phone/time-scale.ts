/**
 * Mapping the model's virtual clock onto wall time for live runs (conventions.md "clocks").
 *
 * The model keeps time in virtual ms. In a live run model time flows at the wall-clock rate between
 * timers, so I/O durations (a 5 ms HTTP exchange) are real; but it never runs past the earliest
 * armed model timer. That timer's wall wait is a SCALED version of its remaining model time, and
 * when it fires the model clock jumps to its due time. Timers therefore always fire in model order
 * and each timer event carries exactly its due time, as `step` requires.
 *
 *   wall wait = remaining * protocolScale            for protocol timers (default: dhcp-retransmit)
 *             = clamp(remaining * scale, minWallMs, maxWallMs)   for every other timer
 *
 * Defaults: scale 1/3600 (one model hour = one wall second: Resync_Error_Retry_Delay 3600 s -> 1 s,
 * Resync_Random_Delay up to 40 s -> up to 11 ms), maxWallMs 5000 (a 24 h lease timer waits 5 s, not
 * 24 s), protocolScale 1 (DHCP retransmissions at 4, 8, 16 s as on the wire, RFC 2131 section 4.1).
 * Transfer timeouts inside the TFTP/HTTP clients are wall time and are not scaled at all.
 */
import type { TimerName } from '../../phone-model/index.js';

export interface TimeScaleOptions {
  /** Factor applied to the model time left until a (non-protocol) timer; default 1/3600. */
  readonly scale?: number;
  /** Lower bound of a scaled wait (ms); default 0. */
  readonly minWallMs?: number;
  /** Upper bound of a scaled wait (ms); default 5000. */
  readonly maxWallMs?: number;
  /** Timers that are protocol timeouts and keep (protocolScale x) wall time; default ['dhcp-retransmit']. */
  readonly protocolTimers?: readonly TimerName[];
  /** Factor for protocol timers; default 1 (tests may lower it). */
  readonly protocolScale?: number;
}

export interface TimeScale {
  readonly scale: number;
  readonly minWallMs: number;
  readonly maxWallMs: number;
  readonly protocolTimers: readonly TimerName[];
  readonly protocolScale: number;
}

export const DEFAULT_TIME_SCALE: TimeScale = { scale: 1 / 3600, minWallMs: 0, maxWallMs: 5000, protocolTimers: ['dhcp-retransmit'], protocolScale: 1 };

export function timeScale(o: TimeScaleOptions = {}): TimeScale {
  return { ...DEFAULT_TIME_SCALE, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as TimeScale;
}

/** Wall milliseconds to wait for a timer `name` that is due `remainingModelMs` from now. */
export function wallDelayMs(ts: TimeScale, name: TimerName, remainingModelMs: number): number {
  const r = Math.max(0, remainingModelMs);
  if (ts.protocolTimers.includes(name)) return r * ts.protocolScale;
  return Math.min(ts.maxWallMs, Math.max(ts.minWallMs, r * ts.scale));
}

/**
 * The model clock of one live phone: wall-rate between timers, clamped at the next due timer,
 * jumping to a timer's due time when it fires. `wallNow` is injected (tests pass a fake).
 */
export class LiveModelClock {
  private model: number;
  private wallAt: number;

  constructor(private readonly wallNow: () => number, startModelMs = 0) {
    this.model = startModelMs;
    this.wallAt = wallNow();
  }

  /** Current model time: never beyond `limit` (the earliest armed timer), never backwards. */
  now(limit = Infinity): number {
    const w = this.wallNow();
    const t = Math.max(this.model, Math.min(limit, this.model + (w - this.wallAt)));
    this.model = t;
    this.wallAt = w;
    return t;
  }

  /** A timer fired: model time jumps to its due time (if ahead). */
  jumpTo(modelMs: number): number {
    this.now(modelMs);
    if (modelMs > this.model) this.model = modelMs;
    this.wallAt = this.wallNow();
    return this.model;
  }
}
