/**
 * Bytes -> text for profiles, and the character-level checks that do not need the XML
 * parser: UTF-8 validity with positions (X-PROF-006) and ASCII-only (PROF-013). Pure.
 */
import type { FindingSink } from './findings.js';

/** Maps string offsets to 1-based line:column; CR LF, CR and LF end lines (XML 1.0 section 2.11). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      }
    }
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

/** UTF-8 length of a string without allocating (for the size bound on string input). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Finds the first invalid UTF-8 sequence (RFC 3629 section 4 ABNF: no overlongs, no
 * surrogates, nothing above U+10FFFF). Returns its byte offset or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) { need = 2; lo = 0xa0; }
    else if (b === 0xed) { need = 2; hi = 0x9f; }
    else if (b >= 0xe1 && b <= 0xef) need = 2;
    else if (b === 0xf0) { need = 3; lo = 0x90; }
    else if (b === 0xf4) { need = 3; hi = 0x8f; }
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes profile bytes as UTF-8. Invalid sequences become U+FFFD (which the ASCII scan then
 * also reports) after an `invalid-utf8` finding with the byte offset of the first one.
 */
export function decodeProfileBytes(bytes: Uint8Array, sink: FindingSink): string {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    sink.add('utf8-bom', 1, 1, 'UTF-8 byte-order mark at the start of the body; it is skipped');
    start = 3;
  }
  const body = bytes.subarray(start);
  const bad = firstInvalidUtf8(body);
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
  if (bad >= 0) {
    const prefix = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body.subarray(0, bad));
    const { line, column } = new LineIndex(prefix).at(prefix.length);
    const hex = Array.from(body.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    sink.add('invalid-utf8', line, column, `invalid UTF-8 at byte offset ${bad + start} (bytes ${hex})`);
  }
  return text;
}

const MAX_CHAR_FINDINGS = 20;

function describe(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * PROF-013: only ASCII is supported, so every non-ASCII character is an error, whether raw
 * or written as a numeric character reference. References are looked for outside comments,
 * CDATA sections and processing instructions (where `&#...;` is not a reference).
 */
export function scanNonAscii(text: string, lines: LineIndex, sink: FindingSink): void {
  let reported = 0;
  let more = 0;
  const report = (offset: number, message: string) => {
    if (reported >= MAX_CHAR_FINDINGS) { more++; return; }
    reported++;
    const { line, column } = lines.at(offset);
    sink.add('non-ascii', line, column, message);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const cp = text.codePointAt(i) as number;
    report(i, cp === 0xfffd ? 'non-ASCII character U+FFFD (from invalid UTF-8)' : `non-ASCII character ${describe(cp)}; only ASCII is supported`);
    if (cp > 0xffff) i++;
  }
  const masked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) => ' '.repeat(m.length));
  for (const m of masked.matchAll(/&#(x[0-9A-Fa-f]+|[0-9]+);/g)) {
    const ref = m[1] as string;
    const cp = ref.startsWith('x') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    if (cp > 0x7f) report(m.index ?? 0, `character reference ${m[0]} is non-ASCII ${cp <= 0x10ffff ? describe(cp) : '(out of range)'}; only ASCII is supported`);
  }
  if (more > 0) {
    const { line, column } = lines.at(text.length);
    sink.add('non-ascii', line, column, `${more} more non-ASCII character(s) not listed`);
  }
}
