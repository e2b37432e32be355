/**
 * Link-layer dispatch by LINKTYPE (pcap/codes.ts): which codec frames the packet and where the
 * network layer starts. An unsupported link type throws DecodeError, which the pipeline records on the frame.
 */
import { DecodeError } from '../errors.js';
import type { CodecFinding } from '../codec/types.js';
import { ethernet, type EthernetFrame } from '../codec/link/ethernet.js';
import { sll, sll2, type SllHeader, type Sll2Header } from '../codec/link/sll.js';
import { ETHERTYPE } from '../codec/link/codes.js';
import { LINKTYPE } from '../codec/pcap/codes.js';

type NoPayload<T> = Omit<T, 'payload'>;

export type LinkLayer =
  | ({ readonly kind: 'ethernet' } & NoPayload<EthernetFrame>)
  | ({ readonly kind: 'sll' } & NoPayload<SllHeader>)
  | ({ readonly kind: 'sll2' } & NoPayload<Sll2Header>)
  | { readonly kind: 'raw' }
  | { readonly kind: 'null'; readonly family: number };

export interface LinkResult {
  readonly link: LinkLayer;
  /** 'ipv4' | 'ipv6' | other protocol name; undefined when the link layer says nothing decodable follows. */
  readonly network: 'ipv4' | 'ipv6' | 'other';
  /** EtherType (or equivalent) of what follows, for reporting. */
  readonly networkType: number;
  /** Offset in the frame where the network layer starts. */
  readonly networkOffset: number;
  readonly findings: readonly CodecFinding[];
}

function byEtherType(t: number): 'ipv4' | 'ipv6' | 'other' {
  return t === ETHERTYPE.IPV4 ? 'ipv4' : t === ETHERTYPE.IPV6 ? 'ipv6' : 'other';
}

function strip<T extends { payload: Uint8Array }>(v: T): Omit<T, 'payload'> {
  const { payload: _payload, ...rest } = v;
  return rest;
}

export function decodeLink(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      const d = ethernet.decode(data);
      return { link: { kind: 'ethernet', ...strip(d.value) }, network: byEtherType(d.value.etherType), networkType: d.value.etherType, networkOffset: data.length - d.value.payload.length, findings: d.findings };
    }
    case LINKTYPE.LINUX_SLL: {
      const d = sll.decode(data);
      return { link: { kind: 'sll', ...strip(d.value) }, network: byEtherType(d.value.protocol), networkType: d.value.protocol, networkOffset: 16, findings: d.findings };
    }
    case LINKTYPE.LINUX_SLL2: {
      const d = sll2.decode(data);
      return { link: { kind: 'sll2', ...strip(d.value) }, network: byEtherType(d.value.protocol), networkType: d.value.protocol, networkOffset: 20, findings: d.findings };
    }
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6: {
      // LINKTYPE_RAW: the version nibble says IPv4 or IPv6.
      if (data.length < 1) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', 'raw-ip', 0, 'empty raw IP packet');
      const v = data[0]! >>> 4;
      return { link: { kind: 'raw' }, network: v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : 'other', networkType: v === 4 ? ETHERTYPE.IPV4 : v === 6 ? ETHERTYPE.IPV6 : 0, networkOffset: 0, findings: [] };
    }
    case LINKTYPE.NULL: {
      // BSD loopback: 4-byte address family in the capturing host's byte order.
      if (data.length < 4) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', 'null', 0, 'BSD loopback header needs 4 bytes');
      const dv = new DataView(data.buffer, data.byteOffset, 4);
      const le = dv.getUint32(0, true);
      const family = le < 0x10000 ? le : dv.getUint32(0, false);
      const network = family === 2 ? 'ipv4' : family === 24 || family === 28 || family === 30 ? 'ipv6' : 'other';
      return { link: { kind: 'null', family }, network, networkType: network === 'ipv4' ? ETHERTYPE.IPV4 : network === 'ipv6' ? ETHERTYPE.IPV6 : 0, networkOffset: 4, findings: [] };
    }
    default:
      throw new DecodeError('PC_ERR_DECODE_INVALID', 'link', 0, `link type ${linkType} is not supported (https://www.tcpdump.org/linktypes.html)`);
  }
}
