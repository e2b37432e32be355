/**
 * Configurable schedules (RESYNC-007, AG88_110): `d1,d2,...,dn` where dn repeats forever and
 * each step may carry `+r` (uniform random extra 0..r s, drawn from the model PRNG), and the
 * daily Resync_At window (RESYNC-004/005).
 */
import { isDelaySchedule, parseDelaySchedule } from '../profile/index.js';
import type { StepCtx } from './ctx.js';

export interface ScheduleStep {
  readonly seconds: number;
  readonly random: number;
}

/** RESYNC-007 via lib/profile's parser; undefined when malformed. */
export function parseSchedule(text: string): readonly ScheduleStep[] | undefined {
  const r = parseDelaySchedule(text);
  return isDelaySchedule(r) && r.steps.length > 0 ? r.steps : undefined;
}

/** The step used for the `index`-th interval (0-based): the last one repeats forever. */
export function stepAt(steps: readonly ScheduleStep[], index: number): ScheduleStep {
  return steps[Math.min(Math.max(index, 0), steps.length - 1)] as ScheduleStep;
}

/**
 * Delay in ms for the `index`-th interval of a schedule parameter, or undefined when the step is
 * 0 (disabled: X-RESYNC-001 for Resync_Error_Retry_Delay, RESYNC-006 for Resync_Periodic).
 * A malformed value falls back to `fallback` (the documented default).
 */
export function scheduleDelayMs(ctx: StepCtx, text: string, fallback: string, index: number): number | undefined {
  const steps = parseSchedule(text) ?? parseSchedule(fallback) ?? [{ seconds: 0, random: 0 }];
  const step = stepAt(steps, index);
  if (step.seconds === 0 && step.random === 0) return undefined;
  const extra = step.random > 0 ? ctx.random(0, step.random * 1000) : 0;
  return step.seconds * 1000 + extra;
}

const DAY_MS = 86_400_000;

/** Resync_At as minutes after midnight; undefined when not a valid HHmm 0000..2400 (RESYNC-004). */
export function parseResyncAt(text: string): number | undefined {
  const m = /^(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const hh = Number(m[1]);
  const mm = Number(m[2]);
  if (hh === 24 && mm === 0) return 0; // 2400 = midnight (X-RESYNC-005)
  if (hh > 23 || mm > 59) return undefined;
  return hh * 60 + mm;
}

/**
 * Next daily resync time: the first HHmm strictly after `now` on the virtual clock (t = 0 is
 * midnight UTC, X-RESYNC-005) plus a uniform 0..Resync_At_Random_Delay s (RESYNC-005).
 */
export function nextDailyMs(ctx: StepCtx, minutes: number, randomDelaySeconds: number): number {
  const now = ctx.now;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  let start = dayStart + minutes * 60_000;
  if (start <= now) start += DAY_MS;
  const extra = randomDelaySeconds > 0 ? ctx.random(0, randomDelaySeconds * 1000) : 0;
  return start + extra - now;
}
