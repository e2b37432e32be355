/**
 * The DHCPv4 message codec (RFC 2131 section 2 layout, RFC 2132 options, RFC 3396 long options
 * kept split, option overload per RFC 2131 section 4.1). Decoding throws only DecodeError; what can
 * still be framed comes back as findings. A DHCP message has no length field of its own: it runs to
 * the end of the UDP payload, so `bytesRead` is always `bytes.length - offset`.
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import {
  BROADCAST_FLAG, FILE_LENGTH, FILE_OFFSET, HEADER_LENGTH, MAGIC_COOKIE, OPTIONS_OFFSET,
  OVERLOAD_BOTH, OVERLOAD_FILE, OVERLOAD_SNAME, SNAME_LENGTH, SNAME_OFFSET, withRequirement,
} from './codes.js';
import { areaLength, parseArea, validateItem, writeArea } from './area.js';
export { optionOffsets } from './area.js';
import { checkInt, copyBytes, encodeError, readIpv4, readU16, readU32, writeIpv4, writeU16, writeU32 } from './bytes.js';
import type { DhcpArea, DhcpAreaFraming, DhcpMessage, DhcpOption } from './types.js';
import { viewOptions } from './view.js';

const PROTO = 'dhcp';

function areaOf(o: DhcpOption): DhcpArea {
  return o.area ?? 'options';
}

function itemsIn(msg: DhcpMessage, area: DhcpArea): DhcpOption[] {
  return msg.options.filter((o) => areaOf(o) === area);
}

/** A field carries options when framing says so or an option is placed in it. */
function carriesOptions(msg: DhcpMessage, area: 'file' | 'sname'): boolean {
  return msg.framing?.[area] !== undefined || msg.options.some((o) => o.area === area);
}

export function encodingLength(msg: DhcpMessage): number {
  return OPTIONS_OFFSET + areaLength(itemsIn(msg, 'options'), msg.framing?.options);
}

function writeField(out: Uint8Array, msg: DhcpMessage, area: 'file' | 'sname', at: number, size: number): void {
  if (carriesOptions(msg, area)) {
    const items = itemsIn(msg, area);
    const framing: DhcpAreaFraming | undefined = msg.framing?.[area];
    const len = areaLength(items, framing);
    if (len > size) throw encodeError(`options placed in the ${area} field need ${len} bytes, the field has ${size}`);
    // The rest of the field stays zero (already zero-filled).
    writeArea(out, at, items, framing);
    return;
  }
  const raw = msg[area];
  if (raw.length > size) throw encodeError(`${area} is ${raw.length} bytes, the field has ${size}`);
  out.set(raw, at);
}

export function encode(msg: DhcpMessage): Uint8Array {
  checkInt(msg.op, 0, 255, 'op');
  checkInt(msg.htype, 0, 255, 'htype');
  checkInt(msg.hlen, 0, 255, 'hlen');
  checkInt(msg.hops, 0, 255, 'hops');
  checkInt(msg.xid, 0, 0xffffffff, 'xid');
  checkInt(msg.secs, 0, 0xffff, 'secs');
  checkInt(msg.flags, 0, 0xffff, 'flags');
  checkInt(msg.cookie, 0, 0xffffffff, 'cookie');
  if (msg.chaddr.length > 16) throw encodeError(`chaddr is ${msg.chaddr.length} bytes, the field has 16`);
  for (const o of msg.options) validateItem(o);

  const out = new Uint8Array(encodingLength(msg));
  out[0] = msg.op;
  out[1] = msg.htype;
  out[2] = msg.hlen;
  out[3] = msg.hops;
  writeU32(out, 4, msg.xid);
  writeU16(out, 8, msg.secs);
  writeU16(out, 10, msg.flags);
  writeIpv4(out, 12, msg.ciaddr, 'ciaddr');
  writeIpv4(out, 16, msg.yiaddr, 'yiaddr');
  writeIpv4(out, 20, msg.siaddr, 'siaddr');
  writeIpv4(out, 24, msg.giaddr, 'giaddr');
  out.set(msg.chaddr, 28);
  writeField(out, msg, 'sname', SNAME_OFFSET, SNAME_LENGTH);
  writeField(out, msg, 'file', FILE_OFFSET, FILE_LENGTH);
  writeU32(out, HEADER_LENGTH, msg.cookie);
  const end = writeArea(out, OPTIONS_OFFSET, itemsIn(msg, 'options'), msg.framing?.options);
  if (end !== out.length) throw encodeError(`internal length mismatch ${end} != ${out.length}`);
  return out;
}

function headerFindings(msg: DhcpMessage, base: number): CodecFinding[] {
  const out: CodecFinding[] = [];
  if (msg.op !== 1 && msg.op !== 2) {
    out.push({ code: 'dhcp-op-unknown', path: 'op', offset: base, message: `op ${msg.op} is neither BOOTREQUEST (1) nor BOOTREPLY (2)` });
  }
  if (msg.hlen > 16) {
    out.push({ code: 'dhcp-hlen-invalid', path: 'hlen', offset: base + 2, message: `hlen ${msg.hlen} exceeds the 16-byte chaddr field` });
  }
  if ((msg.flags & ~BROADCAST_FLAG & 0xffff) !== 0) {
    // RFC 2131 section 2: bits other than BROADCAST MUST be zero.
    out.push({ code: 'dhcp-flags-reserved', path: 'flags', offset: base + 10, message: `reserved flag bits set: 0x${msg.flags.toString(16)}` });
  }
  return out;
}

