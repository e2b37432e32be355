import { main } from '../../lib/cli/main.js';
import type { CliIO } from '../../lib/cli/command.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: string[], opts: { cwd?: string; env?: Record<string, string>; isTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    isTTY: opts.isTTY ?? false,
    env: { ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A stack trace on a CLI stream is always a bug (conventions.md). */
export function hasStack(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /^\s+at [\w.<>]+ \(/m.test(text);
}
