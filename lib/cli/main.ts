import { COMMANDS } from './commands.js';
import type { CliIO, Command } from './command.js';
import { isProvcertError, ProvcertError } from '../errors.js';
import { VERSION } from '../version.js';

const MAIN_USAGE = `provcert ${VERSION}: conformance harness for the provisioning of Cisco-MPP-style SIP phones

usage: provcert <command> [options]     provcert <command> --help

commands:
`;

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Finds the command whose (possibly two-word) name is the longest prefix of argv. */
export function findCommand(argv: readonly string[], commands: readonly Command[] = COMMANDS): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

export function mainUsage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return MAIN_USAGE + commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n`).join('') +
    `\nexit codes: 0 ok, 1 failures found or invalid input, 2 usage or configuration error\n`;
}

/** Runs one CLI invocation and returns its exit code. Never lets an exception escape. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(mainUsage());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    // A group word alone (`profile`) lists its sub-commands.
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0) {
      io.stderr(`provcert ${argv[0]}: choose one of: ${group.map((c) => c.name).join(', ')}\n`);
    } else {
      io.stderr(`provcert: unknown command '${argv[0]}' (provcert --help lists them)\n`);
    }
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    return reportError(e, command.name, io);
  }
}

export function reportError(e: unknown, where: string, io: CliIO): number {
  if (isProvcertError(e)) {
    io.stderr(`provcert ${where}: ${e.toLine()}\n`);
    if (e.code === 'PC_ERR_USAGE') io.stderr(`(provcert ${where} --help shows the usage)\n`);
    return e.exitCode;
  }
  const err = new ProvcertError('PC_ERR_INTERNAL', e instanceof Error ? e.message : String(e));
  io.stderr(`provcert ${where}: ${err.toLine()}\n`);
  if (io.env['PROVCERT_DEBUG'] && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return err.exitCode;
}
