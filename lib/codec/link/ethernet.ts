/**
 * Ethernet II with any number of IEEE 802.1Q / 802.1ad (QinQ) tags.
 * The payload runs to the end of the captured frame: Ethernet has no length field, so padding
 * (IEEE 802.3 §3.2.7: minimum frame 64 bytes) stays in the payload and the network layer trims it.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { checkInt, encodeError, formatMac, need, parseMac, put16, u16 } from './bytes.js';
import { MAX_8023_LENGTH, VLAN_TPIDS } from './codes.js';

const PROTO = 'ethernet';
/** Bound on stacked tags; real networks use one or two. */
export const MAX_VLAN_TAGS = 8;

export interface VlanTag {
  /** Tag protocol identifier that introduced this tag (0x8100, 0x88a8, 0x9100). */
  readonly tpid: number;
  /** Priority code point (802.1Q §6.9.3). */
  readonly pcp: number;
  /** Drop eligible indicator (formerly CFI). */
  readonly dei: boolean;
  readonly vid: number;
}

export interface EthernetFrame {
  readonly dst: string;
  readonly src: string;
  /** Outermost tag first. */
  readonly vlans: readonly VlanTag[];
  /** EtherType after the tags (or an 802.3 length when <= 1500, see findings). */
  readonly etherType: number;
  readonly payload: Uint8Array;
}

export function ethernetHeaderLength(frame: Pick<EthernetFrame, 'vlans'>): number {
  return 14 + 4 * frame.vlans.length;
}

function decode(bytes: Uint8Array, offset = 0): Decoded<EthernetFrame> {
  need(bytes, offset, 14, PROTO, 'Ethernet header');
  const findings: CodecFinding[] = [];
  const dst = formatMac(bytes, offset);
  const src = formatMac(bytes, offset + 6);
  let pos = offset + 12;
  let type = u16(bytes, pos);
  const vlans: VlanTag[] = [];
  while (VLAN_TPIDS.has(type)) {
    if (vlans.length >= MAX_VLAN_TAGS) {
      throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, pos, `more than ${MAX_VLAN_TAGS} stacked VLAN tags`);
    }
    need(bytes, pos + 2, 4, PROTO, '802.1Q tag');
    const tci = u16(bytes, pos + 2);
    vlans.push({ tpid: type, pcp: tci >>> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0x0fff });
    pos += 4;
    type = u16(bytes, pos);
  }
  if (type <= MAX_8023_LENGTH) {
    findings.push({ code: 'ethernet-8023-length', path: 'etherType', offset: pos, message: `type field ${type} is an IEEE 802.3 length (LLC frame), not an EtherType` });
  }
  pos += 2;
  return { value: { dst, src, vlans, etherType: type, payload: bytes.subarray(pos) }, bytesRead: bytes.length - offset, findings };
}

function encodingLength(v: EthernetFrame): number {
  return ethernetHeaderLength(v) + v.payload.length;
}

function encode(v: EthernetFrame): Uint8Array {
  const out = new Uint8Array(encodingLength(v));
  const dst = parseMac(v.dst, PROTO);
  const src = parseMac(v.src, PROTO);
  if (dst.length !== 6 || src.length !== 6) throw encodeError(PROTO, 'MAC addresses must have 6 octets');
  out.set(dst, 0);
  out.set(src, 6);
  let pos = 12;
  for (const tag of v.vlans) {
    checkInt(tag.tpid, 16, PROTO, 'tpid');
    checkInt(tag.pcp, 3, PROTO, 'pcp');
    checkInt(tag.vid, 12, PROTO, 'vid');
    put16(out, pos, tag.tpid);
    put16(out, pos + 2, (tag.pcp << 13) | (tag.dei ? 0x1000 : 0) | tag.vid);
    pos += 4;
  }
  checkInt(v.etherType, 16, PROTO, 'etherType');
  put16(out, pos, v.etherType);
  out.set(v.payload, pos + 2);
  return out;
}

export const ethernet: Codec<EthernetFrame> = { proto: PROTO, encode, decode, encodingLength };
