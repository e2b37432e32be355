/**
 * Encapsulated layouts inside options: plain code/length/value lists (option 82, RFC 3046 section 2.0;
 * option 43, RFC 2132 section 8.4) and the per-enterprise blocks of options 124/125 (RFC 3925).
 * Parsers return undefined instead of throwing: a malformed payload is a finding of the typed view,
 * never a decode failure of the message.
 */
import { checkInt, encodeError, readU32, writeU32 } from './bytes.js';
import type { DhcpSubOption } from './types.js';

export interface ParsedTlv {
  readonly subOptions: DhcpSubOption[];
  /** An END (255) closed the list (only with `padEnd`). */
  readonly endTerminated: boolean;
}

/**
 * Parses a TLV list. With `padEnd` (option 43, "identical syntax to the DHCP options field",
 * RFC 2132 section 8.4) code 0 is a one-byte Pad and 255 ends the list; only zero bytes may follow it.
 */
export function parseTlv(data: Uint8Array, padEnd: boolean): ParsedTlv | undefined {
  const subOptions: DhcpSubOption[] = [];
  let pos = 0;
  while (pos < data.length) {
    const code = data[pos]!;
    if (padEnd && code === 0) {
      pos += 1;
      continue;
    }
    if (padEnd && code === 255) {
      for (let i = pos + 1; i < data.length; i++) if (data[i] !== 0) return undefined;
      return { subOptions, endTerminated: true };
    }
    if (pos + 1 >= data.length) return undefined;
    const len = data[pos + 1]!;
    if (pos + 2 + len > data.length) return undefined;
    subOptions.push({ code, data: data.slice(pos + 2, pos + 2 + len) });
    pos += 2 + len;
  }
  return { subOptions, endTerminated: false };
}

export function encodeTlv(subs: readonly DhcpSubOption[], what: string): Uint8Array {
  let n = 0;
  for (const s of subs) {
    checkInt(s.code, 0, 255, `${what} sub-option code`);
    if (s.data.length > 255) throw encodeError(`${what} sub-option ${s.code}: ${s.data.length} bytes do not fit a length octet`);
    n += 2 + s.data.length;
  }
  const out = new Uint8Array(n);
  let pos = 0;
  for (const s of subs) {
    out[pos++] = s.code;
    out[pos++] = s.data.length;
    out.set(s.data, pos);
    pos += s.data.length;
  }
  return out;
}

/** One enterprise block of option 124 or 125 (RFC 3925 sections 3 and 4). */
export interface EnterpriseBlock {
  readonly enterprise: number;
  readonly data: Uint8Array;
}

/** enterprise-number (4 octets), data-len (1 octet), data; repeated. */
export function parseEnterpriseBlocks(data: Uint8Array): EnterpriseBlock[] | undefined {
  const out: EnterpriseBlock[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + 5 > data.length) return undefined;
    const enterprise = readU32(data, pos);
    const len = data[pos + 4]!;
    if (pos + 5 + len > data.length) return undefined;
    out.push({ enterprise, data: data.slice(pos + 5, pos + 5 + len) });
    pos += 5 + len;
  }
  return out;
}

export function encodeEnterpriseBlocks(blocks: readonly EnterpriseBlock[], what: string): Uint8Array {
  let n = 0;
  for (const b of blocks) {
    checkInt(b.enterprise, 0, 0xffffffff, `${what} enterprise number`);
    if (b.data.length > 255) throw encodeError(`${what} enterprise ${b.enterprise}: ${b.data.length} bytes do not fit data-len`);
    n += 5 + b.data.length;
  }
  const out = new Uint8Array(n);
  let pos = 0;
  for (const b of blocks) {
    writeU32(out, pos, b.enterprise);
    out[pos + 4] = b.data.length;
    out.set(b.data, pos + 5);
    pos += 5 + b.data.length;
  }
  return out;
}

/** RFC 3925 section 3 vendor-class-data: one or more (length octet, opaque data). */
export function parseLengthPrefixed(data: Uint8Array): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.length) {
    const len = data[pos]!;
    if (pos + 1 + len > data.length) return undefined;
    out.push(data.slice(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return out;
}
