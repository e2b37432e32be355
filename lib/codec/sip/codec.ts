/**
 * SIP message codec (RFC 3261 section 7). SIP has no outer framing: the header section ends at
 * the first empty line and the body is Content-Length octets long (RFC 3261 section 18.3, 20.14).
 * Without Content-Length the body is the rest of the input, which is right only for a UDP
 * datagram (finding sip-no-content-length). A header section without its empty line, or a body
 * shorter than Content-Length, is a DecodeError (PC_ERR_DECODE_TRUNCATED).
 *
 *   generic-message = start-line *message-header CRLF [ message-body ]
 *   Request-Line    = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line     = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 *   message-header  = field-name HCOLON field-value CRLF   (LWS folding: CRLF followed by SP/HT)
 */
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { DecodeError } from '../../errors.js';
import { octetsToString, stringToOctets } from './octets.js';
import { canonicalHeaderName } from './codes.js';
import type { SipHeader, SipMessage } from './types.js';

const PROTO = 'sip';
/** How far junk before the start line is searched (bounded loop). */
export const MAX_PREAMBLE = 4096;
/** Bound on the header section (RFC 3261 gives none; 64 KiB is far above any real phone's). */
export const MAX_HEADER_SECTION = 65536;

const TOKEN = "[-A-Za-z0-9.!%*_+`'~]+";
const REQUEST_LINE = new RegExp(`^(${TOKEN})[ \\t]+(\\S+)[ \\t]+(SIP/\\d+\\.\\d+)[ \\t]*$`, 'i');
const STATUS_LINE = /^(SIP\/\d+\.\d+)[ \t]+(\d{3})(?:[ \t]+(.*?))?[ \t]*$/i;
const HEADER_NAME = new RegExp(`^(${TOKEN})[ \\t]*:`);

function canonicalStartLine(m: SipMessage): string {
  return m.kind === 'request' ? `${m.method} ${m.uri} ${m.version}` : `${m.version} ${m.status} ${m.reason}`;
}

function headerLine(h: SipHeader): string {
  return h.raw ?? `${h.name}: ${h.value}`;
}

function eol(lf: true | undefined): string {
  return lf ? '\n' : '\r\n';
}

/** The text of everything before the body. */
function headText(m: SipMessage): string {
  let s = (m.preamble ?? '') + (m.startLineRaw ?? canonicalStartLine(m)) + eol(m.startLineLf);
  for (const h of m.headers) s += headerLine(h) + eol(h.lf);
  return s + eol(m.blankLineLf);
}

export function encodingLength(m: SipMessage): number {
  return headText(m).length + m.body.length;
}

export function encode(m: SipMessage): Uint8Array {
  const head = headText(m);
  const out = new Uint8Array(head.length + m.body.length);
  stringToOctets(head, PROTO, out, 0);
  out.set(m.body, head.length);
  return out;
}

interface StartLine { at: number; lineEnd: number; next: number; text: string; lf: boolean }

/** Reads one line from `at`: text without EOL, whether it ended with a bare LF, and the next index. */
function readLine(text: string, at: number, base: number): StartLine {
  const nl = text.indexOf('\n', at);
  if (nl < 0) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, base + text.length, 'line has no end (header section truncated)');
  const cr = nl > at && text.charCodeAt(nl - 1) === 13;
  return { at, lineEnd: cr ? nl - 1 : nl, next: nl + 1, text: text.slice(at, cr ? nl - 1 : nl), lf: !cr };
}

function isTokenChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || '-.!%*_+`\'~'.includes(String.fromCharCode(c));
}

/** Finds the start line, skipping CRLFs or junk before it (bounded by MAX_PREAMBLE). */
function findStartLine(text: string, base: number): { line: StartLine; request?: RegExpExecArray; status?: RegExpExecArray } {
  const limit = Math.min(text.length, MAX_PREAMBLE + 1);
  let sawLineEnd = false;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (!isTokenChar(c) || (i > 0 && isTokenChar(text.charCodeAt(i - 1)))) continue;
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    sawLineEnd = true;
    const line = readLine(text, i, base);
    const status = STATUS_LINE.exec(line.text);
    if (status) return { line, status };
    const request = REQUEST_LINE.exec(line.text);
    if (request) return { line, request };
  }
  if (!sawLineEnd && text.indexOf('\n') < 0) {
    throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, base + text.length, 'no complete start line');
  }
  throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, base, `no SIP request or status line in the first ${MAX_PREAMBLE} octets`);
}

/** RFC 3261 section 7.3.1: folded lines are one header; the value is trimmed and folds become one SP. */
function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '');
}

