/**
 * Syslog message codec (RFC 3164, RFC 5424). Over UDP the datagram is the message (RFC 5426
 * section 3.1), so `decode` reads from `offset` to the end of the input; for TCP use
 * syslogTcpCodec (RFC 6587 framing). PRI decides nothing else: after it, a VERSION and a valid
 * RFC 5424 header select the 5424 form, anything else is read as RFC 3164.
 *
 *   PRI = "<" PRIVAL ">";  PRIVAL = 1*3DIGIT ; range 0 .. 191   (RFC 5424 section 6.2.1)
 */
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { DecodeError } from '../../errors.js';
import { octetsToString, stringToOctets } from '../sip/octets.js';
import { formatRfc5424Body, parseRfc5424Body } from './rfc5424.js';
import { formatRfc3164Body, parseRfc3164Body } from './rfc3164.js';
import type { SyslogMessage } from './types.js';

const PROTO = 'syslog';
/** RFC 5426 section 3.2 / RFC 6587: receivers handle at least 2048 octets; we bound at 64 KiB (a UDP datagram's max). */
export const MAX_SYSLOG_MESSAGE = 65535;

export function formatSyslogText(m: SyslogMessage): string {
  const pri = m.priText !== undefined ? `<${m.priText}>` : m.pri !== undefined ? `<${m.pri}>` : '';
  return pri + (m.format === 'rfc5424' ? formatRfc5424Body(m) : formatRfc3164Body(m));
}

export function encodingLength(m: SyslogMessage): number {
  return formatSyslogText(m).length;
}

export function encode(m: SyslogMessage): Uint8Array {
  return stringToOctets(formatSyslogText(m), PROTO);
}

/**
 * Parses one message held in `text` (already framed). `base` is the absolute byte offset of
 * text[0], for findings.
 */
export function parseSyslogText(text: string, base: number): { value: SyslogMessage; findings: CodecFinding[] } {
  const findings: CodecFinding[] = [];
  const p = /^<(\d{1,3})>/.exec(text);
  let pri: number | undefined;
  let priText: string | undefined;
  let body = text;
  if (p && Number(p[1]) <= 191) {
    pri = Number(p[1]);
    if (String(pri) !== p[1]) {
      priText = p[1]!;
      findings.push({ code: 'syslog-pri-leading-zero', path: 'pri', offset: base + 1, message: `PRI '${p[1]}' has leading zeros (RFC 5424 section 6.2.1)` });
    }
    body = text.slice(p[0].length);
  } else {
    // RFC 3164 section 4.3.3: a relay treats a message without a valid PRI as <13> + the whole text.
    findings.push({ code: 'syslog-missing-pri', path: 'pri', offset: base, message: 'message does not start with a valid <PRI>', requirementId: 'X-LOG-001' });
  }
  if (pri !== undefined) {
    const m5424 = parseRfc5424Body(body, pri, priText);
    if (m5424) return { value: m5424, findings };
  }
  const m = parseRfc3164Body(body, pri, priText);
  const bodyAt = base + text.length - body.length;
  if (m.timestamp === undefined) {
    findings.push({ code: 'syslog-no-timestamp', path: 'timestamp', offset: bodyAt, message: 'no RFC 3164 TIMESTAMP: the whole text is CONTENT (RFC 3164 section 4.3.3)' });
  }
  if (m.trailingNul) {
    findings.push({ code: 'syslog-trailing-nul', path: 'content', offset: base + text.length - 1, message: 'message ends with a NUL octet' });
  }
  return { value: m, findings };
}

export function decode(bytes: Uint8Array, offset = 0): Decoded<SyslogMessage> {
  if (offset < 0 || offset > bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, 'offset outside the input');
  const length = bytes.length - offset;
  if (length === 0) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset, 'empty datagram');
  if (length > MAX_SYSLOG_MESSAGE) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, offset + MAX_SYSLOG_MESSAGE, `message over ${MAX_SYSLOG_MESSAGE} octets`);
  const { value, findings } = parseSyslogText(octetsToString(bytes, offset), offset);
  return { value, bytesRead: length, findings };
}

/** UDP syslog: one datagram, one message. */
export const syslogCodec: Codec<SyslogMessage> = { proto: PROTO, encode, decode, encodingLength };
