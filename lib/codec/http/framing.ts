/**
 * Message body length, RFC 9112 section 6.3, in the order the RFC lists the rules.
 */
import { DecodeError } from '../../errors.js';
import { decodeChunked } from './chunked.js';
import { type HeadContext, PROTO } from './lines.js';
import { fieldValues, type HttpBody, type HttpField } from './types.js';

export interface FramingInput {
  readonly kind: 'request' | 'response';
  readonly version: string;
  readonly headers: readonly HttpField[];
  readonly headEnd: number;
  readonly status?: number;
  readonly requestMethod?: string;
  readonly eof?: boolean;
}

const EMPTY = new Uint8Array(0);

function copy(b: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(b.subarray(start, end));
}

/** Content-Length = 1*DIGIT; a list of identical values is accepted (RFC 9110 section 8.6). */
function contentLength(ctx: HeadContext, headers: readonly HttpField[], headEnd: number): number | undefined {
  const raw = fieldValues(headers, 'content-length');
  if (raw.length === 0) return undefined;
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const v of values) {
    // RFC 9112 section 6.3 item 5: an invalid Content-Length is an unrecoverable error.
    if (!/^\d+$/.test(v)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, headEnd, `invalid Content-Length '${v}' (RFC 9112 section 6.3)`);
  }
  if (new Set(values.map((v) => v.replace(/^0+(?=.)/, ''))).size > 1) {
    throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, headEnd, `conflicting Content-Length values ${values.join(', ')} (RFC 9112 section 6.3)`);
  }
  const n = Number(values[0]);
  if (!Number.isSafeInteger(n)) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, headEnd, `Content-Length ${values[0]} too large`);
  if (values.length > 1) ctx.finding('http-content-length-repeated', 'headers.Content-Length', headEnd, 'Content-Length repeated with identical values (RFC 9110 section 8.6)', 'X-HTTP-001');
  return n;
}

export function decodeBody(ctx: HeadContext, m: FramingInput): { body: HttpBody; next: number } {
  const b = ctx.bytes;
  const pos = m.headEnd;
  const te = fieldValues(m.headers, 'transfer-encoding').flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  const hasTe = fieldValues(m.headers, 'transfer-encoding').length > 0;
  const none = { body: { framing: 'none' as const, raw: EMPTY, data: EMPTY }, next: pos };

  // Item 1: responses to HEAD, 1xx, 204 and 304 end at the header section.
  if (m.kind === 'response') {
    const s = m.status ?? 0;
    const method = m.requestMethod?.toUpperCase();
    if (method === 'HEAD' || (s >= 100 && s < 200) || s === 204 || s === 304) {
      // RFC 9110 section 8.6: no Content-Length in 1xx/204; Transfer-Encoding never (9112 section 6.1).
      if (hasTe || ((s < 200 || s === 204) && fieldValues(m.headers, 'content-length').length > 0)) {
        ctx.finding('http-length-on-bodiless-response', 'headers', pos, `status ${s} response carries framing fields that must be ignored`, 'X-HTTP-001');
      }
      return none;
    }
    // Item 2: a 2xx answer to CONNECT switches to a tunnel.
    if (method === 'CONNECT' && s >= 200 && s < 300) return none;
  }
  if (hasTe) {
    if (m.version === 'HTTP/1.0') {
      ctx.finding('http-te-in-http10', 'headers.Transfer-Encoding', pos, 'Transfer-Encoding in an HTTP/1.0 message: framing is faulty (RFC 9112 section 6.1)');
    }
    if (fieldValues(m.headers, 'content-length').length > 0) {
      // Item 3: Transfer-Encoding overrides Content-Length; a smuggling indicator.
      ctx.finding('http-te-and-cl', 'headers', pos, 'both Transfer-Encoding and Content-Length: Content-Length ignored (RFC 9112 section 6.3 item 3)', 'X-HTTP-002');
    }
    if (te[te.length - 1] === 'chunked') {
      if (te.length > 1) ctx.finding('http-transfer-coding-not-decoded', 'headers.Transfer-Encoding', pos, `transfer codings ${te.slice(0, -1).join(', ')} left applied to body.data`);
      const c = decodeChunked(ctx, pos);
      return { body: { framing: 'chunked', raw: copy(b, pos, c.next), data: c.data, chunks: c.chunks, trailers: c.trailers }, next: c.next };
    }
    // Item 4: chunked not final: a request cannot be framed; a response is read until close.
    if (m.kind === 'request') throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, 'request Transfer-Encoding does not end with chunked (RFC 9112 section 6.3 item 4)');
    return readToClose(ctx, m, pos);
  }
  const len = contentLength(ctx, m.headers, pos);
  if (len !== undefined) {
    if (b.length - pos < len) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, `body needs ${len} octets (Content-Length), ${b.length - pos} available`);
    const raw = copy(b, pos, pos + len);
    return { body: { framing: 'length', raw, data: raw }, next: pos + len };
  }
  // Item 7: a request without either has no body.
  if (m.kind === 'request') return none;
  // Item 8: a response without either is delimited by the connection close.
  return readToClose(ctx, m, pos);
}

function readToClose(ctx: HeadContext, m: FramingInput, pos: number): { body: HttpBody; next: number } {
  const b = ctx.bytes;
  if (!m.eof) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, b.length, 'body is delimited by connection close: pass eof when the connection has closed');
  const raw = copy(b, pos, b.length);
  return { body: { framing: 'close', raw, data: raw }, next: b.length };
}
