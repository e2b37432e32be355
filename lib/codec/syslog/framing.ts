/**
 * Syslog over TCP (RFC 6587 section 3.4): octet counting `MSG-LEN SP SYSLOG-MSG` (3.4.1) or
 * non-transparent framing, where a trailer (LF, sometimes NUL) ends each message (3.4.2).
 * Streams may mix both (zeek's tcp-syslog.pcap does), so each frame is detected on its own:
 * a leading digit 1-9 means octet counting.
 */
import type { Codec, Decoded } from '../types.js';
import { DecodeError, ProvcertError } from '../../errors.js';
import { octetsToString, stringToOctets } from '../sip/octets.js';
import { formatSyslogText, MAX_SYSLOG_MESSAGE, parseSyslogText } from './codec.js';
import type { SyslogFrame } from './types.js';

const PROTO = 'syslog';

function frameText(f: SyslogFrame): string {
  const msg = formatSyslogText(f.message);
  return f.framing === 'octet-counting' ? `${msg.length} ${msg}` : msg + f.trailer;
}

export function encodeFrame(f: SyslogFrame): Uint8Array {
  if (f.framing === 'non-transparent') {
    const msg = formatSyslogText(f.message);
    if (msg.includes(f.trailer)) {
      // The trailer inside the message would split it (RFC 6587 section 3.4.2); octet counting avoids this.
      throw new ProvcertError('PC_ERR_ENCODE_INVALID', 'non-transparent frame would contain its own trailer', { proto: PROTO });
    }
  }
  return stringToOctets(frameText(f), PROTO);
}

export function frameLength(f: SyslogFrame): number {
  return frameText(f).length;
}

export function decodeFrame(bytes: Uint8Array, offset = 0): Decoded<SyslogFrame> {
  if (offset < 0 || offset > bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, 'offset outside the input');
  const first = bytes[offset];
  if (first === undefined) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset, 'no frame');
  if (first >= 0x31 && first <= 0x39) {
    // MSG-LEN = NONZERO-DIGIT *DIGIT, then SP.
    let i = offset;
    while (i < bytes.length && i - offset < 6 && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    if (i >= bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, 'MSG-LEN not followed by SP');
    if (bytes[i] !== 0x20) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, i, 'MSG-LEN must be digits followed by SP (RFC 6587 section 3.4.1)');
    const len = Number(octetsToString(bytes, offset, i));
    if (len > MAX_SYSLOG_MESSAGE) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, offset, `MSG-LEN ${len} over ${MAX_SYSLOG_MESSAGE}`);
    const start = i + 1;
    if (start + len > bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, `frame announces ${len} octets, ${bytes.length - start} present`);
    const { value, findings } = parseSyslogText(octetsToString(bytes, start, start + len), start);
    return { value: { framing: 'octet-counting', message: value }, bytesRead: start + len - offset, findings };
  }
  const limit = Math.min(bytes.length, offset + MAX_SYSLOG_MESSAGE + 1);
  let end = offset;
  while (end < limit && bytes[end] !== 0x0a && bytes[end] !== 0x00) end++;
  if (end >= bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, 'non-transparent frame has no LF trailer yet');
  if (end >= limit) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, end, `frame over ${MAX_SYSLOG_MESSAGE} octets`);
  const trailer = bytes[end] === 0 ? '\u0000' : '\n';
  const { value, findings } = parseSyslogText(octetsToString(bytes, offset, end), offset);
  if (trailer === '\u0000') findings.push({ code: 'syslog-nul-trailer', path: 'trailer', offset: end, message: 'NUL used as the frame trailer (RFC 6587 section 3.4.2 prefers LF)' });
  return { value: { framing: 'non-transparent', trailer, message: value }, bytesRead: end + 1 - offset, findings };
}

/** TCP syslog: one RFC 6587 frame per decode; `bytesRead` moves to the next frame. */
export const syslogTcpCodec: Codec<SyslogFrame> = { proto: PROTO, encode: encodeFrame, decode: decodeFrame, encodingLength: frameLength };
