/**
 * RESYNC-007 (AG88_110): Resync_Periodic, Resync_Error_Retry_Delay and Upgrade_Error_Retry_Delay
 * accept `d1,d2,...,dn`, each delay in seconds optionally followed by `+r` (a random extra of
 * up to r seconds); after the list is used up, dn repeats forever. Pure: the phone model uses it.
 */

export interface DelayStep {
  /** Fixed part of the delay, seconds. */
  seconds: number;
  /** Upper bound of the random extra, seconds (0 when no `+r`). */
  random: number;
}

export interface DelaySchedule {
  steps: DelayStep[];
}

/** Bounds that keep a schedule a schedule (not from a Cisco source: provcert's own sanity). */
export const MAX_SCHEDULE_STEPS = 64;
export const MAX_DELAY_SECONDS = 0xffffffff;

const STEP = /^(\d{1,10})(?:\+(\d{1,10}))?$/;

/**
 * Parses a delay schedule. White space around items is tolerated; an empty item, a sign, a
 * fraction or a unit is a problem. Returns the steps or `{ problem }`.
 */
export function parseDelaySchedule(text: string): DelaySchedule | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'empty schedule (expected d1,d2,...,dn with optional +r)' };
  const items = trimmed.split(',');
  if (items.length > MAX_SCHEDULE_STEPS) return { problem: `more than ${MAX_SCHEDULE_STEPS} delays` };
  const steps: DelayStep[] = [];
  for (const [i, raw] of items.entries()) {
    const item = raw.trim();
    const m = STEP.exec(item);
    if (!m) return { problem: `item ${i + 1} '${item}' is not seconds[+random]` };
    const seconds = Number(m[1]);
    const random = m[2] === undefined ? 0 : Number(m[2]);
    if (seconds > MAX_DELAY_SECONDS || random > MAX_DELAY_SECONDS) return { problem: `item ${i + 1} '${item}' is out of range` };
    steps.push({ seconds, random });
  }
  return { steps };
}

/** The step for the n-th attempt (0-based): the last step repeats forever (RESYNC-007). */
export function scheduleStep(schedule: DelaySchedule, attempt: number): DelayStep {
  const i = Math.min(Math.max(0, attempt), schedule.steps.length - 1);
  return schedule.steps[i] as DelayStep;
}

export function isDelaySchedule(v: DelaySchedule | { problem: string }): v is DelaySchedule {
  return 'steps' in v;
}
