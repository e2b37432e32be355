/**
 * PID 1 of a container target: a POSIX sh script that starts every daemon of the target (one for
 * `container:dnsmasq`, several for `container:kea+nginx`), each with its own log file, and ends the
 * container as soon as the first daemon ends, so that a crash of any part is the crash of the target,
 * as for a process combination (registry.ts combineRunning). Pure: returns the script text.
 *
 * How: each daemon runs in a background subshell that records the daemon's pid, waits for it, writes
 * one line to supervisor.log and sends SIGUSR1 to PID 1; PID 1 `wait`s, and its USR1, TERM and INT
 * traps stop the rest and exit. POSIX `wait` returns when a trapped signal arrives (XCU 2.11), so no
 * polling; `wait -n` would need bash. PID 1 ignores signals it has no handler for, hence the traps
 * (also for `podman stop`, which sends SIGTERM).
 */
import { ProvcertError } from '../../errors.js';
import type { Recipe } from './server-recipes.js';

export const SUPERVISOR_SCRIPT = 'supervisor.sh';
export const SUPERVISOR_LOG = 'supervisor.log';

/** One daemon as the supervisor starts it. */
export interface SupervisedDaemon {
  /** Short name, used in file names: `<name>.log`, `<name>.daemon.pid`. */
  readonly name: string;
  readonly recipe: Pick<Recipe, 'argv' | 'env'>;
}

/** A word for sh: single-quoted, with embedded single quotes closed, escaped and reopened. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `KEY='v' 'argv0' 'arg1'...`: the environment goes to this daemon only, so two recipes cannot clash. */
function commandLine(recipe: SupervisedDaemon['recipe']): string {
  const env = Object.entries(recipe.env ?? {}).map(([k, v]) => {
    if (!ENV_NAME.test(k)) throw new ProvcertError('PC_ERR_INTERNAL', `not an environment variable name: ${k}`);
    return `${k}=${shQuote(v)}`;
  });
  return [...env, ...recipe.argv.map(shQuote)].join(' ');
}

/** The file names a daemon's output and pid go to, relative to the container's out folder. */
export function daemonFiles(name: string): { log: string; pid: string } {
  return { log: `${name}.log`, pid: `${name}.daemon.pid` };
}

/** The supervisor script for `daemons`, with their files under `outDir` (the container's path). */
export function supervisorScript(daemons: readonly SupervisedDaemon[], outDir: string): string {
  if (daemons.length === 0) throw new ProvcertError('PC_ERR_INTERNAL', 'a supervisor needs at least one daemon');
  const names = new Set(daemons.map((d) => d.name));
  if (names.size !== daemons.length) throw new ProvcertError('PC_ERR_INTERNAL', `daemon names repeat: ${daemons.map((d) => d.name).join(', ')}`);
  const out = (file: string) => shQuote(`${outDir}/${file}`);
  const lines = [
    '#!/bin/sh',
    '# Written by provcert (lib/targets/container/supervisor.ts). PID 1 of a container target.',
    'down() {',
    "  trap '' TERM INT USR1",
    '  # Every daemon is in our process group (non-interactive sh: no job control).',
    '  kill -TERM 0 2>/dev/null',
    '  wait',
    '  exit "$1"',
    '}',
    "trap 'down 143' TERM INT",
    "trap 'down 1' USR1",
  ];
  for (const d of daemons) {
    const f = daemonFiles(d.name);
    lines.push(
      `# ${d.name}`,
      '(',
      `  ${commandLine(d.recipe)} >>${out(f.log)} 2>&1 &`,
      `  echo $! >${out(f.pid)}`,
      '  wait $!',
      `  echo "${d.name} ended with status $?" >>${out(SUPERVISOR_LOG)}`,
      '  kill -USR1 $$',
      ') &',
    );
  }
  lines.push('wait', 'down 1', '');
  return lines.join('\n');
}
