/**
 * One line per request or decision, to a file (the target's log) and to an optional sink (tests,
 * the lab child's stdout). Lines start with an ISO time and the service: `2024-... dhcp DISCOVER ...`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogFn = (service: string, line: string) => void;

export interface Logger {
  readonly log: LogFn;
  /** Lines kept in memory (bounded), newest last. */
  readonly lines: string[];
}

const KEEP = 5000;

export function createLogger(path: string | undefined, sink?: (line: string) => void): Logger {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const lines: string[] = [];
  const log: LogFn = (service, line) => {
    const text = `${new Date().toISOString()} ${service} ${line.replace(/[\r\n]+/g, ' ')}`;
    lines.push(text);
    if (lines.length > KEEP) lines.splice(0, lines.length - KEEP);
    if (path) {
      try { appendFileSync(path, `${text}\n`); } catch { /* a full disk must not stop the server */ }
    }
    sink?.(text);
  };
  return { log, lines };
}
