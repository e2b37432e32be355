/**
 * How the phone namespace reaches the running target in lab mode, and where that target's wire is
 * captured (docs/lab.md "How the phone reaches a container target").
 *
 * Process targets run in the server namespace on the lab /24: the phone uses its lab address and the
 * wire is captured on the server's interface. Container targets sit in their podman network's own
 * /24 (10.77.X.0/24, X in 200..254, lib/targets/container/lab-network.ts), joined to the lab bridge at
 * L2 only: raw-frame DHCP reaches them, but a socket bound to the phone's lab address has no route to
 * 10.77.X.1 (ENETUNREACH). So the phone's interface gets one more address in the target's subnet for
 * as long as that target runs, and the capture moves to the lab bridge, the one point that all of the
 * container's lab traffic crosses (the server namespace sees none of it).
 */
import { ipv4Octets } from '../codec/ipv4/address.js';
import { ProvcertError } from '../errors.js';
import { sameHostIn } from '../lab/services/config.js';
import type { LabHost, NetnsLab } from '../lab/netns-lab.js';
import { ip } from '../lab/sys.js';
import type { WireTarget } from './wire-capture.js';

/** What the worker needs per running target. */
export interface TargetAddressing {
  /** The address the phone's HTTP/TFTP sockets bind to (and DHCPINFORM's ciaddr). */
  readonly localAddress: string;
  /** Where each test's wire.pcap is taken. */
  readonly wire: WireTarget;
}

export interface TargetLink extends TargetAddressing {
  /** Removes the extra address again (idempotent); nothing to do for a target on the lab /24. */
  release(): void;
}

/** Host numbers the container subnet already uses (lab-network.ts, provisioning-options.ts): server, pool, gateway. */
const CONTAINER_SERVER_HOST = 1;
const POOL_FIRST = 64;
const POOL_LAST = 253;
const GATEWAY_HOST = 254;

/**
 * The extra address the phone needs for a server at `serverIp`, or undefined when the server is on the
 * phone's own /24. The phone keeps its lab host number (2 for ph0), which the container subnet leaves
 * free: not the server (.1), not the DHCP pool (.64-.253), not the gateway (.254). Pure (unit-tested).
 */
export function extraPhoneAddress(phoneIp: string, serverIp: string): string | undefined {
  const phone = ipv4Octets(phoneIp);
  const server = ipv4Octets(serverIp);
  if (!phone || !server) throw new ProvcertError('PC_ERR_LAB', `not an IPv4 address: ${phone ? serverIp : phoneIp}`);
  if (phone.slice(0, 3).every((o, i) => o === server[i])) return undefined; // same /24
  const host = phone[3] as number;
  const taken = host === CONTAINER_SERVER_HOST || host === GATEWAY_HOST || host === server[3] || (host >= POOL_FIRST && host <= POOL_LAST) || host === 0 || host === 255;
  if (taken) throw new ProvcertError('PC_ERR_LAB', `phone host number .${host} is used in ${server.slice(0, 3).join('.')}.0/24 (server .1, pool .${POOL_FIRST}-.${POOL_LAST}, gateway .${GATEWAY_HOST})`);
  return sameHostIn(phoneIp, serverIp);
}

/**
 * Wires the phone host to a target just started at `serverIp`: adds the extra address when the target is
 * outside the lab /24 and says where to capture. The caller releases the link when the target stops.
 */
export function linkTarget(lab: Pick<NetnsLab, 'switchNs' | 'bridge'>, phone: LabHost, server: LabHost, serverIp: string): TargetLink {
  const phoneIp = phone.ip;
  if (phoneIp === null) throw new ProvcertError('PC_ERR_LAB', `lab host ${phone.name} has no fixed address`);
  const extra = extraPhoneAddress(phoneIp, serverIp);
  if (extra === undefined) {
    // The server's interface sees exactly the target's traffic, as the server does (wire-capture.ts).
    return { localAddress: phoneIp, wire: { netns: server.netns, iface: server.iface }, release: () => undefined };
  }
  // `replace`: a previous instance of the target on the same subnet may not have released yet.
  ip(['-n', phone.netns, 'addr', 'replace', `${extra}/24`, 'dev', phone.iface]);
  let released = false;
  return {
    localAddress: extra,
    // The bridge in the switch namespace: libpcap opens it promiscuous, and a promiscuous bridge
    // passes every frame it forwards up to its own device too (Linux br_handle_frame_finish), so the
    // capture holds the container's traffic with every phone host, as the server interface does for
    // process targets.
    wire: { netns: lab.switchNs, iface: lab.bridge },
    release() {
      if (released) return;
      released = true;
      ip(['-n', phone.netns, 'addr', 'del', `${extra}/24`, 'dev', phone.iface], true);
    },
  };
}
