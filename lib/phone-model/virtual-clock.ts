/**
 * A pure timer book for the virtual clock (conventions.md "clocks"): the driver, the emulator
 * and `model check` apply start/cancel effects to it and ask for the next due timer when no
 * I/O is pending. Ties break by name so that runs are deterministic.
 */
import type { Effect } from './effects.js';
import type { TimerName } from './state.js';

export interface TimerBook {
  readonly now: number;
  readonly due: Readonly<Partial<Record<TimerName, number>>>;
}

export function emptyTimerBook(now = 0): TimerBook {
  return { now, due: {} };
}

/** Applies start-timer/cancel-timer effects emitted at `book.now`. */
export function applyTimerEffects(book: TimerBook, effects: readonly Effect[]): TimerBook {
  let due = book.due;
  for (const e of effects) {
    if (e.type === 'start-timer') due = { ...due, [e.name]: book.now + e.delayMs };
    else if (e.type === 'cancel-timer' && due[e.name] !== undefined) {
      const next = { ...due };
      delete next[e.name];
      due = next;
    } else if (e.type === 'reboot') due = {};
  }
  return { ...book, due };
}

/** The earliest armed timer, or undefined. */
export function nextTimer(book: TimerBook): { readonly name: TimerName; readonly at: number } | undefined {
  let best: { name: TimerName; at: number } | undefined;
  for (const [name, at] of Object.entries(book.due) as [TimerName, number][]) {
    if (best === undefined || at < best.at || (at === best.at && name < best.name)) best = { name, at };
  }
  return best;
}

/** Advances to `at` (never backwards) and removes the fired timer. */
export function fireTimer(book: TimerBook, name: TimerName): TimerBook {
  const at = book.due[name];
  if (at === undefined) return book;
  const due = { ...book.due };
  delete due[name];
  return { now: Math.max(book.now, at), due };
}

export function advanceTo(book: TimerBook, at: number): TimerBook {
  return { ...book, now: Math.max(book.now, at) };
}
