/**
 * What netavark changes in the host namespace and we must put back: iptables rules and chains it adds
 * for a network (and sometimes leaves behind), and net.ipv4.ip_forward, which it sets to 1. A snapshot
 * is taken before the network exists; restore() removes the rules added since that mention our subnet
 * or bridge (or jump to chains added since), then chains added since that are left empty, and resets
 * ip_forward. Rules of other networks created meanwhile are left alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hasCommand } from '../../lab/sys.js';

const TABLES = ['filter', 'nat', 'mangle'] as const;
const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

export interface HostSnapshot {
  readonly rules: Record<string, Set<string>>;
  readonly ipForward: string;
}

function iptablesS(table: string): string[] {
  const r = spawnSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

function readIpForward(): string {
  try { return readFileSync(IP_FORWARD, 'utf8').trim(); } catch { return ''; }
}

export function snapshotHost(): HostSnapshot {
  const rules: Record<string, Set<string>> = {};
  if (hasCommand('iptables')) for (const t of TABLES) rules[t] = new Set(iptablesS(t));
  return { rules, ipForward: readIpForward() };
}

/** Splits an `iptables -S` line into arguments (double-quoted words as iptables prints comments). */
export function splitRule(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

/**
 * Rules and chains to remove: a pure function of before/after listings (unit-tested). Our rules are
 * new rules that mention our subnet or bridge; a chain made since the snapshot goes when nothing but
 * jumps to it is left, and so do those jumps (or -X fails). A chain still used by another network stays.
 */
export function plannedRemovals(before: Set<string>, after: readonly string[], mine: readonly string[]): { rules: string[]; chains: string[] } {
  const newChains = after.filter((l) => l.startsWith('-N ') && !before.has(l)).map((l) => l.slice(3).trim());
  const ours = after.filter((l) => l.startsWith('-A ') && !before.has(l) && mine.some((m) => l.includes(m)));
  const left = after.filter((l) => l.startsWith('-A ') && !ours.includes(l));
  const chains = newChains.filter((c) => !left.some((l) => l.startsWith(`-A ${c} `)));
  const jumpTarget = (l: string) => { const a = splitRule(l); const i = a.indexOf('-j'); return i >= 0 ? a[i + 1] ?? '' : ''; };
  const jumps = left.filter((l) => chains.includes(jumpTarget(l)));
  return { rules: [...ours, ...jumps], chains };
}

export function restoreHost(snap: HostSnapshot, mine: readonly string[]): string[] {
  const done: string[] = [];
  for (const t of Object.keys(snap.rules)) {
    for (let round = 0; round < 4; round++) {
      const plan = plannedRemovals(snap.rules[t] ?? new Set(), iptablesS(t), mine);
      if (plan.rules.length === 0 && plan.chains.length === 0) break;
      for (const l of plan.rules) {
        spawnSync('iptables', ['-w', '-t', t, '-D', ...splitRule(l).slice(1)]);
        done.push(`${t}: ${l}`);
      }
      for (const c of plan.chains) {
        spawnSync('iptables', ['-w', '-t', t, '-F', c]);
        spawnSync('iptables', ['-w', '-t', t, '-X', c]);
        done.push(`${t}: -X ${c}`);
      }
    }
  }
  if (snap.ipForward && readIpForward() !== snap.ipForward) {
    try { writeFileSync(IP_FORWARD, snap.ipForward); done.push(`ip_forward=${snap.ipForward}`); } catch { /* read-only /proc/sys: nothing to restore */ }
  }
  return done;
}
