/**
 * TFTP packet codec (RFC 1350 section 5, RFC 2347 OACK). A UDP datagram carries exactly one
 * packet, so `decode` reads from `offset` to the end of the input (bytesRead = the rest).
 *
 *   RRQ/WRQ | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ...   (RFC 1350, RFC 2347)
 *   DATA    | 03 | block# | data (0..blksize bytes)
 *   ACK     | 04 | block#
 *   ERROR   | 05 | errcode | errmsg | 0
 *   OACK    | 06 | opt1 | 0 | value1 | 0 | ...                                (RFC 2347)
 */
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { DecodeError, ProvcertError } from '../../errors.js';
import { TFTP_ERROR_CODES, TFTP_MODES, TFTP_OPCODES, TFTP_OPCODE_NAMES } from './codes.js';
import { optionFindings } from './options.js';
import type { TftpOption, TftpPacket } from './types.js';

const PROTO = 'tftp';

/** RFC 2347: "the request packet ... must not exceed 512 octets" once options are appended. */
const MAX_REQUEST_OCTETS = 512;

function strLen(s: string): number {
  return s.length + 1;
}

function checkU16(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) {
    throw new ProvcertError('PC_ERR_ENCODE_INVALID', `${what} ${n} does not fit in 16 bits`, { proto: PROTO });
  }
}

function optionsLength(options: readonly TftpOption[]): number {
  return options.reduce((n, o) => n + strLen(o.name) + strLen(o.value), 0);
}

export function encodingLength(p: TftpPacket): number {
  switch (p.opcode) {
    case 'RRQ':
    case 'WRQ':
      return 2 + strLen(p.filename) + strLen(p.mode) + optionsLength(p.options);
    case 'DATA':
      return 4 + p.data.length;
    case 'ACK':
      return 4 + (p.trailing?.length ?? 0);
    case 'ERROR':
      return 4 + strLen(p.message) + (p.trailing?.length ?? 0);
    case 'OACK':
      return 2 + optionsLength(p.options);
    case 'unknown':
      return 2 + p.payload.length;
  }
}

class Writer {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  u16(n: number): void {
    this.buf[this.pos++] = n >> 8;
    this.buf[this.pos++] = n & 0xff;
  }
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** NUL-terminated octet string; an embedded NUL would change the framing, so it is refused. */
  cstr(s: string, what: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0 || c > 0xff) {
        throw new ProvcertError('PC_ERR_ENCODE_INVALID', `${what} has ${c === 0 ? 'a NUL' : 'a non-octet character'} at ${i}`, { proto: PROTO });
      }
      this.buf[this.pos++] = c;
    }
    this.buf[this.pos++] = 0;
  }
}

export function encode(p: TftpPacket): Uint8Array {
  const w = new Writer(new Uint8Array(encodingLength(p)));
  if (p.opcode === 'unknown') {
    checkU16(p.code, 'opcode');
    w.u16(p.code);
    w.bytes(p.payload);
    return w.buf;
  }
  w.u16(TFTP_OPCODES[p.opcode]);
  switch (p.opcode) {
    case 'RRQ':
    case 'WRQ':
      w.cstr(p.filename, 'filename');
      w.cstr(p.mode, 'mode');
      for (const o of p.options) { w.cstr(o.name, 'option name'); w.cstr(o.value, `option ${o.name}`); }
      break;
    case 'OACK':
      for (const o of p.options) { w.cstr(o.name, 'option name'); w.cstr(o.value, `option ${o.name}`); }
      break;
    case 'DATA':
      checkU16(p.block, 'block');
      w.u16(p.block);
      w.bytes(p.data);
      break;
    case 'ACK':
      checkU16(p.block, 'block');
      w.u16(p.block);
      if (p.trailing) w.bytes(p.trailing);
      break;
    case 'ERROR':
      checkU16(p.code, 'error code');
      w.u16(p.code);
      w.cstr(p.message, 'error message');
      if (p.trailing) w.bytes(p.trailing);
      break;
  }
  return w.buf;
}

/** Reads a NUL-terminated string starting at `at`; a missing NUL is a DecodeError at the end. */
function readCString(bytes: Uint8Array, at: number, what: string): { text: string; next: number } {
  const nul = bytes.indexOf(0, at);
  if (nul < 0) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, `${what} has no terminating NUL (RFC 1350 section 5)`);
  let text = '';
  for (let i = at; i < nul; i++) text += String.fromCharCode(bytes[i]!);
  return { text, next: nul + 1 };
}

