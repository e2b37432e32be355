/**
 * IPv4 reassembly (RFC 791 §3.2 "fragmentation and reassembly", hole bookkeeping after RFC 815).
 * Fragments are grouped by (src, dst, protocol, id). Memory is bounded (datagrams in progress and
 * buffered bytes) and an unfinished datagram times out after `timeoutNs` of capture time (Linux
 * ipfrag_time is 30 s). Overlapping fragments are reported; the first copy of a byte wins.
 * The reassembled datagram belongs to the frame that completes it, as in Wireshark.
 */
import type { CodecFinding } from '../codec/types.js';
import type { Ipv4Packet } from '../codec/ipv4/ipv4.js';

export interface DefragOptions {
  readonly maxDatagrams?: number;
  readonly maxBufferedBytes?: number;
  readonly timeoutNs?: bigint;
}

interface Piece { readonly start: number; readonly end: number; readonly data: Uint8Array }

interface Pending {
  readonly first: { header?: Ipv4Packet };
  pieces: Piece[];
  /** Known once the fragment with MF = 0 arrived. */
  totalLength?: number;
  frames: number[];
  bytes: number;
  lastNs: bigint;
}

export type DefragResult =
  | { readonly state: 'complete'; readonly header: Ipv4Packet; readonly payload: Uint8Array; readonly frames: readonly number[]; readonly findings: readonly CodecFinding[] }
  | { readonly state: 'pending'; readonly findings: readonly CodecFinding[] }
  | { readonly state: 'dropped'; readonly findings: readonly CodecFinding[] };

const MAX_DATAGRAM = 65535;

export class Ipv4Defragmenter {
  private readonly pending = new Map<string, Pending>();
  private buffered = 0;
  private readonly maxDatagrams: number;
  private readonly maxBytes: number;
  private readonly timeoutNs: bigint;

  constructor(opts: DefragOptions = {}) {
    this.maxDatagrams = opts.maxDatagrams ?? 256;
    this.maxBytes = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.timeoutNs = opts.timeoutNs ?? 30_000_000_000n;
  }

  get inProgress(): number {
    return this.pending.size;
  }

  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Adds one fragment (a packet with MF set or a non-zero offset). */
  add(p: Ipv4Packet, frame: number, tsNs: bigint, headerOffset: number): DefragResult {
    const findings: CodecFinding[] = [];
    this.expire(tsNs, findings, headerOffset);
    const key = `${p.src}>${p.dst}/${p.protocol}#${p.id}`;
    const start = p.fragmentOffset * 8;
    const end = start + p.payload.length;
    if (end + 20 + p.options.length > MAX_DATAGRAM) {
      findings.push({ code: 'ipv4-fragment-too-large', path: 'fragmentOffset', offset: headerOffset + 6, message: `fragment ends at ${end}, beyond the 65535-octet datagram limit` });
      return { state: 'dropped', findings };
    }
    if (p.flags.moreFragments && p.payload.length % 8 !== 0) {
      findings.push({ code: 'ipv4-fragment-misaligned', path: 'payload', offset: headerOffset, message: `non-last fragment carries ${p.payload.length} octets, not a multiple of 8 (RFC 791)` });
    }
    let entry = this.pending.get(key);
    if (!entry) {
      while (this.pending.size >= this.maxDatagrams || (this.pending.size > 0 && this.buffered + p.payload.length > this.maxBytes)) {
        const [oldKey, old] = this.pending.entries().next().value as [string, Pending];
        this.drop(oldKey, old);
        findings.push({ code: 'ipv4-reassembly-evicted', path: 'fragment', offset: headerOffset, message: `dropped unfinished datagram ${oldKey} (frames ${old.frames.join(',')}) to stay within bounds` });
      }
      entry = { first: {}, pieces: [], frames: [], bytes: 0, lastNs: tsNs };
      this.pending.set(key, entry);
    }
    entry.lastNs = tsNs;
    entry.frames.push(frame);
    if (start === 0) entry.first.header ??= p;
    if (!p.flags.moreFragments) {
      if (entry.totalLength !== undefined && entry.totalLength !== end) {
        findings.push({ code: 'ipv4-fragment-overlap', path: 'fragmentOffset', offset: headerOffset + 6, message: `a second last fragment says the datagram ends at ${end}, not ${entry.totalLength}` });
      } else entry.totalLength = end;
    }
    // Overlaps: report, and keep the bytes already held (first copy wins).
    for (const q of entry.pieces) {
      const lo = Math.max(q.start, start);
      const hi = Math.min(q.end, end);
      if (lo < hi) {
        let same = true;
        for (let i = lo; i < hi; i++) if (q.data[i - q.start] !== p.payload[i - start]) { same = false; break; }
        findings.push({ code: 'ipv4-fragment-overlap', path: 'fragmentOffset', offset: headerOffset + 6, message: `octets ${lo}-${hi - 1} of datagram id ${p.id} were already received${same ? ' (same data)' : ' with different data'}` });
      }
    }
    if (p.payload.length > 0) {
      entry.pieces.push({ start, end, data: p.payload.slice() });
      entry.bytes += p.payload.length;
      this.buffered += p.payload.length;
    }
    const total = entry.totalLength;
    const header = entry.first.header;
    if (total === undefined || !header || !covers(entry.pieces, total)) return { state: 'pending', findings };
    const payload = new Uint8Array(total);
    // Write later pieces first so that earlier (first-received) copies win on overlap.
    for (let i = entry.pieces.length - 1; i >= 0; i--) {
      const q = entry.pieces[i]!;
      payload.set(q.data.subarray(0, Math.max(0, Math.min(q.end, total) - q.start)), q.start);
    }
    this.drop(key, entry);
    return { state: 'complete', header, payload, frames: entry.frames, findings };
  }

  private drop(key: string, e: Pending): void {
    this.pending.delete(key);
    this.buffered -= e.bytes;
  }

  private expire(nowNs: bigint, findings: CodecFinding[], offset: number): void {
    for (const [key, e] of this.pending) {
      if (nowNs - e.lastNs > this.timeoutNs) {
        this.drop(key, e);
        findings.push({ code: 'ipv4-reassembly-timeout', path: 'fragment', offset, message: `datagram ${key} (frames ${e.frames.join(',')}) not completed within ${Number(this.timeoutNs / 1_000_000n)} ms` });
      }
    }
  }
}

function covers(pieces: readonly Piece[], total: number): boolean {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  let reached = 0;
  for (const p of sorted) {
    if (p.start > reached) return false;
    reached = Math.max(reached, p.end);
  }
  return reached >= total;
}
