/**
 * What one live phone did, for the report and for tests: every event fed to `step`, the transitions
 * that fired, every effect and how its execution ended, in spec vocabulary (describeEvent /
 * describeEffect). Bounded: past `max` entries the oldest go and `dropped` counts them.
 */

export type TimelineKind = 'event' | 'fired' | 'effect' | 'io' | 'error';

export interface TimelineEntry {
  /** Model time (virtual ms) of the step the entry belongs to. */
  readonly at: number;
  /** Wall time, ms since the epoch (fractional). */
  readonly wall: number;
  readonly kind: TimelineKind;
  readonly text: string;
}

export class Timeline {
  private readonly items: TimelineEntry[] = [];
  dropped = 0;

  constructor(private readonly max = 2000) {}

  add(at: number, kind: TimelineKind, text: string): void {
    this.items.push({ at, wall: performance.timeOrigin + performance.now(), kind, text });
    if (this.items.length > this.max) {
      this.items.shift();
      this.dropped++;
    }
  }

  get entries(): readonly TimelineEntry[] {
    return this.items;
  }

  /** One line per entry: model seconds, arrow by kind, text. */
  toString(): string {
    const arrow: Record<TimelineKind, string> = { event: '<-', fired: '::', effect: '->', io: '..', error: '!!' };
    return this.items.map((e) => `${(e.at / 1000).toFixed(3).padStart(12)}s ${arrow[e.kind]} ${e.text}`).join('\n');
  }
}

/** The model PRNG seed of one phone: FNV-1a of "<run seed>/<mac>", so phones differ and runs repeat. */
export function phoneSeed(runSeed: number, mac: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${runSeed >>> 0}/${mac.toLowerCase()}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
