/**
 * fast-check arbitraries for the link, network and transport codecs. Every value is in the exact
 * form the decoder returns, so round trips compare with strictSame after `normaliseBytes`.
 */
import fc from 'fast-check';
import type { EthernetFrame, VlanTag } from '../../../lib/codec/link/ethernet.js';
import type { SllHeader, Sll2Header } from '../../../lib/codec/link/sll.js';
import type { Ipv4Packet } from '../../../lib/codec/ipv4/ipv4.js';
import type { Ipv6Packet } from '../../../lib/codec/ipv4/ipv6.js';
import { formatIpv6 } from '../../../lib/codec/ipv4/address.js';
import type { UdpDatagram } from '../../../lib/codec/udp/udp.js';
import type { TcpSegment } from '../../../lib/codec/tcp/tcp.js';
import type { TcpOption } from '../../../lib/codec/tcp/options.js';
import { tcpOptionLength } from '../../../lib/codec/tcp/options.js';

/** Uint8Array, bigint and nested values to a comparable plain form. */
export function normaliseBytes(v: unknown): unknown {
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'bigint') return `bigint:${v}`;
  if (Array.isArray(v)) return v.map(normaliseBytes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseBytes(x)]));
  return v;
}

export const bytes = (max = 64, min = 0): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max });
export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });

export const macArb: fc.Arbitrary<string> = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
export const ipv4AddrArb: fc.Arbitrary<string> = fc.tuple(u8, u8, u8, u8).map((p) => p.join('.'));

const vlanArb: fc.Arbitrary<VlanTag> = fc.record({
  tpid: fc.constantFrom(0x8100, 0x88a8, 0x9100),
  pcp: fc.integer({ min: 0, max: 7 }),
  dei: fc.boolean(),
  vid: fc.integer({ min: 0, max: 4095 }),
});

export const ethernetArb: fc.Arbitrary<EthernetFrame> = fc.record({
  dst: macArb,
  src: macArb,
  vlans: fc.array(vlanArb, { maxLength: 3 }),
  etherType: u16.filter((t) => t !== 0x8100 && t !== 0x88a8 && t !== 0x9100),
  payload: bytes(80),
});

const sllAddress = fc.integer({ min: 0, max: 12 }).chain((addressLength) => {
  const shown = Math.min(addressLength, 8);
  return fc.record({
    addressLength: fc.constant(addressLength),
    address: fc.uint8Array({ minLength: shown, maxLength: shown }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')),
    addressPadding: fc.uint8Array({ minLength: 8 - shown, maxLength: 8 - shown }),
  });
});

export const sllArb: fc.Arbitrary<SllHeader> = fc.tuple(sllAddress, fc.record({ packetType: fc.integer({ min: 0, max: 4 }), arphrdType: u16, protocol: u16, payload: bytes(40) }))
  .map(([a, r]) => ({ packetType: r.packetType, arphrdType: r.arphrdType, addressLength: a.addressLength, address: a.address, addressPadding: a.addressPadding, protocol: r.protocol, payload: r.payload }));

export const sll2Arb: fc.Arbitrary<Sll2Header> = fc.tuple(sllAddress, fc.record({ packetType: u8, arphrdType: u16, protocol: u16, reserved: u16, interfaceIndex: u32, payload: bytes(40) }))
  .map(([a, r]) => ({ protocol: r.protocol, reserved: r.reserved, interfaceIndex: r.interfaceIndex, arphrdType: r.arphrdType, packetType: r.packetType, addressLength: a.addressLength, address: a.address, addressPadding: a.addressPadding, payload: r.payload }));

export const ipv4Arb: fc.Arbitrary<Ipv4Packet> = fc.record({
  tos: u8,
  id: u16,
  flags: fc.record({ reserved: fc.boolean(), dontFragment: fc.boolean(), moreFragments: fc.boolean() }),
  fragmentOffset: fc.integer({ min: 0, max: 0x1fff }),
  ttl: u8,
  protocol: u8,
  checksum: u16,
  src: ipv4AddrArb,
  dst: ipv4AddrArb,
  options: fc.integer({ min: 0, max: 10 }).chain((n) => fc.uint8Array({ minLength: 4 * n, maxLength: 4 * n })),
  payload: bytes(120),
});

export const ipv6Arb: fc.Arbitrary<Ipv6Packet> = fc.record({
  trafficClass: u8,
  flowLabel: fc.integer({ min: 0, max: 0xfffff }),
  nextHeader: u8,
  hopLimit: u8,
  srcBytes: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  dstBytes: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  payload: bytes(80),
}).map((r) => ({ ...r, src: formatIpv6(r.srcBytes), dst: formatIpv6(r.dstBytes) }));

export const udpArb: fc.Arbitrary<UdpDatagram> = fc.record({ srcPort: u16, dstPort: u16, checksum: u16, payload: bytes(120) });

const typedOption: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'nop' }),
  u16.map((mss): TcpOption => ({ kind: 'mss', mss })),
  u8.map((shift): TcpOption => ({ kind: 'window-scale', shift })),
  fc.constant<TcpOption>({ kind: 'sack-permitted' }),
  fc.array(fc.record({ left: u32, right: u32 }), { minLength: 1, maxLength: 3 }).map((blocks): TcpOption => ({ kind: 'sack', blocks })),
  fc.record({ tsval: u32, tsecr: u32 }).map((t): TcpOption => ({ kind: 'timestamps', ...t })),
  fc.record({ type: fc.integer({ min: 6, max: 255 }).filter((t) => t !== 8), data: bytes(6) }).map((u): TcpOption => ({ kind: 'unknown', ...u })),
);

/** Option lists that fit the 40-octet area, padded to 32 bits with NOPs or a final EOL. */
export const tcpOptionsArb: fc.Arbitrary<TcpOption[]> = fc.tuple(fc.array(typedOption, { maxLength: 5 }), fc.boolean()).map(([list, eol]) => {
  const out: TcpOption[] = [];
  let len = 0;
  for (const o of list) {
    if (len + tcpOptionLength(o) > 36) break;
    out.push(o);
    len += tcpOptionLength(o);
  }
  const rest = (4 - (len % 4)) % 4;
  if (eol && (rest > 0 || len < 40)) out.push({ kind: 'eol', padding: new Uint8Array(rest > 0 ? rest - 1 : 3) });
  else for (let i = 0; i < rest; i++) out.push({ kind: 'nop' });
  return out;
});

export const tcpArb: fc.Arbitrary<TcpSegment> = fc.record({
  srcPort: u16, dstPort: u16, seq: u32, ack: u32,
  reserved: fc.integer({ min: 0, max: 15 }), flags: u8, window: u16, checksum: u16, urgentPointer: u16,
  options: tcpOptionsArb,
  payload: bytes(100),
});
