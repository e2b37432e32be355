/**
 * Just enough ARP (RFC 826) for a raw-frame phone to own an address without an interface address:
 * a server answering a DHCPINFORM unicasts the DHCPACK to the client's ciaddr (RFC 2131 section
 * 4.3.5), so it first asks who has that address. A phone that cannot answer never gets the reply,
 * which would look like a server fault.
 */
import { macBytes, macFromChaddr } from './mac.js';

const ETH_ARP = 0x0806;
const ETH_IPV4 = 0x0800;
const OP_REQUEST = 1;
const OP_REPLY = 2;

export interface ArpRequest {
  /** 12 hex digits. */
  senderMac: string;
  senderIp: string;
  targetIp: string;
}

function ip(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function ipBytes(s: string): number[] {
  return s.split('.').map((p) => Number(p) & 0xff);
}

/** An Ethernet ARP request for an IPv4 address, or undefined for any other frame. */
export function parseArpRequest(frame: Uint8Array): ArpRequest | undefined {
  if (frame.length < 42) return undefined;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (v.getUint16(12) !== ETH_ARP) return undefined;
  // htype 1 (Ethernet), ptype IPv4, hlen 6, plen 4, op request.
  if (v.getUint16(14) !== 1 || v.getUint16(16) !== ETH_IPV4 || frame[18] !== 6 || frame[19] !== 4 || v.getUint16(20) !== OP_REQUEST) return undefined;
  return { senderMac: macFromChaddr(frame.subarray(22, 28)), senderIp: ip(frame, 28), targetIp: ip(frame, 38) };
}

/** The ARP reply "`ownIp` is at `ownMac`" to a request (unicast to the asker). */
export function buildArpReply(req: ArpRequest, ownMac: string, ownIp: string): Uint8Array {
  const own = macBytes(ownMac);
  const asker = macBytes(req.senderMac);
  const f = new Uint8Array(42);
  f.set(asker, 0);
  f.set(own, 6);
  f.set([ETH_ARP >> 8, ETH_ARP & 0xff, 0, 1, ETH_IPV4 >> 8, ETH_IPV4 & 0xff, 6, 4, 0, OP_REPLY], 12);
  f.set(own, 22);
  f.set(ipBytes(ownIp), 28);
  f.set(asker, 32);
  f.set(ipBytes(req.senderIp), 38);
  return f;
}
