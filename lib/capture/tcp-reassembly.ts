/**
 * TCP stream reassembly per connection and direction (RFC 9293 §3.4 sequence numbers, §3.10.7.4
 * segment arrival). Bytes are delivered in order; retransmitted bytes are dropped (with a finding),
 * out-of-order segments are buffered within bounds, SYN sets the initial sequence number, FIN ends
 * a direction once every byte before it has arrived, RST ends the connection.
 * Sequence arithmetic is modulo 2^32 (signed 32-bit differences), so wrap-around is handled.
 */
import type { CodecFinding } from '../codec/types.js';
import { TCP_FLAG, type TcpSegment } from '../codec/tcp/tcp.js';

export interface TcpReassemblyOptions {
  /** Out-of-order bytes held per direction before segments are dropped. */
  readonly maxBufferedBytes?: number;
  readonly maxBufferedSegments?: number;
  /** Connections tracked at once; the least recently used is forgotten beyond this. */
  readonly maxStreams?: number;
}

export interface StreamEndpoint { readonly addr: string; readonly port: number }

/** A run of in-order bytes, all from one segment (one frame). */
export interface StreamDelivery {
  readonly streamId: number;
  /** 0 = from the endpoint that was seen first (normally the client), 1 = the other way. */
  readonly direction: 0 | 1;
  readonly src: StreamEndpoint;
  readonly dst: StreamEndpoint;
  readonly data: Uint8Array;
  readonly frame: number;
}

export interface StreamEvent {
  readonly streamId: number;
  readonly direction: 0 | 1;
  readonly src: StreamEndpoint;
  readonly dst: StreamEndpoint;
  readonly kind: 'fin' | 'rst';
}

export interface SegmentResult {
  readonly streamId: number;
  readonly direction: 0 | 1;
  readonly deliveries: readonly StreamDelivery[];
  readonly events: readonly StreamEvent[];
  readonly findings: readonly CodecFinding[];
}

interface Buffered { seq: number; data: Uint8Array; frame: number }

interface Direction {
  nextSeq?: number;
  buffer: Buffered[];
  bufferedBytes: number;
  finSeq?: number;
  finished: boolean;
}

interface Stream {
  readonly id: number;
  readonly ends: readonly [StreamEndpoint, StreamEndpoint];
  readonly dirs: [Direction, Direction];
}

const diff = (a: number, b: number): number => (a - b) | 0; // signed distance a - b mod 2^32
const add = (a: number, n: number): number => (a + n) >>> 0;

export class TcpReassembler {
  private readonly streams = new Map<string, Stream>();
  private nextId = 0;
  private readonly maxBytes: number;
  private readonly maxSegments: number;
  private readonly maxStreams: number;

