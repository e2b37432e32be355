/**
 * Domain names: text form <-> labels, and wire form with message compression (RFC 1035 sections
 * 3.1, 4.1.4, 5.1). Compression on encode reuses only exact (case-preserving) earlier suffixes, so
 * decode(encode(v)) gives back the very spelling of v.
 */
import { DecodeError, ProvcertError } from '../../errors.js';
import { MAX_LABEL, MAX_NAME } from './codes.js';

const PROTO = 'dns';

export function encodeError(message: string): ProvcertError {
  return new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto: PROTO });
}

/** One label's bytes as text: printable ASCII kept, '.' and '\' escaped, the rest as \DDD (RFC 1035 section 5.1). */
export function labelToText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x2e) s += '\\.';
    else if (b === 0x5c) s += '\\\\';
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString().padStart(3, '0')}`;
  }
  return s;
}

/** Splits a text name into label bytes; '' (or '.') is the root, a final '.' is allowed. */
export function nameToLabels(name: string): Uint8Array[] {
  if (name === '' || name === '.') return [];
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      const next = name.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(next)) {
        const v = Number(next);
        if (v > 255) throw encodeError(`name '${name}': escape \\${next} is over 255`);
        cur.push(v);
        i += 3;
      } else if (i + 1 < name.length) {
        cur.push(name.charCodeAt(i + 1));
        i += 1;
      } else throw encodeError(`name '${name}' ends with a lone backslash`);
    } else if (c === 0x2e) {
      if (cur.length === 0) throw encodeError(`name '${name}' has an empty label`);
      labels.push(Uint8Array.from(cur));
      cur = [];
      if (i === name.length - 1) return checkName(name, labels);
    } else {
      if (c > 0xff) throw encodeError(`name '${name}' has a character that is not one octet`);
      cur.push(c);
    }
  }
  if (cur.length === 0) throw encodeError(`name '${name}' has an empty label`);
  labels.push(Uint8Array.from(cur));
  return checkName(name, labels);
}

function checkName(name: string, labels: Uint8Array[]): Uint8Array[] {
  for (const l of labels) if (l.length > MAX_LABEL) throw encodeError(`name '${name}': a label of ${l.length} octets exceeds ${MAX_LABEL} (RFC 1035 section 2.3.4)`);
  const wire = labels.reduce((n, l) => n + 1 + l.length, 1);
  if (wire > MAX_NAME) throw encodeError(`name '${name}' is ${wire} octets on the wire, over ${MAX_NAME} (RFC 1035 section 2.3.4)`);
  return labels;
}

/** Canonical text of a name (what decode returns), e.g. for comparisons. */
export function canonicalName(name: string): string {
  return nameToLabels(name).map(labelToText).join('.');
}

/** Growable output with the compression dictionary of one message. */
export class NameWriter {
  readonly bytes: number[] = [];
  private readonly suffixes = new Map<string, number>();

  /** Writes a name, compressed against earlier names when `compress` (RFC 1035 section 4.1.4). */
  writeName(name: string, compress: boolean): void {
    const labels = nameToLabels(name);
    const texts = labels.map(labelToText);
    for (let i = 0; i < labels.length; i++) {
      const key = texts.slice(i).join('.');
      const at = this.suffixes.get(key);
      if (compress && at !== undefined) {
        this.bytes.push(0xc0 | (at >> 8), at & 0xff);
        return;
      }
      // Pointers carry 14 bits: only offsets below 0x4000 can be targets.
      if (this.bytes.length < 0x4000 && !this.suffixes.has(key)) this.suffixes.set(key, this.bytes.length);
      const l = labels[i]!;
      this.bytes.push(l.length, ...l);
    }
    this.bytes.push(0);
  }

  u8(v: number): void { this.bytes.push(v & 0xff); }
  u16(v: number): void { this.bytes.push((v >>> 8) & 0xff, v & 0xff); }
  u32(v: number): void { this.bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff); }
  raw(b: Uint8Array): void { for (const x of b) this.bytes.push(x); }
}

/**
 * Reads a name at `at` (absolute offset); `end` bounds the bytes the name itself may use before any
 * pointer. Pointers must point strictly backwards, which bounds the walk (no loops).
 */
export function readName(bytes: Uint8Array, at: number, end: number = bytes.length): { name: string; next: number } {
  const texts: string[] = [];
  let pos = at;
  let runStart = at;
  let limit = end;
  let next = -1;
  let wire = 1;
  for (;;) {
    if (pos >= limit) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, Math.min(pos, bytes.length), 'name runs past the end of its data');
    const len = bytes[pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= limit) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, limit, 'compression pointer cut short');
      const target = ((len & 0x3f) << 8) | bytes[pos + 1]!;
      if (next < 0) next = pos + 2;
      // RFC 1035 section 4.1.4: a pointer refers to a prior occurrence. Requiring each jump to land
      // before the start of the run it leaves makes the walk strictly decreasing, so it cannot loop.
      if (target >= runStart) {
        throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, `compression pointer to ${target} does not point backwards`);
      }
      pos = target;
      runStart = target;
      limit = bytes.length;
      continue;
    }
    if (kind !== 0) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, `label type 0x${kind.toString(16)} is not supported (RFC 6891 section 5 deprecates extended labels)`);
    if (pos + 1 + len > limit) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, Math.min(limit, bytes.length), `label of ${len} octets runs past the end`);
    wire += 1 + len;
    if (wire > 255) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, pos, 'name is longer than 255 octets (RFC 1035 section 2.3.4)');
    texts.push(labelToText(bytes.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return { name: texts.join('.'), next };
}
