import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../errors.js';

/** Where a command writes. Injected so that tests run commands in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  /** One or two words: `run`, `profile lint`. */
  readonly name: string;
  /** One line for `provcert --help`. */
  readonly summary: string;
  /** Full text for `provcert <name> --help`. */
  readonly usage: string;
  /** Returns the exit code (conventions.md: 0 ok, 1 findings/invalid input, 2 usage/config). */
  run(args: readonly string[], io: CliIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing shared by all commands: unknown flags and missing values are usage
 * errors (exit 2), never exceptions with stacks.
 */
export function parseFlags<O extends Options>(args: readonly string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (e) {
    throw usageError(e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e));
  }
}

/** Parses an integer flag value; a usage error names the flag. */
export function intFlag(value: string | undefined, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw usageError(`--${flag} needs an integer, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw usageError(`--${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}
