/**
 * Chunked transfer coding (RFC 9112 section 7.1), decode and encode.
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size   = 1*HEXDIG
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext    = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 */
import { DecodeError, ProvcertError } from '../../errors.js';
import { type HeadContext, PROTO, readFieldBlock } from './lines.js';
import type { HttpChunkInfo, HttpField } from './types.js';

/** 13 hex digits stay below 2^53: larger sizes cannot be represented and are refused. */
const MAX_SIZE_DIGITS = 13;
const CHUNK_EXT = /^([ \t]*;[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+([ \t]*=[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+|"([^"\\]|\\.)*"))?)*[ \t]*$/;

export interface DecodedChunked {
  readonly data: Uint8Array;
  readonly chunks: HttpChunkInfo[];
  readonly trailers: HttpField[];
  /** Offset just after the final CRLF. */
  readonly next: number;
}

export function decodeChunked(ctx: HeadContext, pos: number): DecodedChunked {
  const b = ctx.bytes;
  const chunks: HttpChunkInfo[] = [];
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; ; i++) {
    const path = `body.chunks[${i}]`;
    const line = ctx.readLine(pos, path);
    if (line.ending === '\n') ctx.finding('http-bare-lf', path, line.start, 'chunk-size line ended by a bare LF (RFC 9112 section 2.2)');
    const m = /^[0-9A-Fa-f]+/.exec(line.text);
    if (!m) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, `${path}: chunk-size is not hexadecimal`);
    if (m[0].replace(/^0+(?=.)/, '').length > MAX_SIZE_DIGITS) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, line.start, `${path}: chunk-size too large`);
    const size = parseInt(m[0], 16);
    const extensions = line.text.slice(m[0].length);
    if (!CHUNK_EXT.test(extensions)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start + m[0].length, `${path}: malformed chunk-ext`);
    chunks.push({ size, extensions });
    pos = line.next;
    if (size === 0) {
      const block = readFieldBlock(ctx, pos, 'body.trailers', false);
      return { data: concat(parts, total), chunks, trailers: block.fields, next: block.next };
    }
    if (b.length - pos < size) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, `${path}: chunk-data needs ${size} octets`);
    parts.push(b.subarray(pos, pos + size));
    total += size;
    pos += size;
    // chunk-data is followed by CRLF (bare LF accepted with a finding).
    if (pos >= b.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, `${path}: CRLF after chunk-data missing`);
    if (b[pos] === 0x0d) {
      if (pos + 1 >= b.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, `${path}: CRLF after chunk-data missing`);
      if (b[pos + 1] !== 0x0a) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, `${path}: chunk-data not followed by CRLF`);
      pos += 2;
    } else if (b[pos] === 0x0a) {
      ctx.finding('http-bare-lf', path, pos, 'chunk-data ended by a bare LF (RFC 9112 section 2.2)');
      pos += 1;
    } else {
      throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, `${path}: chunk-data longer than its chunk-size`);
    }
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface ChunkSpec {
  readonly data: Uint8Array;
  readonly extensions?: string;
}

/**
 * Builds a chunked body. `sizes` splits `data` (default: one chunk); a trailing part takes
 * the rest. The last chunk and trailers are added.
 */
export function encodeChunked(data: Uint8Array, opts: { sizes?: readonly number[]; trailers?: readonly HttpField[]; lastExtensions?: string } = {}): { raw: Uint8Array; chunks: HttpChunkInfo[] } {
  const specs: ChunkSpec[] = [];
  let o = 0;
  for (const s of opts.sizes ?? []) {
    if (!Number.isInteger(s) || s <= 0) throw new ProvcertError('PC_ERR_ENCODE_INVALID', `chunk size must be a positive integer, got ${s}`, { proto: PROTO });
    if (o >= data.length) break;
    specs.push({ data: data.subarray(o, Math.min(o + s, data.length)) });
    o += s;
  }
  if (o < data.length) specs.push({ data: data.subarray(o) });
  return encodeChunks(specs, opts.trailers ?? [], opts.lastExtensions ?? '');
}

export function encodeChunks(specs: readonly ChunkSpec[], trailers: readonly HttpField[], lastExtensions = ''): { raw: Uint8Array; chunks: HttpChunkInfo[] } {
  const pieces: (string | Uint8Array)[] = [];
  const chunks: HttpChunkInfo[] = [];
  for (const s of specs) {
    if (s.data.length === 0) throw new ProvcertError('PC_ERR_ENCODE_INVALID', 'an empty chunk would be the last chunk', { proto: PROTO });
    const ext = s.extensions ?? '';
    pieces.push(`${s.data.length.toString(16)}${ext}\r\n`, s.data, '\r\n');
    chunks.push({ size: s.data.length, extensions: ext });
  }
  let text = `0${lastExtensions}\r\n`;
  for (const f of trailers) text += `${f.name}:${f.raw ?? ` ${f.value}`}\r\n`;
  text += '\r\n';
  pieces.push(text);
  chunks.push({ size: 0, extensions: lastExtensions });
  let total = 0;
  for (const p of pieces) total += p.length;
  const raw = new Uint8Array(total);
  let o = 0;
  for (const p of pieces) {
    if (typeof p === 'string') {
      for (let i = 0; i < p.length; i++) raw[o + i] = p.charCodeAt(i) & 0xff;
    } else raw.set(p, o);
    o += p.length;
  }
  return { raw, chunks };
}
