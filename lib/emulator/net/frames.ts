/**
 * Ethernet + IPv4 + UDP/TCP frames built with our codecs, for the raw DHCP transport (cap) and the
 * socket-level recorder. Checksums are computed (RFC 791 section 3.1, RFC 768, RFC 9293 section 3.1)
 * so that tshark reports no checksum problems when validation is switched on.
 */
import { ethernet } from '../../codec/link/ethernet.js';
import { ETHERTYPE } from '../../codec/link/codes.js';
import { ipv4, ipv4WithChecksum, IP_PROTOCOL } from '../../codec/ipv4/ipv4.js';
import { parseIpv4 } from '../../codec/ipv4/address.js';
import { udp, udpWithChecksum } from '../../codec/udp/udp.js';
import { tcp, tcpWithChecksum } from '../../codec/tcp/tcp.js';
import type { Endpoint } from './packet-events.js';

export interface UdpFrameInput {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly payload: Uint8Array;
  /** IPv4 identification; callers pass a counter so frames differ. */
  readonly ipId?: number;
  readonly ttl?: number;
}

export interface TcpFrameInput {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly seq: number;
  readonly ack: number;
  /** TCP_FLAG bits. */
  readonly flags: number;
  readonly payload: Uint8Array;
  readonly ipId?: number;
  readonly window?: number;
}

function ipPacket(src: string, dst: string, protocol: number, payload: Uint8Array, id: number, ttl: number): Uint8Array {
  return ipv4.encode(ipv4WithChecksum({
    tos: 0, id: id & 0xffff, flags: { reserved: false, dontFragment: false, moreFragments: false }, fragmentOffset: 0,
    ttl, protocol, checksum: 0, src, dst, options: new Uint8Array(0), payload,
  }));
}

export function buildUdpFrame(f: UdpFrameInput): Uint8Array {
  const pseudo = { src: parseIpv4(f.src.address), dst: parseIpv4(f.dst.address) };
  const dgram = udp.encode(udpWithChecksum({ srcPort: f.src.port, dstPort: f.dst.port, checksum: 0, payload: f.payload }, pseudo));
  const ip = ipPacket(f.src.address, f.dst.address, IP_PROTOCOL.UDP, dgram, f.ipId ?? 0, f.ttl ?? 64);
  return ethernet.encode({ dst: f.dstMac, src: f.srcMac, vlans: [], etherType: ETHERTYPE.IPV4, payload: ip });
}

export function buildTcpFrame(f: TcpFrameInput): Uint8Array {
  const pseudo = { src: parseIpv4(f.src.address), dst: parseIpv4(f.dst.address) };
  const seg = tcp.encode(tcpWithChecksum({
    srcPort: f.src.port, dstPort: f.dst.port, seq: f.seq >>> 0, ack: f.ack >>> 0, reserved: 0, flags: f.flags,
    window: f.window ?? 65535, checksum: 0, urgentPointer: 0, options: [], payload: f.payload,
  }, pseudo));
  const ip = ipPacket(f.src.address, f.dst.address, IP_PROTOCOL.TCP, seg, f.ipId ?? 0, 64);
  return ethernet.encode({ dst: f.dstMac, src: f.srcMac, vlans: [], etherType: ETHERTYPE.IPV4, payload: ip });
}

export interface ParsedUdpFrame {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly payload: Uint8Array;
}

/**
 * Reads an Ethernet/IPv4/UDP frame; anything else (ARP, IPv6, TCP, fragments, malformed) gives
 * undefined: a capture handle sees all sorts of traffic and only UDP matters to its consumer.
 */
export function parseUdpFrame(frame: Uint8Array): ParsedUdpFrame | undefined {
  try {
    const eth = ethernet.decode(frame).value;
    if (eth.etherType !== ETHERTYPE.IPV4) return undefined;
    const ip = ipv4.decode(eth.payload).value;
    if (ip.protocol !== IP_PROTOCOL.UDP || ip.fragmentOffset !== 0 || ip.flags.moreFragments) return undefined;
    const d = udp.decode(ip.payload).value;
    return { srcMac: eth.src, dstMac: eth.dst, src: { address: ip.src, port: d.srcPort }, dst: { address: ip.dst, port: d.dstPort }, payload: d.payload };
  } catch {
    return undefined;
  }
}
