/**
 * Line and field-line reading shared by the head parser and the chunked trailer parser
 * (RFC 9112 sections 2.2 and 5). Works on bytes; text is latin1 (one char per octet).
 */
import { DecodeError } from '../../errors.js';
import type { CodecFinding } from '../types.js';
import type { HttpField } from './types.js';

export const PROTO = 'http';
/** Bound on the header section (and trailer section) size; nginx defaults to 8 KiB per line. */
export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_FIELDS = 1000;

const LF = 0x0a;
const CR = 0x0d;

export interface Line {
  /** Line content without its terminator, latin1. */
  readonly text: string;
  /** Offset of the first octet of the line. */
  readonly start: number;
  /** Offset just after the terminator. */
  readonly next: number;
  readonly ending: '\r\n' | '\n';
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Mutable state of one decode call: findings are per call, never global (style-examples #7). */
export class HeadContext {
  readonly findings: CodecFinding[] = [];
  endings = new Set<string>();
  constructor(readonly bytes: Uint8Array, readonly maxLine: number) {}

  finding(code: string, path: string, offset: number, message: string, requirementId?: string): void {
    this.findings.push({ code, path, offset, message, ...(requirementId ? { requirementId } : {}) });
  }

  /**
   * Reads one line at `pos`. RFC 9112 section 2.2: a recipient MAY take a bare LF as a line
   * terminator (kept as a finding); a bare CR elsewhere is invalid.
   */
  readLine(pos: number, path: string): Line {
    const b = this.bytes;
    let j = pos;
    while (j < b.length && b[j] !== LF) {
      if (j - pos >= this.maxLine) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, pos, `${path}: line longer than ${this.maxLine} octets`);
      j++;
    }
    if (j >= b.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, `${path}: line not terminated`);
    const hasCr = j > pos && b[j - 1] === CR;
    const end = hasCr ? j - 1 : j;
    for (let k = pos; k < end; k++) {
      if (b[k] === CR) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, k, `${path}: bare CR inside a line (RFC 9112 section 2.2)`);
    }
    const ending = hasCr ? '\r\n' : '\n';
    this.endings.add(ending);
    return { text: latin1(b, pos, end), start: pos, next: j + 1, ending };
  }
}

// RFC 9110 section 5.6.2: token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function trimOws(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}

export interface FieldBlock {
  readonly fields: HttpField[];
  /** Offset just after the empty line that ends the block. */
  readonly next: number;
}

/**
 * Reads field lines up to and including the empty line (RFC 9112 section 5):
 *   field-line = field-name ":" OWS field-value OWS
 * obs-fold (a line starting with SP/HTAB) continues the previous field: kept with a finding.
 * `strictColon`: a request with whitespace before the colon MUST be rejected (section 5.1);
 * a response gets a finding.
 */
export function readFieldBlock(ctx: HeadContext, pos: number, pathPrefix: string, strictColon: boolean): FieldBlock {
  const fields: { name: string; parts: string[]; raw: string; start: number }[] = [];
  const blockStart = pos;
  for (;;) {
    if (pos - blockStart > MAX_HEAD_BYTES) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, pos, `${pathPrefix}: section larger than ${MAX_HEAD_BYTES} octets`);
    const line = ctx.readLine(pos, pathPrefix);
    if (line.text === '') {
      pos = line.next;
      break;
    }
    const first = line.text.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      const prev = fields[fields.length - 1];
      if (!prev) {
        // RFC 9112 section 2.2: whitespace between start-line and first field: reject.
        throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, `${pathPrefix}: line starts with whitespace before any field`);
      }
      ctx.finding('http-obs-fold', `${pathPrefix}.${prev.name}`, line.start, 'obsolete line folding (RFC 9112 section 5.2): continuation replaced by SP', 'X-HTTP-003');
      prev.parts.push(line.text);
      prev.raw += line.ending === '\r\n' ? '\r\n' : '\n';
      prev.raw += line.text;
    } else {
      if (fields.length >= MAX_FIELDS) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, line.start, `${pathPrefix}: more than ${MAX_FIELDS} fields`);
      const colon = line.text.indexOf(':');
      if (colon <= 0) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, `${pathPrefix}: field line without a field name and colon`);
      let name = line.text.slice(0, colon);
      if (/[ \t]$/.test(name)) {
        if (strictColon) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start + colon, `${pathPrefix}: whitespace between field name and colon (RFC 9112 section 5.1)`);
        ctx.finding('http-ws-before-colon', `${pathPrefix}.${name.trim()}`, line.start + colon, 'whitespace between field name and colon removed (RFC 9112 section 5.1)');
        name = name.replace(/[ \t]+$/, '');
      }
      if (!TOKEN.test(name)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, `${pathPrefix}: field name '${name}' is not a token`);
      const rest = line.text.slice(colon + 1);
      fields.push({ name, parts: [rest], raw: rest, start: line.start });
    }
    pos = line.next;
  }
  const out: HttpField[] = fields.map((f) => {
    const value = f.parts.map(trimOws).filter((p, i) => p !== '' || i === 0).join(' ').replace(/^ +| +$/g, '');
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      // RFC 9110 section 5.5: CR, LF, NUL are invalid in field values; other CTLs are suspicious.
      if (c === 0) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, f.start, `${pathPrefix}.${f.name}: NUL in field value (RFC 9110 section 5.5)`);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
        ctx.finding('http-ctl-in-field-value', `${pathPrefix}.${f.name}`, f.start, 'control character in field value (RFC 9110 section 5.5)');
        break;
      }
    }
    return f.raw === ` ${value}` ? { name: f.name, value } : { name: f.name, value, raw: f.raw };
  });
  return { fields: out, next: pos };
}
