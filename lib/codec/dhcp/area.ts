/**
 * One option area (the options field, or an overloaded file/sname field): parse and write.
 * RFC 2132 section 2: Pad (0) and End (255) are single bytes without a length; every other option
 * is code, length, data. A Pad byte is an item of its own, so it can never shift the parser (the
 * npm `dhcp` bug read `0,53,1,1` as option 1) and it re-encodes where it was.
 */
import { DecodeError } from '../../errors.js';
import type { CodecFinding } from '../types.js';
import { FILE_OFFSET, OPTION_END, OPTION_PAD, OPTIONS_OFFSET, SNAME_OFFSET } from './codes.js';
import { checkInt, copyBytes, encodeError } from './bytes.js';
import type { DhcpArea, DhcpAreaFraming, DhcpMessage, DhcpOption } from './types.js';

export interface ParsedArea {
  readonly items: DhcpOption[];
  readonly framing: DhcpAreaFraming;
}

function withArea(code: number, data: Uint8Array, area: DhcpArea): DhcpOption {
  return area === 'options' ? { code, data } : { code, data, area };
}

/**
 * Parses options in bytes[start, end). In the options field (`area` 'options') an option that runs
 * past the end of the input is a truncated message: DecodeError. In an overloaded file/sname field
 * the field size is fixed, so an overrun is a finding and the rest of the field is kept raw.
 */
export function parseArea(bytes: Uint8Array, start: number, end: number, area: DhcpArea, findings: CodecFinding[]): ParsedArea {
  const items: DhcpOption[] = [];
  let pos = start;
  while (pos < end) {
    const code = bytes[pos]!;
    if (code === OPTION_PAD) {
      items.push(withArea(OPTION_PAD, new Uint8Array(0), area));
      pos += 1;
      continue;
    }
    if (code === OPTION_END) {
      return { items, framing: { end: true, trailer: copyBytes(bytes, pos + 1, end) } };
    }
    const dataStart = pos + 2;
    const dataEnd = pos + 1 < end ? dataStart + bytes[pos + 1]! : end + 1;
    if (dataEnd > end) {
      if (area === 'options') {
        throw new DecodeError('PC_ERR_DECODE_TRUNCATED', 'dhcp', pos, `option ${code} at offset ${pos} runs past the end of the message`);
      }
      findings.push({
        code: 'dhcp-option-overruns-field',
        path: `${area}`,
        offset: pos,
        message: `option ${code} at offset ${pos} runs past the end of the ${area} field; the rest of the field is kept raw`,
      });
      return { items, framing: { end: false, trailer: copyBytes(bytes, pos, end) } };
    }
    items.push(withArea(code, copyBytes(bytes, dataStart, dataEnd), area));
    pos = dataEnd;
  }
  findings.push({ code: 'dhcp-end-missing', path: area, offset: end, message: `the ${area} area has no END option` });
  return { items, framing: { end: false, trailer: new Uint8Array(0) } };
}

export function itemLength(o: DhcpOption): number {
  return o.code === OPTION_PAD ? 1 : 2 + o.data.length;
}

export function areaLength(items: readonly DhcpOption[], framing: DhcpAreaFraming | undefined): number {
  let n = 0;
  for (const o of items) n += itemLength(o);
  return n + (framing?.end ?? true ? 1 : 0) + (framing?.trailer.length ?? 0);
}

export function validateItem(o: DhcpOption): void {
  checkInt(o.code, 0, 254, 'option code');
  if (o.code === OPTION_PAD && o.data.length !== 0) throw encodeError('a Pad option (code 0) has no data');
  // The raw list is the wire truth: a value over 255 bytes must be split by the caller
  // (opt.splitLong, RFC 3396 section 5), never silently here.
  if (o.data.length > 255) throw encodeError(`option ${o.code}: ${o.data.length} bytes do not fit a length octet; split it (RFC 3396)`);
}

/** Writes items, END (unless framing says none) and the trailer at `at`; returns the end position. */
export function writeArea(out: Uint8Array, at: number, items: readonly DhcpOption[], framing: DhcpAreaFraming | undefined): number {
  let pos = at;
  for (const o of items) {
    out[pos++] = o.code;
    if (o.code === OPTION_PAD) continue;
    out[pos++] = o.data.length;
    out.set(o.data, pos);
    pos += o.data.length;
  }
  if (framing?.end ?? true) out[pos++] = OPTION_END;
  if (framing) {
    out.set(framing.trailer, pos);
    pos += framing.trailer.length;
  }
  return pos;
}

/**
 * Offset (from the start of the message) of every item of `msg.options`, as encode lays them out.
 * Used to give typed-view findings a byte position.
 */
export function optionOffsets(msg: Pick<DhcpMessage, 'options'>): number[] {
  const next: Record<DhcpArea, number> = { options: OPTIONS_OFFSET, file: FILE_OFFSET, sname: SNAME_OFFSET };
  return msg.options.map((o) => {
    const area = o.area ?? 'options';
    const at = next[area];
    next[area] = at + itemLength(o);
    return at;
  });
}
