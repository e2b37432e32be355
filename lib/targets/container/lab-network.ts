/**
 * A podman network on the lab segment: `podman network create --internal --disable-dns --subnet
 * 10.77.X.0/24` (X in 200..254, lib/lab/names.ts), and once netavark has made its bridge (at the first
 * container), a veth from the lab's switch-namespace bridge into it, so that DHCP broadcasts of the
 * lab's phones reach the container. Removal deletes the veth and the network and restores what netavark
 * changed in the host namespace (host-state.ts).
 */
import { ip, run } from '../../lab/sys.js';
import { ifName, PODMAN_SUBNET_FIRST } from '../../lab/names.js';
import type { NetnsLab } from '../../lab/netns-lab.js';
import { ProvcertError } from '../../errors.js';
import { podman } from './podman-env.js';
import { restoreHost, snapshotHost, type HostSnapshot } from './host-state.js';

const PODMAN_SUBNET_LAST = 254;

export interface LabNetwork {
  readonly name: string;
  readonly subnet: string;
  /** 10.77.X.<n>. */
  addr(host: number): string;
  /** Connects the lab bridge to the podman bridge (after a container is attached). */
  wire(): void;
  /** Disconnects it again: before the container stops, or netavark keeps the bridge for our veth. */
  unwire(): void;
  remove(): string[];
}

interface NetworkInfo {
  name?: string;
  network_interface?: string;
  subnets?: Array<{ subnet?: string }>;
}

function usedSubnets(): Set<string> {
  const names = podman(['network', 'ls', '--format', '{{.Name}}'], { allowFail: true }).split('\n').filter(Boolean);
  const used = new Set<string>();
  for (const n of names) {
    try {
      const info = JSON.parse(podman(['network', 'inspect', n], { allowFail: true }) || '[]') as NetworkInfo[];
      for (const s of info[0]?.subnets ?? []) if (s.subnet) used.add(s.subnet);
    } catch { /* not ours to judge */ }
  }
  return used;
}

export function createLabNetwork(lab: NetnsLab, tag: string): LabNetwork {
  const used = usedSubnets();
  let index = -1;
  const span = PODMAN_SUBNET_LAST - PODMAN_SUBNET_FIRST + 1;
  for (let i = 0; i < span; i++) {
    const x = PODMAN_SUBNET_FIRST + ((lab.subnetIndex - 1 + i) % span); // start at a lab-specific slot
    if (!used.has(`10.77.${x}.0/24`)) { index = x; break; }
  }
  if (index < 0) throw new ProvcertError('PC_ERR_LAB', 'no free podman subnet in 10.77.200-254.0/24');
  const name = `pc${lab.id}-${tag}`;
  const subnet = `10.77.${index}.0/24`;
  const snap: HostSnapshot = snapshotHost();
  // The gateway (the bridge's own address in the host namespace) is .254, so the server can be .1.
  podman(['network', 'create', '--internal', '--disable-dns', '--subnet', subnet, '--gateway', `10.77.${index}.254`, name]);
  const veth = ifName(lab.id, 'c0');
  const peer = ifName(lab.id, 'p0');
  let bridge = '';
  let removed = false;
  return {
    name,
    subnet,
    addr: (host) => `10.77.${index}.${host}`,
    wire() {
      const info = JSON.parse(podman(['network', 'inspect', name])) as NetworkInfo[];
      bridge = info[0]?.network_interface ?? '';
      if (!bridge) throw new ProvcertError('PC_ERR_LAB', `podman network ${name} has no bridge`);
      ip(['link', 'add', veth, 'type', 'veth', 'peer', 'name', peer, 'netns', lab.switchNs]);
      // The lab is IPv4-only (netns-lab.ts); these two are in the host namespace, where IPv6 is on, and
      // their MLD reports and neighbour solicitations would land in every wire capture on the lab bridge.
      // Both devices are ours for the network's lifetime and go with it, so the setting needs no undo.
      for (const dev of [veth, bridge]) run('sysctl', ['-q', '-w', `net.ipv6.conf.${dev}.disable_ipv6=1`], { allowFail: true });
      ip(['link', 'set', veth, 'master', bridge]);
      ip(['link', 'set', veth, 'up']);
      ip(['-n', lab.switchNs, 'link', 'set', peer, 'master', lab.bridge]);
      ip(['-n', lab.switchNs, 'link', 'set', peer, 'up']);
    },
    unwire() {
      ip(['link', 'del', veth], true); // also removes the peer in the switch namespace
    },
    remove() {
      if (removed) return [];
      removed = true;
      ip(['link', 'del', veth], true);
      podman(['network', 'rm', '-f', name], { allowFail: true });
      // netavark deletes the bridge with its last container; one left over (e.g. the container was
      // killed while our veth was still attached) still holds the gateway address and route: remove it.
      if (bridge && ip(['-4', 'addr', 'show', 'dev', bridge], true).includes(`10.77.${index}.254/`)) ip(['link', 'del', bridge], true);
      return restoreHost(snap, [subnet, ...(bridge ? [bridge] : []), name]);
    },
  };
}