export function decode(bytes: Uint8Array, offset = 0): Decoded<SipMessage> {
  if (offset < 0 || offset > bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, 'offset outside the input');
  const text = octetsToString(bytes, offset);
  const findings: CodecFinding[] = [];
  const bareLf = (rel: number) => {
    if (!findings.some((f) => f.code === 'sip-bare-lf')) {
      findings.push({ code: 'sip-bare-lf', path: 'eol', offset: offset + rel, message: 'line ends with a bare LF; RFC 3261 section 7 requires CRLF' });
    }
  };

  const found = findStartLine(text, offset);
  const start = found.line;
  const preamble = text.slice(0, start.at);
  if (preamble !== '') {
    const onlyCrlf = /^[\r\n]+$/.test(preamble);
    findings.push({
      code: onlyCrlf ? 'sip-leading-crlf' : 'sip-junk-before-start-line',
      path: 'preamble', offset,
      message: onlyCrlf ? 'empty lines before the start line (RFC 3261 section 7.5 says to ignore them)' : `${preamble.length} octet(s) of junk before the start line`,
    });
  }
  if (start.lf) bareLf(start.lineEnd);

  // Header section: lines up to the empty line, continuation lines joined (bounded by its size).
  const lines: Array<{ at: number; raw: string; lf: boolean }> = [];
  let pos = start.next;
  let blankLf = false;
  for (;;) {
    if (pos - start.next > MAX_HEADER_SECTION) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, offset + pos, `header section over ${MAX_HEADER_SECTION} octets`);
    const line = readLine(text, pos, offset);
    if (line.lf) bareLf(line.lineEnd);
    pos = line.next;
    if (line.text === '') { blankLf = line.lf; break; }
    const c = line.text.charCodeAt(0);
    if (c === 32 || c === 9) {
      const prev = lines[lines.length - 1];
      if (!prev) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + line.at, 'continuation line before any header');
      prev.raw += (prev.lf ? '\n' : '\r\n') + line.text;
      prev.lf = line.lf;
      continue;
    }
    lines.push({ at: line.at, raw: line.text, lf: line.lf });
  }

  const headers: SipHeader[] = lines.map((l) => {
    const m = HEADER_NAME.exec(l.raw);
    if (!m) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + l.at, 'header line is not "name: value"');
    const name = m[1]!;
    const value = unfold(l.raw.slice(m[0].length));
    const canonical = `${name}: ${value}`;
    return { name, value, ...(l.raw !== canonical ? { raw: l.raw } : {}), ...(l.lf ? { lf: true as const } : {}) };
  });

  // Body: Content-Length octets (compact form l), or the rest of the datagram.
  const bodyAt = pos;
  let bodyEnd = text.length;
  const lengths = headers.filter((h) => canonicalHeaderName(h.name) === 'Content-Length');
  if (lengths.length === 0) {
    findings.push({ code: 'sip-no-content-length', path: 'header.Content-Length', offset: offset + bodyAt, message: 'no Content-Length: the body is the rest of the input (right for UDP only, RFC 3261 section 18.3)' });
  } else {
    const first = lengths[0]!.value;
    if (!/^\d{1,10}$/.test(first)) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + start.next, `Content-Length '${first}' is not a number`);
    if (lengths.some((h) => h.value !== first)) {
      findings.push({ code: 'sip-content-length-conflict', path: 'header.Content-Length', offset: offset + start.next, message: 'several Content-Length headers disagree; the first is used' });
    }
    const n = Number(first);
    if (bodyAt + n > text.length) {
      throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset + text.length, `body is ${text.length - bodyAt} octets, Content-Length says ${n}`);
    }
    bodyEnd = bodyAt + n;
  }

  const common = {
    ...(preamble !== '' ? { preamble } : {}),
    ...(start.lf ? { startLineLf: true as const } : {}),
    headers,
    ...(blankLf ? { blankLineLf: true as const } : {}),
    body: bytes.slice(offset + bodyAt, offset + bodyEnd),
  };
  let value: SipMessage;
  if (found.status) {
    const [, version, code, reason = ''] = found.status;
    value = { kind: 'response', version: version!, status: Number(code), reason, ...common };
  } else {
    const [, method, uri, version] = found.request!;
    value = { kind: 'request', method: method!, uri: uri!, version: version!, ...common };
  }
  if (canonicalStartLine(value) !== start.text) {
    value = { ...value, startLineRaw: start.text };
    findings.push({ code: 'sip-start-line-spacing', path: 'startLine', offset: offset + start.at, message: 'start line uses other whitespace than single SPs' });
  }
  return { value, bytesRead: bodyEnd, findings };
}

export const sipCodec: Codec<SipMessage> = { proto: PROTO, encode, decode, encodingLength };
