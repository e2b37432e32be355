/**
 * The progress line (issue 7 part 4): on a TTY one line rewritten in place (at most 10 times a
 * second); otherwise (CI logs) a plain line every few seconds.
 */
export interface ProgressCounts {
  readonly runs: number;
  readonly findings: number;
  readonly corpus: number;
  readonly elapsedMs: number;
}

export function progressLine(c: ProgressCounts): string {
  const rate = c.elapsedMs > 0 ? (c.runs * 1000) / c.elapsedMs : 0;
  return `fuzz: ${c.runs} execs, ${rate.toFixed(rate < 10 ? 1 : 0)} execs/s, ${c.findings} finding(s), corpus ${c.corpus}, ${(c.elapsedMs / 1000).toFixed(1)} s`;
}

export class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly write: (text: string) => void, private readonly tty: boolean, private readonly everyMs = tty ? 100 : 5000) {}

  update(c: ProgressCounts): void {
    const now = Date.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.shown = true;
    this.write(this.tty ? `\r\x1b[K${progressLine(c)}` : `${progressLine(c)}\n`);
  }

  /** The last line: always printed, and on a TTY it ends the rewritten line. */
  done(c: ProgressCounts): void {
    this.write(this.tty && this.shown ? `\r\x1b[K${progressLine(c)}\n` : `${progressLine(c)}\n`);
  }

  /** A message between progress lines (a new finding). */
  note(text: string): void {
    this.write(this.tty && this.shown ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.last = 0;
  }
}
