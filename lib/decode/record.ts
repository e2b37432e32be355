/**
 * The record `provcert decode` emits per frame (docs/decode.md lists every field). Plain JSON
 * values only: numbers, strings (timestamps as decimal strings, so nanoseconds survive), arrays.
 */
import type { AppMessage, FrameRecord } from '../capture/frame.js';
import { formatEpochNs } from '../codec/pcap/timestamp.js';
import type { DhcpRecord } from './app-dhcp.js';
import type { TftpRecord, SipRecord, SyslogRecord } from './app-text.js';
import type { HttpRecord } from './app-http.js';

export type AppRecord = DhcpRecord | TftpRecord | SipRecord | SyslogRecord | HttpRecord;

export interface AppEntry {
  /** Every frame that carried bytes of this message; the last is this frame (Wireshark attribution). */
  readonly frames: readonly number[];
  readonly proto: string;
  readonly fields?: AppRecord;
  readonly error?: RecordError;
  readonly findings?: readonly { readonly code: string; readonly path: string; readonly offset: number; readonly message: string }[];
}

export interface RecordError {
  readonly code: string;
  readonly proto: string;
  readonly offset: number;
  readonly message: string;
}

export interface DecodeRecord {
  readonly frame: number;
  /** Epoch seconds with 9 decimals (ns), as tshark's frame.time_epoch. */
  readonly time: string;
  /** Seconds since the first frame, 9 decimals, as frame.time_relative. */
  readonly relative: string;
  readonly interface: number;
  readonly len: number;
  readonly caplen: number;
  readonly comment?: string;
  /** Layer names in order, like frame.protocols: eth, vlan, ip, udp, dhcp ... */
  readonly protocols: readonly string[];
  readonly link?: { readonly type: string; readonly src?: string; readonly dst?: string; readonly vlan?: readonly number[]; readonly etherType?: number };
  readonly ip?: { readonly version: 4 | 6; readonly src: string; readonly dst: string; readonly proto: number; readonly ttl?: number; readonly id?: number; readonly fragmentOffset?: number; readonly moreFragments?: boolean; readonly reassembledFrom?: readonly number[] };
  readonly udp?: { readonly srcPort: number; readonly dstPort: number; readonly length: number };
  readonly tcp?: { readonly srcPort: number; readonly dstPort: number; readonly seq: number; readonly ack: number; readonly flags: number; readonly payloadLength: number; readonly stream: number };
  readonly other?: string;
  /** Application messages completed in this frame (several for pipelined TCP). */
  readonly app: readonly AppEntry[];
  readonly error?: RecordError;
  readonly findings?: readonly { readonly layer: string; readonly code: string; readonly offset: number; readonly message: string }[];
}

function appEntry(m: AppMessage): AppEntry | undefined {
  const value = m.value as AppRecord | null | undefined;
  if (m.error) {
    // The heuristic dissector never decided on this stream: undecoded data, not an error.
    if (m.error.proto === 'heuristic') return undefined;
    return { frames: m.frames, proto: m.error.proto, error: { ...m.error }, ...(m.findings.length ? { findings: m.findings.map((f) => ({ code: f.code, path: f.path, offset: f.offset, message: f.message })) } : {}) };
  }
  if (value === null || value === undefined) return undefined;
  return {
    frames: m.frames, proto: value.proto, fields: value,
    ...(m.findings.length ? { findings: m.findings.map((f) => ({ code: f.code, path: f.path, offset: f.offset, message: f.message })) } : {}),
  };
}

function linkOf(f: FrameRecord): DecodeRecord['link'] {
  const l = f.layers.link;
  if (!l) return undefined;
  switch (l.kind) {
    case 'ethernet': return { type: 'ethernet', src: l.src, dst: l.dst, ...(l.vlans.length ? { vlan: l.vlans.map((v) => v.vid) } : {}), etherType: l.etherType };
    case 'sll': case 'sll2': return { type: l.kind, src: l.address, etherType: l.protocol };
    case 'raw': return { type: 'raw' };
    case 'null': return { type: 'null' };
  }
}

const LINK_NAMES: Record<string, string> = { ethernet: 'eth', sll: 'sll', sll2: 'sll2', raw: 'raw', null: 'null' };

export function toRecord(f: FrameRecord, firstTsNs: bigint): DecodeRecord {
  const app = f.messages.map(appEntry).filter((a): a is AppEntry => a !== undefined);
  const link = linkOf(f);
  const v4 = f.layers.ipv4;
  const v6 = f.layers.ipv6;
  const ip: DecodeRecord['ip'] = v4
    ? { version: 4, src: v4.src, dst: v4.dst, proto: v4.protocol, ttl: v4.ttl, id: v4.id, fragmentOffset: v4.fragmentOffset, moreFragments: v4.flags.moreFragments, ...(v4.reassembledFrom ? { reassembledFrom: v4.reassembledFrom } : {}) }
    : v6 ? { version: 6, src: v6.src, dst: v6.dst, proto: v6.nextHeader } : undefined;
  const protocols: string[] = [];
  if (link) protocols.push(LINK_NAMES[link.type]!);
  if (link?.vlan) protocols.push(...link.vlan.map(() => 'vlan'));
  if (ip) protocols.push(ip.version === 4 ? 'ip' : 'ipv6');
  if (f.layers.udp) protocols.push('udp');
  if (f.layers.tcp) protocols.push('tcp');
  for (const a of app) if (!protocols.includes(a.proto)) protocols.push(a.proto);
  if (app.some((a) => a.fields?.proto === 'http' && a.fields.cwmp)) protocols.push('cwmp');
  const u = f.layers.udp;
  const t = f.layers.tcp;
  return {
    frame: f.frame, time: formatEpochNs(f.tsNs), relative: formatEpochNs(f.tsNs - firstTsNs),
    interface: f.interface, len: f.origlen, caplen: f.caplen, ...(f.comment !== undefined ? { comment: f.comment } : {}),
    protocols, ...(link ? { link } : {}), ...(ip ? { ip } : {}),
    ...(u ? { udp: { srcPort: u.srcPort, dstPort: u.dstPort, length: u.length } } : {}),
    ...(t ? { tcp: { srcPort: t.srcPort, dstPort: t.dstPort, seq: t.seq, ack: t.ack, flags: t.flags, payloadLength: t.payloadLength, stream: t.streamId } } : {}),
    ...(f.layers.other ? { other: f.layers.other.note } : {}),
    app,
    ...(f.error ? { error: { ...f.error } } : {}),
    ...(f.findings.length ? { findings: f.findings.map((x) => ({ layer: x.layer, code: x.code, offset: x.offset, message: x.message })) } : {}),
  };
}
