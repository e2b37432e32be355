/**
 * TCP options (RFC 9293 §3.1, §3.2): typed MSS (2), window scale (3, RFC 7323 §2), SACK-permitted
 * (4) and SACK (5, RFC 2018), timestamps (8, RFC 7323 §3); everything else is kept raw so that
 * re-encoding is byte-exact (style-examples.md #3).
 * Registry: https://www.iana.org/assignments/tcp-parameters/tcp-parameters.xhtml
 */
import type { CodecFinding } from '../types.js';
import { checkInt, encodeError, put16, put32, u16, u32 } from '../link/bytes.js';

export const TCP_OPTION = { EOL: 0, NOP: 1, MSS: 2, WINDOW_SCALE: 3, SACK_PERMITTED: 4, SACK: 5, TIMESTAMPS: 8 } as const;

export type TcpOption =
  /** End of option list; `padding` is whatever follows it up to the data offset (normally zeros). */
  | { readonly kind: 'eol'; readonly padding: Uint8Array }
  | { readonly kind: 'nop' }
  | { readonly kind: 'mss'; readonly mss: number }
  | { readonly kind: 'window-scale'; readonly shift: number }
  | { readonly kind: 'sack-permitted' }
  | { readonly kind: 'sack'; readonly blocks: readonly { readonly left: number; readonly right: number }[] }
  | { readonly kind: 'timestamps'; readonly tsval: number; readonly tsecr: number }
  /** Any other kind, or a known kind with an unexpected length: type and data kept raw. */
  | { readonly kind: 'unknown'; readonly type: number; readonly data: Uint8Array }
  /** Option bytes that cannot be framed (length octet missing, < 2 or past the end): kept raw. */
  | { readonly kind: 'malformed'; readonly raw: Uint8Array };

const FIXED_LENGTH: Readonly<Record<number, number>> = { 2: 4, 3: 3, 4: 2, 8: 10 };

export function decodeTcpOptions(area: Uint8Array, baseOffset: number, findings: CodecFinding[]): TcpOption[] {
  const out: TcpOption[] = [];
  let i = 0;
  while (i < area.length) {
    const type = area[i]!;
    if (type === TCP_OPTION.EOL) {
      out.push({ kind: 'eol', padding: area.subarray(i + 1) });
      return out;
    }
    if (type === TCP_OPTION.NOP) { out.push({ kind: 'nop' }); i++; continue; }
    const len = area[i + 1];
    if (len === undefined || len < 2 || i + len > area.length) {
      findings.push({ code: 'tcp-option-malformed', path: `options[${out.length}]`, offset: baseOffset + i, message: `option kind ${type} has length ${len ?? 'missing'}, ${area.length - i} octets left` });
      out.push({ kind: 'malformed', raw: area.subarray(i) });
      return out;
    }
    const data = area.subarray(i + 2, i + len);
    const fixed = FIXED_LENGTH[type];
    if ((fixed !== undefined && fixed !== len) || (type === TCP_OPTION.SACK && (len - 2) % 8 !== 0)) {
      findings.push({ code: 'tcp-option-bad-length', path: `options[${out.length}]`, offset: baseOffset + i, message: `option kind ${type} with length ${len}` });
      out.push({ kind: 'unknown', type, data });
    } else if (type === TCP_OPTION.MSS) out.push({ kind: 'mss', mss: u16(data, 0) });
    else if (type === TCP_OPTION.WINDOW_SCALE) out.push({ kind: 'window-scale', shift: data[0]! });
    else if (type === TCP_OPTION.SACK_PERMITTED) out.push({ kind: 'sack-permitted' });
    else if (type === TCP_OPTION.TIMESTAMPS) out.push({ kind: 'timestamps', tsval: u32(data, 0), tsecr: u32(data, 4) });
    else if (type === TCP_OPTION.SACK) {
      const blocks: { left: number; right: number }[] = [];
      for (let k = 0; k < data.length; k += 8) blocks.push({ left: u32(data, k), right: u32(data, k + 4) });
      out.push({ kind: 'sack', blocks });
    } else out.push({ kind: 'unknown', type, data });
    i += len;
  }
  return out;
}

export function tcpOptionLength(o: TcpOption): number {
  switch (o.kind) {
    case 'eol': return 1 + o.padding.length;
    case 'nop': return 1;
    case 'mss': return 4;
    case 'window-scale': return 3;
    case 'sack-permitted': return 2;
    case 'sack': return 2 + 8 * o.blocks.length;
    case 'timestamps': return 10;
    case 'unknown': return 2 + o.data.length;
    case 'malformed': return o.raw.length;
  }
}

export function encodeTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const out = new Uint8Array(options.reduce((n, o) => n + tcpOptionLength(o), 0));
  let i = 0;
  for (const o of options) {
    switch (o.kind) {
      case 'eol': out[i] = 0; out.set(o.padding, i + 1); break;
      case 'nop': out[i] = 1; break;
      case 'mss': checkInt(o.mss, 16, 'tcp', 'mss'); out[i] = 2; out[i + 1] = 4; put16(out, i + 2, o.mss); break;
      case 'window-scale': checkInt(o.shift, 8, 'tcp', 'shift'); out[i] = 3; out[i + 1] = 3; out[i + 2] = o.shift; break;
      case 'sack-permitted': out[i] = 4; out[i + 1] = 2; break;
      case 'sack':
        out[i] = 5; out[i + 1] = 2 + 8 * o.blocks.length;
        o.blocks.forEach((b, k) => { put32(out, i + 2 + 8 * k, b.left); put32(out, i + 6 + 8 * k, b.right); });
        break;
      case 'timestamps': out[i] = 8; out[i + 1] = 10; put32(out, i + 2, o.tsval); put32(out, i + 6, o.tsecr); break;
      case 'unknown':
        if (o.data.length > 253) throw encodeError('tcp', `option data of ${o.data.length} octets is too long`);
        out[i] = o.type; out[i + 1] = 2 + o.data.length; out.set(o.data, i + 2); break;
      case 'malformed': out.set(o.raw, i); break;
    }
    i += tcpOptionLength(o);
  }
  return out;
}
