/**
 * RDATA of the record types the lab DNS serves (RFC 1035 section 3.3/3.4, RFC 3596, RFC 2782).
 * What does not fit its type's layout is kept raw with a finding, never thrown away.
 */
import type { CodecFinding } from '../types.js';
import { DNS_TYPES, typeName } from './codes.js';
import { encodeError, NameWriter, readName } from './name.js';
import type { DnsRecordData } from './types.js';
import { DecodeError } from '../../errors.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipv4Bytes(ip: string): number[] {
  if (!IPV4.test(ip)) throw encodeError(`'${ip}' is not a dotted-quad IPv4 address`);
  return ip.split('.').map(Number);
}

/** Full (uncompressed) IPv6 text of 16 bytes: eight groups of 1..4 lower-case hex digits. */
export function ipv6Text(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':');
}

function ipv6Bytes(text: string): number[] {
  const halves = text.split('::');
  if (halves.length > 2) throw encodeError(`'${text}' is not an IPv6 address`);
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...tail];
  if (groups.length !== 8 || (halves.length === 2 && fill < 1) || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
    throw encodeError(`'${text}' is not an IPv6 address`);
  }
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/** Writes RDATA (without RDLENGTH). Names in CNAME/PTR/NS are compressed; SRV targets never are (RFC 2782). */
export function writeRdata(w: NameWriter, type: number, d: DnsRecordData): void {
  const expect = (code: number) => {
    if (type !== code) throw encodeError(`${d.kind} data in a record of type ${typeName(type)}`);
  };
  switch (d.kind) {
    case 'A': expect(DNS_TYPES.A); for (const b of ipv4Bytes(d.address)) w.u8(b); return;
    case 'AAAA': expect(DNS_TYPES.AAAA); for (const b of ipv6Bytes(d.address)) w.u8(b); return;
    case 'CNAME': case 'PTR': case 'NS': expect(DNS_TYPES[d.kind]); w.writeName(d.target, true); return;
    case 'TXT':
      expect(DNS_TYPES.TXT);
      if (d.strings.length === 0) throw encodeError('TXT needs at least one character-string (RFC 1035 section 3.3.14)');
      for (const s of d.strings) {
        if (s.length > 255) throw encodeError(`TXT string of ${s.length} octets exceeds 255`);
        w.u8(s.length);
        w.raw(s);
      }
      return;
    case 'SRV':
      expect(DNS_TYPES.SRV);
      for (const [k, v] of [['priority', d.priority], ['weight', d.weight], ['port', d.port]] as const) {
        if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw encodeError(`SRV ${k} ${v} is outside 0..65535`);
        w.u16(v);
      }
      w.writeName(d.target, false);
      return;
    case 'raw': w.raw(d.data); return;
  }
}

/** Reads RDATA in [at, end); `bytes` is the whole message (names may point anywhere before). */
export function readRdata(bytes: Uint8Array, type: number, at: number, end: number, path: string, findings: CodecFinding[]): DnsRecordData {
  const raw = (why: string): DnsRecordData => {
    findings.push({ code: 'dns-rdata-malformed', path, offset: at, message: `${typeName(type)} RDATA ${why}; kept raw` });
    return { kind: 'raw', data: bytes.slice(at, end) };
  };
  const len = end - at;
  try {
    switch (type) {
      case DNS_TYPES.A:
        return len === 4 ? { kind: 'A', address: [...bytes.subarray(at, end)].join('.') } : raw(`has ${len} octets, not 4`);
      case DNS_TYPES.AAAA:
        return len === 16 ? { kind: 'AAAA', address: ipv6Text(bytes.subarray(at, end)) } : raw(`has ${len} octets, not 16`);
      case DNS_TYPES.CNAME: case DNS_TYPES.PTR: case DNS_TYPES.NS: {
        const n = readName(bytes, at, end);
        if (n.next !== end) return raw('has octets after the name');
        return { kind: type === DNS_TYPES.CNAME ? 'CNAME' : type === DNS_TYPES.PTR ? 'PTR' : 'NS', target: n.name };
      }
      case DNS_TYPES.TXT: {
        const strings: Uint8Array[] = [];
        let p = at;
        while (p < end) {
          const n = bytes[p]!;
          if (p + 1 + n > end) return raw('character-string runs past RDLENGTH');
          strings.push(bytes.slice(p + 1, p + 1 + n));
          p += 1 + n;
        }
        return strings.length ? { kind: 'TXT', strings } : raw('is empty');
      }
      case DNS_TYPES.SRV: {
        if (len < 7) return raw(`has ${len} octets, fewer than 7`);
        const u16 = (o: number) => (bytes[at + o]! << 8) | bytes[at + o + 1]!;
        const n = readName(bytes, at + 6, end);
        if (n.next !== end) return raw('has octets after the target');
        return { kind: 'SRV', priority: u16(0), weight: u16(2), port: u16(4), target: n.name };
      }
      default:
        return { kind: 'raw', data: bytes.slice(at, end) };
    }
  } catch (e) {
    // A bad name inside RDATA does not stop framing: RDLENGTH already tells where the record ends.
    if (e instanceof DecodeError) return raw(`name: ${e.message}`);
    throw e;
  }
}
