/**
 * HTTP/1.x message decoding (RFC 9112). One message per call from `offset`; `bytesRead` lets a
 * caller walk pipelined messages. A partial buffer throws DecodeError PC_ERR_DECODE_TRUNCATED
 * whose offset is where more octets are needed (the end of the buffer), so a stream reader
 * can wait for more data and retry.
 */
import { DecodeError } from '../../errors.js';
import type { Decoded } from '../types.js';
import { decodeBody } from './framing.js';
import { HeadContext, type Line, MAX_HEAD_BYTES, PROTO, readFieldBlock, TOKEN } from './lines.js';
import type { DecodeResponseOptions, HttpRequest, HttpResponse } from './types.js';

// RFC 9112 section 2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT
const VERSION = /^HTTP\/(\d)\.(\d)$/;

function checkVersion(ctx: HeadContext, v: string, offset: number): string {
  const m = VERSION.exec(v);
  if (!m) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, `'${v.slice(0, 20)}' is not an HTTP-version`);
  if (m[1] !== '1') throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, `${v} is not HTTP/1.x`);
  if (m[2] !== '0' && m[2] !== '1') ctx.finding('http-minor-version', 'version', offset, `${v} is handled as HTTP/1.1 (RFC 9110 section 2.5)`);
  return v;
}

function lineEndingOf(ctx: HeadContext): { lineEnding?: '\n' } {
  if (ctx.endings.size === 1 && ctx.endings.has('\n')) return { lineEnding: '\n' };
  return {};
}

function startLine(ctx: HeadContext, offset: number): Line {
  if (offset < 0 || offset > ctx.bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, 0, `offset ${offset} outside the input`);
  return ctx.readLine(offset, 'start-line');
}

function noteEndings(ctx: HeadContext, start: number): void {
  if (ctx.endings.size > 1) ctx.finding('http-mixed-line-endings', 'head', start, 'head mixes CRLF and bare LF line endings; re-encoding uses CRLF', 'X-HTTP-003');
  else if (ctx.endings.has('\n')) ctx.finding('http-bare-lf', 'head', start, 'head lines end with a bare LF (RFC 9112 section 2.2)', 'X-HTTP-003');
}

/**
 * RFC 9112 section 3: request-line = method SP request-target SP HTTP-version
 */
export function decodeRequest(bytes: Uint8Array, offset = 0): Decoded<HttpRequest> {
  const ctx = new HeadContext(bytes, MAX_HEAD_BYTES);
  let pos = offset;
  // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before the request-line.
  let skipped = 0;
  for (;;) {
    if (pos >= bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, 'request-line missing');
    if (bytes[pos] === 0x0a) pos += 1;
    else if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) pos += 2;
    else if (bytes[pos] === 0x0d && pos + 1 >= bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, 'request-line missing');
    else break;
    if (++skipped > 8) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, pos, 'too many empty lines before the request-line');
  }
  const line = startLine(ctx, pos);
  const parts = line.text.split(' ');
  if (parts.length !== 3) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, 'request-line is not method SP request-target SP HTTP-version');
  const [method, target, version] = parts as [string, string, string];
  if (!TOKEN.test(method)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, 'method is not a token');
  if (target === '' || /[\x00-\x20\x7f]/.test(target)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start + method.length + 1, 'request-target empty or with whitespace/control octets');
  checkVersion(ctx, version, line.start + method.length + target.length + 2);
  const block = readFieldBlock(ctx, line.next, 'headers', true);
  noteEndings(ctx, line.start);
  if (skipped > 0) ctx.finding('http-leading-empty-lines', 'start-line', offset, `${skipped} empty line(s) before the request-line ignored (RFC 9112 section 2.2); not re-encoded`);
  const ending = lineEndingOf(ctx);
  const framed = decodeBody(ctx, { kind: 'request', version, headers: block.fields, headEnd: block.next });
  const value: HttpRequest = { kind: 'request', method, target, version, headers: block.fields, body: framed.body, ...ending };
  return { value, bytesRead: framed.next - offset, findings: ctx.findings };
}

/**
 * RFC 9112 section 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
 */
export function decodeResponse(bytes: Uint8Array, offset = 0, opts: DecodeResponseOptions = {}): Decoded<HttpResponse> {
  const ctx = new HeadContext(bytes, MAX_HEAD_BYTES);
  const line = startLine(ctx, offset);
  const m = /^(\S+) (\d{3})(?:( )(.*))?$/.exec(line.text);
  if (!m) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start, 'status-line is not HTTP-version SP 3DIGIT SP reason-phrase');
  const version = checkVersion(ctx, m[1]!, line.start);
  const status = Number(m[2]);
  if (status < 100) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, line.start + m[1]!.length + 1, `status code ${m[2]} below 100`);
  if (m[3] === undefined) ctx.finding('http-missing-reason-space', 'reason', line.next - 1, 'status-line lacks the SP before the (empty) reason-phrase; re-encoded with it');
  const reason = m[4] ?? '';
  const block = readFieldBlock(ctx, line.next, 'headers', false);
  noteEndings(ctx, line.start);
  const ending = lineEndingOf(ctx);
  const framed = decodeBody(ctx, {
    kind: 'response',
    version,
    status,
    headers: block.fields,
    headEnd: block.next,
    ...(opts.requestMethod !== undefined ? { requestMethod: opts.requestMethod } : {}),
    ...(opts.eof !== undefined ? { eof: opts.eof } : {}),
  });
  const value: HttpResponse = { kind: 'response', version, status, reason, headers: block.fields, body: framed.body, ...ending };
  return { value, bytesRead: framed.next - offset, findings: ctx.findings };
}
