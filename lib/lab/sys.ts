/**
 * Thin, synchronous wrappers around the system tools the lab needs (ip). Synchronous on purpose:
 * teardown must also work from an 'exit' handler, where nothing asynchronous runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { ProvcertError } from '../errors.js';

export function run(cmd: string, args: readonly string[], opts: { input?: string; allowFail?: boolean } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input: opts.input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
  if (r.error || r.status !== 0) {
    if (opts.allowFail) return '';
    const why = r.error ? r.error.message : (r.stderr || r.stdout || `exit ${r.status}`).trim();
    throw new ProvcertError('PC_ERR_LAB', `${cmd} ${args.join(' ')}: ${why}`);
  }
  return r.stdout;
}

export function ip(args: readonly string[], allowFail = false): string {
  return run('ip', args, { allowFail });
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this process can create network namespaces (root and a working `ip netns`). */
export function canUseNetns(): { ok: true } | { ok: false; reason: string } {
  if (!isRoot()) return { ok: false, reason: 'network namespaces need root' };
  if (!hasCommand('ip')) return { ok: false, reason: 'iproute2 (ip) is not installed' };
  return { ok: true };
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