function readOptions(bytes: Uint8Array, at: number): { options: TftpOption[]; offsets: number[] } {
  const options: TftpOption[] = [];
  const offsets: number[] = [];
  let pos = at;
  // Bounded: every iteration consumes at least two bytes (two NULs).
  while (pos < bytes.length) {
    const name = readCString(bytes, pos, 'option name');
    if (name.next >= bytes.length) {
      throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, `option '${name.text}' has no value (RFC 2347)`);
    }
    const value = readCString(bytes, name.next, `value of option '${name.text}'`);
    offsets.push(pos);
    options.push({ name: name.text, value: value.text });
    pos = value.next;
  }
  return { options, offsets };
}

function trailingOf(bytes: Uint8Array, at: number, findings: CodecFinding[], path: string): Uint8Array | undefined {
  if (at >= bytes.length) return undefined;
  findings.push({ code: 'tftp-trailing-bytes', path, offset: at, message: `${bytes.length - at} byte(s) after the end of the packet` });
  return bytes.slice(at);
}

export function decode(bytes: Uint8Array, offset = 0): Decoded<TftpPacket> {
  if (offset < 0 || offset > bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset, 'offset outside the input');
  const buf = bytes.subarray(offset);
  const abs = (n: number) => offset + n;
  const findings: CodecFinding[] = [];
  const relocate = (e: unknown): never => {
    if (e instanceof DecodeError) throw new DecodeError(e.code as ConstructorParameters<typeof DecodeError>[0], PROTO, abs(e.offset), e.message);
    throw e;
  };
  if (buf.length < 2) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, abs(buf.length), 'shorter than the 2-byte opcode');
  const code = (buf[0]! << 8) | buf[1]!;
  const name = TFTP_OPCODE_NAMES[code];
  let value: TftpPacket;
  try {
    switch (name) {
      case 'RRQ':
      case 'WRQ': {
        const file = readCString(buf, 2, 'filename');
        const mode = readCString(buf, file.next, 'mode');
        const { options, offsets } = readOptions(buf, mode.next);
        if (file.text === '') findings.push({ code: 'tftp-empty-filename', path: 'filename', offset: abs(2), message: 'empty filename' });
        if (!(TFTP_MODES as readonly string[]).includes(mode.text.toLowerCase())) {
          findings.push({ code: 'tftp-unknown-mode', path: 'mode', offset: abs(file.next), message: `mode '${mode.text}' is not netascii, octet or mail (RFC 1350 section 5)` });
        }
        if (buf.length > MAX_REQUEST_OCTETS) {
          findings.push({ code: 'tftp-request-over-512', path: 'options', offset: abs(MAX_REQUEST_OCTETS), message: `request is ${buf.length} octets, over the 512 that RFC 2347 allows` });
        }
        findings.push(...optionFindings(options, 'options', offsets.map(abs)));
        value = { opcode: name, filename: file.text, mode: mode.text, options };
        break;
      }
      case 'OACK': {
        const { options, offsets } = readOptions(buf, 2);
        if (options.length === 0) findings.push({ code: 'tftp-oack-empty', path: 'options', offset: abs(2), message: 'OACK acknowledges no option (RFC 2347)' });
        findings.push(...optionFindings(options, 'options', offsets.map(abs)));
        value = { opcode: 'OACK', options };
        break;
      }
      case 'DATA':
      case 'ACK': {
        if (buf.length < 4) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, buf.length, `${name} shorter than 4 bytes`);
        const block = (buf[2]! << 8) | buf[3]!;
        if (name === 'DATA') {
          value = { opcode: 'DATA', block, data: buf.slice(4) };
        } else {
          const trailing = trailingOf(buf, 4, findings, 'trailing');
          value = trailing ? { opcode: 'ACK', block, trailing } : { opcode: 'ACK', block };
        }
        break;
      }
      case 'ERROR': {
        if (buf.length < 4) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, buf.length, 'ERROR shorter than 4 bytes');
        const errorCode = (buf[2]! << 8) | buf[3]!;
        const msg = readCString(buf, 4, 'error message');
        if (TFTP_ERROR_CODES[errorCode] === undefined) {
          findings.push({ code: 'tftp-unknown-error-code', path: 'code', offset: abs(2), message: `error code ${errorCode} is not in RFC 1350 / RFC 2347` });
        }
        const trailing = trailingOf(buf, msg.next, findings, 'trailing');
        value = { opcode: 'ERROR', code: errorCode, message: msg.text, ...(trailing ? { trailing } : {}) };
        break;
      }
      default:
        findings.push({ code: 'tftp-unknown-opcode', path: 'opcode', offset: abs(0), message: `opcode ${code} is not 1..6; kept raw` });
        value = { opcode: 'unknown', code, payload: buf.slice(2) };
    }
  } catch (e) {
    return relocate(e);
  }
  return { value, bytesRead: buf.length, findings };
}

export const tftpCodec: Codec<TftpPacket> = { proto: PROTO, encode, decode, encodingLength };
