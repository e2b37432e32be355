/**
 * DHCP message -> named record fields (RFC 2131 section 2 header, RFC 2132 options by number with
 * typed values, RFC 3396 long options already concatenated by the view, RFC 2132 section 8.4
 * option 43 and RFC 3925 option 124/125 sub-options decoded).
 */
import type { DhcpMessage, DhcpSubOption } from '../codec/dhcp/index.js';
import { optionName, viewOptions } from '../codec/dhcp/index.js';
import { decodeText, readIpv4, readU16, readU32 } from '../codec/dhcp/bytes.js';
import { parseEnterpriseBlocks, parseTlv } from '../codec/dhcp/suboptions.js';

export type DhcpOptionValue = string | number | boolean | null | readonly DhcpOptionValue[] | { readonly [k: string]: DhcpOptionValue };

export interface DhcpOptionRecord {
  readonly code: number;
  readonly name: string;
  /** Octets of the (RFC 3396 concatenated) payload. */
  readonly length: number;
  /** Typed reading; `hex` is always there so nothing is lost. */
  readonly value: DhcpOptionValue;
  readonly hex: string;
}

export interface DhcpRecord {
  readonly proto: 'dhcp';
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  /** Transaction ID as 0x%08x, as tshark shows dhcp.id. */
  readonly xid: string;
  readonly secs: number;
  readonly flags: number;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** The first hlen (at most 16) octets of chaddr, colon hex. */
  readonly chaddr: string;
  readonly messageType?: number;
  readonly messageTypeName?: string;
  readonly options: readonly DhcpOptionRecord[];
}

const hexOf = (d: Uint8Array): string => Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');
const macOf = (d: Uint8Array): string => [...d].map((b) => b.toString(16).padStart(2, '0')).join(':');

// RFC 2132 value types by option code (sections 3-9), plus 150 (RFC 5859) and 160 (RFC 8572... text URL, X-DHCP).
const IPV4 = new Set([1, 16, 28, 32, 50, 54, 118]);
const IPV4_LIST = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 41, 42, 44, 45, 48, 49, 65, 68, 69, 70, 71, 72, 73, 74, 75, 76, 150]);
const U32 = new Set([24, 35, 38, 51, 58, 59]);
const U16 = new Set([13, 22, 26, 57]);
const U8 = new Set([19, 20, 23, 27, 29, 30, 31, 34, 36, 37, 39, 46, 52, 53]);
const TEXT = new Set([12, 14, 15, 17, 18, 40, 47, 56, 60, 62, 64, 66, 67, 86, 87, 100, 101, 114, 160]);

function text(d: Uint8Array): string {
  let end = d.length;
  while (end > 0 && d[end - 1] === 0) end--; // RFC 2132 section 2: receivers delete trailing NULs
  return decodeText(d.subarray(0, end)).text;
}

function printable(d: Uint8Array): boolean {
  return d.length > 0 && d.every((c) => (c >= 0x20 && c < 0x7f) || c === 0);
}

function subRecords(subs: readonly DhcpSubOption[]): DhcpOptionValue {
  return subs.map((s) => ({ code: s.code, length: s.data.length, hex: hexOf(s.data), ...(printable(s.data) ? { text: text(s.data) } : {}) }));
}

function typed(code: number, d: Uint8Array): DhcpOptionValue {
  if (IPV4.has(code) && d.length === 4) return readIpv4(d, 0);
  if (IPV4_LIST.has(code) && d.length > 0 && d.length % 4 === 0) {
    const out: string[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(readIpv4(d, i));
    return out;
  }
  if (U32.has(code) && d.length === 4) return readU32(d, 0);
  if (code === 2 && d.length === 4) return readU32(d, 0) | 0; // time offset is signed (RFC 2132 section 3.4)
  if (U16.has(code) && d.length === 2) return readU16(d, 0);
  if (U8.has(code) && d.length === 1) return d[0]!;
  if (TEXT.has(code)) return text(d);
  switch (code) {
    case 55: return [...d]; // parameter request list
    case 61: return d.length >= 2 ? { type: d[0]!, id: d[0] === 1 ? macOf(d.subarray(1)) : hexOf(d.subarray(1)) } : null;
    case 43: {
      // RFC 2132 section 8.4: encapsulated options, END allowed.
      const tlv = parseTlv(d, true);
      return tlv ? { subOptions: subRecords(tlv.subOptions), endTerminated: tlv.endTerminated } : null;
    }
    case 82: {
      const tlv = parseTlv(d, false);
      return tlv ? { subOptions: subRecords(tlv.subOptions) } : null;
    }
    case 124: {
      // RFC 3925 section 3: enterprise-number, data-len, vendor-class-data.
      const blocks = parseEnterpriseBlocks(d);
      return blocks ? blocks.map((b) => ({ enterprise: b.enterprise, hex: hexOf(b.data), ...(printable(b.data) ? { text: text(b.data) } : {}) })) : null;
    }
    case 125: {
      // RFC 3925 section 4: enterprise-number, data-len, option-data (sub-options).
      const blocks = parseEnterpriseBlocks(d);
      if (!blocks) return null;
      return blocks.map((b) => {
        const tlv = parseTlv(b.data, false);
        return { enterprise: b.enterprise, subOptions: tlv ? subRecords(tlv.subOptions) : null };
      });
    }
    case 159: return d.length === 4 && !printable(d) ? readIpv4(d, 0) : text(d); // X-DHCP-001: IP or text
    default: return null;
  }
}

export function dhcpRecord(msg: DhcpMessage): DhcpRecord {
  const { view } = viewOptions(msg);
  const options: DhcpOptionRecord[] = [];
  for (const [code, d] of view.byCode) {
    options.push({ code, name: optionName(code), length: d.length, value: typed(code, d), hex: hexOf(d) });
  }
  return {
    proto: 'dhcp', op: msg.op, htype: msg.htype, hlen: msg.hlen, hops: msg.hops,
    xid: `0x${msg.xid.toString(16).padStart(8, '0')}`, secs: msg.secs, flags: msg.flags,
    ciaddr: msg.ciaddr, yiaddr: msg.yiaddr, siaddr: msg.siaddr, giaddr: msg.giaddr,
    chaddr: macOf(msg.chaddr.subarray(0, Math.min(msg.hlen, 16))),
    ...(view.messageType !== undefined ? { messageType: view.messageType, messageTypeName: view.messageTypeName! } : {}),
    options,
  };
}
