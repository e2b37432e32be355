/**
 * Message boundaries on TCP for the text protocols (like Wireshark's tcp_dissect_pdus): the length
 * of the first complete message at the start of the in-order stream, or 0 when more bytes are
 * needed. A DecodeError other than "truncated" is rethrown and recorded on the message.
 */
import { DecodeError, isProvcertError } from '../errors.js';
import { MAX_HEAD_BYTES } from '../codec/http/index.js';

/** Runs a length probe; a PC_ERR_DECODE_TRUNCATED means "need more" (0). */
export function lengthOrWait(probe: () => number): number {
  try {
    return probe();
  } catch (e) {
    if (isProvcertError(e) && e.code === 'PC_ERR_DECODE_TRUNCATED') return 0;
    throw e;
  }
}

/** Offset just past the blank line ending an HTTP/SIP head, or -1 when it has not arrived. */
export function headEnd(buf: Uint8Array, proto: string): number {
  const limit = Math.min(buf.length, MAX_HEAD_BYTES + 4);
  for (let i = 0; i < limit; i++) {
    if (buf[i] !== 0x0a) continue;
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  if (buf.length > MAX_HEAD_BYTES) throw new DecodeError('PC_ERR_DECODE_LIMIT', proto, MAX_HEAD_BYTES, `no end of the header section within ${MAX_HEAD_BYTES} octets`);
  return -1;
}

/**
 * Quick HTTP length without decoding the body, when the head gives it plainly: a request without
 * Content-Length/Transfer-Encoding has no body, Content-Length alone gives it (RFC 9112 section 6.3
 * items 6 and 5). Undefined means "ask the full decoder".
 */
export function quickHttpLength(buf: Uint8Array, end: number, isResponse: boolean): number | undefined {
  const head = Buffer.from(buf.buffer, buf.byteOffset, end).toString('latin1');
  if (/^transfer-encoding[ \t]*:/im.test(head)) return undefined;
  const cl = head.match(/^content-length[ \t]*:[ \t]*(\d{1,15})[ \t]*\r?$/gim);
  if (cl === null) return isResponse ? undefined : end;
  if (cl.length !== 1 || isResponse) return undefined; // repeats and responses (HEAD, 1xx, 204, 304): full decoder
  return end + Number(/(\d+)/.exec(cl[0])![1]);
}

const HTTP_REQUEST_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^ \r\n]+ HTTP\/1\.\d\r?\n/;
const HTTP_STATUS_LINE = /^HTTP\/1\.\d \d{3}[ \r\n]/;
const SIP_REQUEST_LINE = /^[A-Za-z]+ [^ \r\n]+ SIP\/2\.0\r?\n/;
const SIP_STATUS_LINE = /^SIP\/2\.0 \d{3}[ \r\n]/;

export type StartLineKind = 'http' | 'sip' | 'none' | 'wait';

/**
 * Heuristic by start line (RFC 9112 section 3 request-line / status-line, RFC 3261 section 7.1
 * Request-Line / Status-Line), as Wireshark's http_tcp and sip_tcp/sip_udp heuristics do.
 * 'wait' while the first line is incomplete and still plausible.
 */
export function startLineKind(buf: Uint8Array, complete: boolean): StartLineKind {
  const n = Math.min(buf.length, 2048);
  const head = Buffer.from(buf.buffer, buf.byteOffset, n).toString('latin1');
  if (HTTP_REQUEST_LINE.test(head) || HTTP_STATUS_LINE.test(head)) return 'http';
  if (SIP_REQUEST_LINE.test(head) || SIP_STATUS_LINE.test(head)) return 'sip';
  if (complete || head.includes('\n') || n >= 2048) return 'none';
  // Only printable start-line characters so far: wait for the line end.
  return /^[A-Za-z][\x21-\x7e]*( [\x21-\x7e]*){0,2}\r?$/.test(head) ? 'wait' : 'none';
}