/** Reads option 52 from the options field only (RFC 2131 section 4.1), concatenated per RFC 3396. */
function overloadMode(items: readonly DhcpOption[], base: number, findings: CodecFinding[]): number {
  const parts = items.filter((o) => o.code === 52);
  if (parts.length === 0) return 0;
  const total = parts.reduce((n, o) => n + o.data.length, 0);
  const value = total === 1 ? parts.find((o) => o.data.length === 1)!.data[0]! : -1;
  if (value === OVERLOAD_FILE || value === OVERLOAD_SNAME || value === OVERLOAD_BOTH) return value;
  findings.push({ code: 'dhcp-overload-invalid', path: 'options.52', offset: base, message: `option 52 is not one octet of 1, 2 or 3; sname and file are read as plain fields` });
  return 0;
}

export function decode(bytes: Uint8Array, offset = 0): Decoded<DhcpMessage> {
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, Math.max(0, Math.min(bytes.length, Number.isInteger(offset) ? offset : 0)), `offset ${offset} is outside the input`);
  }
  const end = bytes.length;
  if (end - offset < OPTIONS_OFFSET) {
    const what = end - offset < HEADER_LENGTH ? 'BOOTP header (236 bytes)' : 'magic cookie';
    throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, end, `input ends after ${end - offset} bytes, inside the ${what}`);
  }
  const b = offset;
  const findings: CodecFinding[] = [];
  const cookie = readU32(bytes, b + HEADER_LENGTH);
  const header = {
    op: bytes[b]!,
    htype: bytes[b + 1]!,
    hlen: bytes[b + 2]!,
    hops: bytes[b + 3]!,
    xid: readU32(bytes, b + 4),
    secs: readU16(bytes, b + 8),
    flags: readU16(bytes, b + 10),
    ciaddr: readIpv4(bytes, b + 12),
    yiaddr: readIpv4(bytes, b + 16),
    siaddr: readIpv4(bytes, b + 20),
    giaddr: readIpv4(bytes, b + 24),
    chaddr: copyBytes(bytes, b + 28, b + 44),
  };
  const rawFields = { sname: copyBytes(bytes, b + SNAME_OFFSET, b + FILE_OFFSET), file: copyBytes(bytes, b + FILE_OFFSET, b + HEADER_LENGTH) };

  if (cookie !== MAGIC_COOKIE) {
    // Not a DHCP vendor area (RFC 1497 / RFC 2131 section 3): keep it raw, read no options.
    findings.push(...headerFindings({ ...header, ...rawFields, cookie, options: [] }, b));
    findings.push({ code: 'dhcp-bad-cookie', path: 'cookie', offset: b + HEADER_LENGTH, message: `magic cookie is 0x${cookie.toString(16).padStart(8, '0')}, not 0x63825363; options not read` });
    const value: DhcpMessage = { ...header, ...rawFields, cookie, options: [], framing: { options: { end: false, trailer: copyBytes(bytes, b + OPTIONS_OFFSET, end) } } };
    return { value, bytesRead: end - offset, findings: findings.map(withRequirement) };
  }

  const main = parseArea(bytes, b + OPTIONS_OFFSET, end, 'options', findings);
  const mode = overloadMode(main.items, b + OPTIONS_OFFSET, findings);
  // RFC 2131 section 4.1: options field first, then file, then sname.
  const file = mode & OVERLOAD_FILE ? parseArea(bytes, b + FILE_OFFSET, b + HEADER_LENGTH, 'file', findings) : undefined;
  const sname = mode & OVERLOAD_SNAME ? parseArea(bytes, b + SNAME_OFFSET, b + FILE_OFFSET, 'sname', findings) : undefined;
  const options = [...main.items, ...(file?.items ?? []), ...(sname?.items ?? [])];
  const value: DhcpMessage = {
    ...header,
    sname: sname ? new Uint8Array(0) : rawFields.sname,
    file: file ? new Uint8Array(0) : rawFields.file,
    cookie,
    options,
    framing: {
      options: main.framing,
      ...(file ? { file: file.framing } : {}),
      ...(sname ? { sname: sname.framing } : {}),
    },
  };
  findings.push(...headerFindings(value, b));
  findings.push(...viewOptions(value, b).findings);
  return { value, bytesRead: end - offset, findings: findings.map(withRequirement) };
}

export function isBroadcast(msg: Pick<DhcpMessage, 'flags'>): boolean {
  return (msg.flags & BROADCAST_FLAG) !== 0;
}

export const dhcpCodec: Codec<DhcpMessage> = { proto: PROTO, encode, decode, encodingLength };
