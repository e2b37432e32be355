/**
 * Progress output: on a TTY one updating line (`\r` + erase), in CI (CI=true) or when piped one
 * plain line per result. Failures and errors always get their own line with the replay command.
 */
import type { CliIO } from '../cli/command.js';
import type { Result } from '../report/types.js';

export class Progress {
  private done = 0;
  private readonly live: boolean;
  private lineOpen = false;

  constructor(private readonly io: CliIO, private readonly total: number) {
    const ci = /^(1|true|yes)$/i.test(io.env['CI'] ?? '');
    this.live = io.isTTY && !ci;
  }

  info(text: string): void {
    this.clear();
    this.io.stdout(`${text}\n`);
  }

  started(id: string): void {
    if (!this.live) return;
    this.io.stdout(`\r\x1b[2K[${this.done}/${this.total}] running ${id}`);
    this.lineOpen = true;
  }

  result(r: Result): void {
    this.done++;
    const detail = r.verdict === 'fail' ? ` ${r.requirementId} (${r.level}): ${r.message}`
      : r.verdict === 'error' ? `: ${r.message}`
        : r.verdict === 'skip' || r.verdict === 'n/a' ? `: ${r.reason}` : '';
    const line = `[${this.done}/${this.total}] ${r.verdict.padEnd(5)} ${r.id}${detail}`;
    if (this.live && (r.verdict === 'pass' || r.verdict === 'n/a' || r.verdict === 'skip')) {
      this.io.stdout(`\r\x1b[2K${line.slice(0, 150)}`);
      this.lineOpen = true;
      return;
    }
    this.clear();
    this.io.stdout(`${line}\n`);
    if ((r.verdict === 'fail' || r.verdict === 'error') && r.evidence.replay) this.io.stdout(`        replay: ${r.evidence.replay}\n`);
  }

  clear(): void {
    if (this.lineOpen) this.io.stdout('\r\x1b[2K');
    this.lineOpen = false;
  }
}
