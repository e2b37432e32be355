/**
 * The DNS message codec (RFC 1035 section 4.1): header, questions, and three record sections,
 * names compressed on encode and pointers followed on decode. A message over UDP is the whole
 * datagram; octets after the last record are a finding (dns-trailing-bytes).
 */
import { DecodeError } from '../../errors.js';
import type { Codec, CodecFinding, Decoded } from '../types.js';
import { HEADER_LENGTH } from './codes.js';
import { encodeError, NameWriter, readName } from './name.js';
import { readRdata, writeRdata } from './rdata.js';
import type { DnsMessage, DnsQuestion, DnsRecord } from './types.js';

const PROTO = 'dns';

function checkInt(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw encodeError(`${what} ${v} is outside 0..${max}`);
}

function flagsWord(m: DnsMessage): number {
  checkInt(m.opcode, 15, 'opcode');
  checkInt(m.z, 7, 'z');
  checkInt(m.rcode, 15, 'rcode');
  return (m.qr ? 0x8000 : 0) | (m.opcode << 11) | (m.aa ? 0x400 : 0) | (m.tc ? 0x200 : 0) | (m.rd ? 0x100 : 0) | (m.ra ? 0x80 : 0) | (m.z << 4) | m.rcode;
}

function writeRecord(w: NameWriter, r: DnsRecord): void {
  checkInt(r.type, 0xffff, 'type');
  checkInt(r.class, 0xffff, 'class');
  checkInt(r.ttl, 0xffffffff, 'ttl');
  w.writeName(r.name, true);
  w.u16(r.type);
  w.u16(r.class);
  w.u32(r.ttl);
  const lenAt = w.bytes.length;
  w.u16(0);
  writeRdata(w, r.type, r.data);
  const len = w.bytes.length - lenAt - 2;
  if (len > 0xffff) throw encodeError(`RDATA of ${len} octets exceeds 65535`);
  w.bytes[lenAt] = len >> 8;
  w.bytes[lenAt + 1] = len & 0xff;
}

export function encode(m: DnsMessage): Uint8Array {
  checkInt(m.id, 0xffff, 'id');
  for (const [what, list] of [['questions', m.questions], ['answers', m.answers], ['authorities', m.authorities], ['additionals', m.additionals]] as const) {
    if (list.length > 0xffff) throw encodeError(`${list.length} ${what} do not fit a 16-bit count`);
  }
  const w = new NameWriter();
  w.u16(m.id);
  w.u16(flagsWord(m));
  w.u16(m.questions.length);
  w.u16(m.answers.length);
  w.u16(m.authorities.length);
  w.u16(m.additionals.length);
  for (const q of m.questions) {
    checkInt(q.type, 0xffff, 'qtype');
    checkInt(q.class, 0xffff, 'qclass');
    w.writeName(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const r of [...m.answers, ...m.authorities, ...m.additionals]) writeRecord(w, r);
  return Uint8Array.from(w.bytes);
}

export function encodingLength(m: DnsMessage): number {
  // Compression makes the size depend on the whole layout; the one layout routine is the truth.
  return encode(m).length;
}

function need(bytes: Uint8Array, at: number, n: number, what: string): void {
  if (at + n > bytes.length) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, bytes.length, `input ends inside ${what}`);
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

export function decode(input: Uint8Array, offset = 0): Decoded<DnsMessage> {
  if (!Number.isInteger(offset) || offset < 0 || offset > input.length) {
    throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, 0, `offset ${offset} is outside the input`);
  }
  // Compression pointers count from the start of the message, so decode a view that starts there.
  const bytes = input.subarray(offset);
  const err = (e: unknown): never => {
    if (e instanceof DecodeError) throw new DecodeError(e.code as 'PC_ERR_DECODE_TRUNCATED', PROTO, e.offset + offset, e.message);
    throw e;
  };
  try {
    need(bytes, 0, HEADER_LENGTH, 'the 12-octet header');
    const findings: CodecFinding[] = [];
    const flags = u16(bytes, 2);
    const counts = [u16(bytes, 4), u16(bytes, 6), u16(bytes, 8), u16(bytes, 10)] as const;
    let pos = HEADER_LENGTH;
    const questions: DnsQuestion[] = [];
    for (let i = 0; i < counts[0]; i++) {
      const n = readName(bytes, pos);
      need(bytes, n.next, 4, `question ${i}`);
      questions.push({ name: n.name, type: u16(bytes, n.next), class: u16(bytes, n.next + 2) });
      pos = n.next + 4;
    }
    const sections: DnsRecord[][] = [[], [], []];
    const names = ['answers', 'authorities', 'additionals'] as const;
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < counts[s + 1]!; i++) {
        const n = readName(bytes, pos);
        need(bytes, n.next, 10, `${names[s]}[${i}] fixed fields`);
        const type = u16(bytes, n.next);
        const klass = u16(bytes, n.next + 2);
        const ttl = ((bytes[n.next + 4]! << 24) >>> 0) + (bytes[n.next + 5]! << 16) + (bytes[n.next + 6]! << 8) + bytes[n.next + 7]!;
        const rdlength = u16(bytes, n.next + 8);
        const at = n.next + 10;
        need(bytes, at, rdlength, `${names[s]}[${i}] RDATA`);
        const local: CodecFinding[] = [];
        const data = readRdata(bytes, type, at, at + rdlength, `${names[s]}.${i}`, local);
        findings.push(...local.map((f) => ({ ...f, offset: f.offset + offset })));
        sections[s]!.push({ name: n.name, type, class: klass, ttl, data });
        pos = at + rdlength;
      }
    }
    if (pos < bytes.length) {
      findings.push({ code: 'dns-trailing-bytes', path: 'message', offset: offset + pos, message: `${bytes.length - pos} octets after the last record` });
    }
    const value: DnsMessage = {
      id: u16(bytes, 0),
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      aa: (flags & 0x400) !== 0,
      tc: (flags & 0x200) !== 0,
      rd: (flags & 0x100) !== 0,
      ra: (flags & 0x80) !== 0,
      z: (flags >> 4) & 0x7,
      rcode: flags & 0xf,
      questions,
      answers: sections[0]!,
      authorities: sections[1]!,
      additionals: sections[2]!,
    };
    return { value, bytesRead: pos, findings };
  } catch (e) {
    return err(e);
  }
}

export const dnsCodec: Codec<DnsMessage> = { proto: PROTO, encode, decode, encodingLength };
