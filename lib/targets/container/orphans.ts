/**
 * Containers and podman networks left by a run that could not clean up (SIGKILL, a crash of the
 * machine): our exit and signal handlers never ran. Every container carries its lab id as a label and
 * every network its lab id in its name (pc<id>-...), and a live lab always has its switch namespace
 * pc<id>-sw, so what belongs to a lab without one is an orphan. NetnsLab.create() already removes the
 * namespaces of dead labs (owner files); this removes their podman side when the next container target
 * starts. The host-namespace veth end goes with its peer in the deleted switch namespace. What cannot
 * be put back is ip_forward and iptables state the dead run had snapshotted: only that run knew it.
 */
import { ip } from '../../lab/sys.js';
import { netnsName } from '../../lab/names.js';
import { podman } from './podman-env.js';

const LAB_LABEL = 'org.provcert.lab';

function liveLabIds(): Set<string> {
  const ids = new Set<string>();
  for (const line of ip(['netns', 'list'], true).split('\n')) {
    const m = /^pc([0-9a-f]{6})-sw\b/.exec(line.trim());
    if (m) ids.add(m[1] as string);
  }
  return ids;
}

/** Removes containers and networks of labs that no longer exist; returns what it removed. */
export function reapOrphans(): string[] {
  const live = liveLabIds();
  const removed: string[] = [];
  const rows = podman(['ps', '-a', '--filter', `label=${LAB_LABEL}`, '--format', `{{.ID}} {{index .Labels "${LAB_LABEL}"}}`], { allowFail: true });
  for (const row of rows.split('\n')) {
    const [cid, lab] = row.trim().split(/\s+/);
    if (!cid || !lab || !/^[0-9a-f]{6}$/.test(lab) || live.has(lab)) continue;
    podman(['rm', '-f', '-t', '0', cid], { allowFail: true });
    removed.push(`container ${cid} of lab ${lab}`);
  }
  for (const name of podman(['network', 'ls', '--format', '{{.Name}}'], { allowFail: true }).split('\n')) {
    const m = /^pc([0-9a-f]{6})-/.exec(name.trim());
    if (!m || live.has(m[1] as string)) continue;
    // Only names our lab naming makes (netnsName's prefix); a foreign network named pc… with a
    // 6-hex lab id would be a remarkable coincidence, and it is removed only if nothing uses it.
    if (!name.trim().startsWith(netnsName(m[1] as string, ''))) continue;
    podman(['network', 'rm', name.trim()], { allowFail: true });
    removed.push(`network ${name.trim()}`);
  }
  return removed;
}