  constructor(opts: TcpReassemblyOptions = {}) {
    this.maxBytes = opts.maxBufferedBytes ?? 1024 * 1024;
    this.maxSegments = opts.maxBufferedSegments ?? 1024;
    this.maxStreams = opts.maxStreams ?? 4096;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Feeds one segment. `headerOffset` is the frame offset of the TCP header (for findings). */
  segment(src: StreamEndpoint, dst: StreamEndpoint, seg: TcpSegment, frame: number, headerOffset = 0): SegmentResult {
    const findings: CodecFinding[] = [];
    const { stream, direction } = this.lookup(src, dst, findings, headerOffset);
    const dir = stream.dirs[direction];
    const deliveries: StreamDelivery[] = [];
    const events: StreamEvent[] = [];
    const base = { streamId: stream.id, direction, src, dst };
    const syn = (seg.flags & TCP_FLAG.SYN) !== 0;
    if (syn) {
      if (dir.nextSeq !== undefined && diff(add(seg.seq, 1), dir.nextSeq) !== 0 && (dir.buffer.length > 0 || dir.finished)) {
        findings.push({ code: 'tcp-syn-restart', path: 'seq', offset: headerOffset + 4, message: 'SYN with a new sequence number on a known connection: state reset' });
        stream.dirs[direction] = { buffer: [], bufferedBytes: 0, finished: false };
        return this.segment(src, dst, seg, frame, headerOffset);
      }
      if (dir.nextSeq === undefined) dir.nextSeq = add(seg.seq, 1);
    }
    const dataSeq = syn ? add(seg.seq, 1) : seg.seq;
    // A capture that starts mid-connection: the first segment seen fixes the origin.
    if (dir.nextSeq === undefined) dir.nextSeq = dataSeq;
    if ((seg.flags & TCP_FLAG.FIN) !== 0) dir.finSeq = add(dataSeq, seg.payload.length);
    if (seg.payload.length > 0) this.accept(dir, dataSeq, seg.payload, frame, headerOffset, findings, deliveries, base);
    if ((seg.flags & TCP_FLAG.RST) !== 0) {
      events.push({ ...base, kind: 'rst' });
      this.streams.delete(this.keyOf(stream.ends[0], stream.ends[1]));
      return { streamId: stream.id, direction, deliveries, events, findings };
    }
    if (dir.finSeq !== undefined && !dir.finished && diff(dir.nextSeq, dir.finSeq) >= 0) {
      dir.finished = true;
      if (dir.buffer.length) findings.push({ code: 'tcp-data-after-fin', path: 'payload', offset: headerOffset, message: `${dir.bufferedBytes} buffered octets lie beyond the FIN` });
      dir.buffer = [];
      dir.bufferedBytes = 0;
      events.push({ ...base, kind: 'fin' });
      if (stream.dirs[0].finished && stream.dirs[1].finished) this.streams.delete(this.keyOf(stream.ends[0], stream.ends[1]));
    }
    return { streamId: stream.id, direction, deliveries, events, findings };
  }

  /** End of capture: reports gaps that never filled, per direction with buffered data. */
  finish(): CodecFinding[] {
    const out: CodecFinding[] = [];
    for (const s of this.streams.values()) {
      s.dirs.forEach((d, i) => {
        if (d.buffer.length) out.push({ code: 'tcp-missing-segment', path: `stream ${s.id}/${i}`, offset: 0, message: `${d.bufferedBytes} octets in ${d.buffer.length} segments wait behind a gap that never filled` });
      });
    }
    return out;
  }

  private accept(dir: Direction, seq: number, payload: Uint8Array, frame: number, off: number, findings: CodecFinding[], out: StreamDelivery[], base: Omit<StreamDelivery, 'data' | 'frame'>): void {
    const next = dir.nextSeq!;
    const rel = diff(seq, next);
    if (rel + payload.length <= 0) {
      findings.push({ code: 'tcp-retransmission', path: 'seq', offset: off + 4, message: `all ${payload.length} octets were already delivered` });
      return;
    }
    if (rel < 0) {
      findings.push({ code: 'tcp-partial-retransmission', path: 'seq', offset: off + 4, message: `${-rel} of ${payload.length} octets were already delivered` });
      this.accept(dir, next, payload.subarray(-rel), frame, off, findings, out, base);
      return;
    }
    if (rel > 0) {
      this.bufferSegment(dir, seq, payload, frame, off, findings);
      return;
    }
    out.push({ ...base, data: payload, frame });
    dir.nextSeq = add(next, payload.length);
    this.drain(dir, out, base);
  }

  private bufferSegment(dir: Direction, seq: number, payload: Uint8Array, frame: number, off: number, findings: CodecFinding[]): void {
    const next = dir.nextSeq!;
    const start = diff(seq, next);
    for (const b of dir.buffer) {
      const bStart = diff(b.seq, next);
      const lo = Math.max(start, bStart);
      const hi = Math.min(start + payload.length, bStart + b.data.length);
      if (lo < hi) {
        let same = true;
        for (let i = lo; i < hi; i++) if (payload[i - start] !== b.data[i - bStart]) { same = false; break; }
        findings.push(same
          ? { code: 'tcp-retransmission', path: 'seq', offset: off + 4, message: `octets already buffered from frame ${b.frame} arrive again` }
          : { code: 'tcp-overlap-mismatch', path: 'payload', offset: off, message: `overlaps frame ${b.frame} with different data (the first copy is kept)` });
        if (lo === start && hi === start + payload.length) return; // nothing new
      }
    }
    if (dir.bufferedBytes + payload.length > this.maxBytes || dir.buffer.length >= this.maxSegments) {
      findings.push({ code: 'tcp-buffer-overflow', path: 'payload', offset: off, message: `out-of-order buffer full (${dir.bufferedBytes} octets, ${dir.buffer.length} segments): segment dropped` });
      return;
    }
    dir.buffer.push({ seq, data: payload.slice(), frame });
    dir.bufferedBytes += payload.length;
    findings.push({ code: 'tcp-out-of-order', path: 'seq', offset: off + 4, message: `segment starts ${start} octets beyond the next expected one; buffered` });
  }

  private drain(dir: Direction, out: StreamDelivery[], base: Omit<StreamDelivery, 'data' | 'frame'>): void {
    for (;;) {
      // Earliest buffered segment first; first-received wins on equal start.
      let best = -1;
      for (let i = 0; i < dir.buffer.length; i++) {
        if (best < 0 || diff(dir.buffer[i]!.seq, dir.buffer[best]!.seq) < 0) best = i;
      }
      if (best < 0) return;
      const b = dir.buffer[best]!;
      const rel = diff(b.seq, dir.nextSeq!);
      if (rel > 0) return;
      dir.buffer.splice(best, 1);
      dir.bufferedBytes -= b.data.length;
      if (rel + b.data.length <= 0) continue;
      const data = b.data.subarray(-rel);
      out.push({ ...base, data, frame: b.frame });
      dir.nextSeq = add(dir.nextSeq!, data.length);
    }
  }

  private keyOf(a: StreamEndpoint, b: StreamEndpoint): string {
    const ka = `${a.addr}|${a.port}`;
    const kb = `${b.addr}|${b.port}`;
    return ka < kb ? `${ka}-${kb}` : `${kb}-${ka}`;
  }

  private lookup(src: StreamEndpoint, dst: StreamEndpoint, findings: CodecFinding[], off: number): { stream: Stream; direction: 0 | 1 } {
    const key = this.keyOf(src, dst);
    let stream = this.streams.get(key);
    if (stream) {
      // Refresh LRU position.
      this.streams.delete(key);
      this.streams.set(key, stream);
    } else {
      if (this.streams.size >= this.maxStreams) {
        const [oldKey, old] = this.streams.entries().next().value as [string, Stream];
        this.streams.delete(oldKey);
        findings.push({ code: 'tcp-stream-evicted', path: 'stream', offset: off, message: `stream ${old.id} forgotten: more than ${this.maxStreams} connections open` });
      }
      const dir = (): Direction => ({ buffer: [], bufferedBytes: 0, finished: false });
      stream = { id: this.nextId++, ends: [src, dst], dirs: [dir(), dir()] };
      this.streams.set(key, stream);
    }
    const direction: 0 | 1 = stream.ends[0].addr === src.addr && stream.ends[0].port === src.port ? 0 : 1;
    return { stream, direction };
  }
}
