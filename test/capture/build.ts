/** Frame builders for capture tests: complete Ethernet/IPv4/UDP|TCP frames with valid checksums. */
import { ethernet } from '../../lib/codec/link/ethernet.js';
import { ipv4, ipv4WithChecksum, type Ipv4Packet } from '../../lib/codec/ipv4/ipv4.js';
import { parseIpv4 } from '../../lib/codec/ipv4/address.js';
import { udp, udpWithChecksum } from '../../lib/codec/udp/udp.js';
import { tcp, tcpWithChecksum, TCP_FLAG } from '../../lib/codec/tcp/tcp.js';
import type { CapturePacket } from '../../lib/codec/pcap/records.js';

export const A = { mac: '02:00:00:00:00:01', ip: '10.77.0.1' };
export const B = { mac: '02:00:00:00:00:02', ip: '10.77.0.2' };

export function ipPacket(over: Partial<Ipv4Packet> & Pick<Ipv4Packet, 'protocol' | 'payload'>): Ipv4Packet {
  return ipv4WithChecksum({
    tos: 0, id: 1, flags: { reserved: false, dontFragment: false, moreFragments: false }, fragmentOffset: 0, ttl: 64,
    checksum: 0, src: A.ip, dst: B.ip, options: new Uint8Array(0), ...over,
  });
}

export function ethFrame(ip: Ipv4Packet, vlans: { tpid: number; pcp: number; dei: boolean; vid: number }[] = []): Uint8Array {
  return ethernet.encode({ dst: B.mac, src: A.mac, vlans, etherType: 0x0800, payload: ipv4.encode(ip) });
}

export function udpBytes(srcPort: number, dstPort: number, payload: Uint8Array, src = A.ip, dst = B.ip): Uint8Array {
  return udp.encode(udpWithChecksum({ srcPort, dstPort, checksum: 0, payload }, { src: parseIpv4(src), dst: parseIpv4(dst) }));
}

export function udpFrame(srcPort: number, dstPort: number, payload: Uint8Array, id = 1): Uint8Array {
  return ethFrame(ipPacket({ protocol: 17, id, payload: udpBytes(srcPort, dstPort, payload) }));
}

/** Splits a datagram's IP payload into fragments of `size` octets (a multiple of 8). */
export function fragments(protocol: number, payload: Uint8Array, size: number, id: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const last = off + size >= payload.length;
    out.push(ethFrame(ipPacket({ protocol, id, payload: payload.subarray(off, off + size), fragmentOffset: off / 8, flags: { reserved: false, dontFragment: false, moreFragments: !last } })));
  }
  return out;
}

export interface Seg { from: 'a' | 'b'; seq: number; ack?: number; flags: number; payload?: Uint8Array }

export function tcpFrame(s: Seg, ports: [number, number] = [40000, 5060]): Uint8Array {
  const [src, dst] = s.from === 'a' ? [A, B] : [B, A];
  const [sp, dp] = s.from === 'a' ? ports : [ports[1], ports[0]];
  const seg = tcpWithChecksum({ srcPort: sp, dstPort: dp, seq: s.seq >>> 0, ack: (s.ack ?? 0) >>> 0, reserved: 0, flags: s.flags, window: 65535, checksum: 0, urgentPointer: 0, options: [], payload: s.payload ?? new Uint8Array(0) }, { src: parseIpv4(src.ip), dst: parseIpv4(dst.ip) });
  return ethernet.encode({ dst: dst.mac, src: src.mac, vlans: [], etherType: 0x0800, payload: ipv4.encode(ipPacket({ protocol: 6, src: src.ip, dst: dst.ip, payload: tcp.encode(seg) })) });
}

export { TCP_FLAG };

export function packet(data: Uint8Array, tsNs = 0n, over: Partial<CapturePacket> = {}): CapturePacket {
  return { kind: 'packet', offset: 0, interfaceId: 0, linkType: 1, tsNs, caplen: data.length, origlen: data.length, data, comments: [], snaplenCut: false, findings: [], ...over };
}
