/**
 * Turns in-order TCP bytes into application messages for a dissector: with `frameLength` the
 * stream is cut into PDUs (a PDU may span segments and belongs to the frame that completes it,
 * like Wireshark's tcp_dissect_pdus); without it each in-order run is one message.
 */
import { isProvcertError } from '../errors.js';
import type { Dissector, DissectorContext, DissectorRegistry } from './dissectors.js';
import type { AppMessage, FrameError } from './frame.js';
import type { StreamDelivery } from './tcp-reassembly.js';

export const MAX_PENDING_MESSAGE_BYTES = 1024 * 1024;

interface Piece { data: Uint8Array; frame: number }

interface Assembly {
  readonly ctx: DissectorContext;
  readonly dissector: Dissector | undefined;
  pieces: Piece[];
  length: number;
}

function toError(e: unknown, proto: string): FrameError {
  if (isProvcertError(e)) return { code: e.code, proto: e.proto ?? proto, offset: e.offset ?? 0, message: e.message };
  return { code: 'PC_ERR_INTERNAL', proto, offset: 0, message: e instanceof Error ? e.message : String(e) };
}

/** Runs a dissector on one message, catching what it throws. */
export function dissect(d: Dissector | undefined, bytes: Uint8Array, ctx: DissectorContext, frames: readonly number[], extra: Partial<AppMessage> = {}): AppMessage {
  const base = { proto: ctx.proto, src: ctx.src, dst: ctx.dst, srcPort: ctx.srcPort, dstPort: ctx.dstPort, frames, bytes, ...extra };
  if (!d) return { ...base, findings: [] };
  try {
    const r = d.decode(bytes, ctx);
    return { ...base, dissector: d.name, value: r.value, findings: r.findings ?? [] };
  } catch (e) {
    return { ...base, dissector: d.name, findings: [], error: toError(e, d.name) };
  }
}

function concat(pieces: readonly Piece[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!.data;
  const out = new Uint8Array(length);
  let i = 0;
  for (const p of pieces) { out.set(p.data, i); i += p.data.length; }
  return out;
}

function uniqueFrames(pieces: readonly Piece[]): number[] {
  const out: number[] = [];
  for (const p of pieces) if (out[out.length - 1] !== p.frame) out.push(p.frame);
  return out;
}

export class TcpMessageAssembler {
  private readonly assemblies = new Map<string, Assembly>();

  constructor(private readonly registry: DissectorRegistry) {}

  deliver(d: StreamDelivery): AppMessage[] {
    const key = `${d.streamId}/${d.direction}`;
    let a = this.assemblies.get(key);
    if (!a) {
      const ctx: DissectorContext = { proto: 'tcp', src: d.src.addr, dst: d.dst.addr, srcPort: d.src.port, dstPort: d.dst.port };
      a = { ctx, dissector: this.registry.find(ctx), pieces: [], length: 0 };
      this.assemblies.set(key, a);
    }
    const extra = { streamId: d.streamId, direction: d.direction };
    if (!a.dissector?.frameLength) return [dissect(a.dissector, d.data, a.ctx, [d.frame], extra)];
    a.pieces.push({ data: d.data, frame: d.frame });
    a.length += d.data.length;
    const out: AppMessage[] = [];
    for (let guard = 0; a.length > 0 && guard < 100_000; guard++) {
      const buf = concat(a.pieces, a.length);
      let n: number;
      try {
        n = a.dissector.frameLength(buf, a.ctx);
      } catch (e) {
        out.push({ ...dissect(undefined, buf, a.ctx, uniqueFrames(a.pieces), extra), dissector: a.dissector.name, error: toError(e, a.dissector.name) });
        a.pieces = [];
        a.length = 0;
        break;
      }
      if (!(n > 0) || n > a.length) {
        if (a.length > MAX_PENDING_MESSAGE_BYTES) {
          out.push({ ...dissect(undefined, buf, a.ctx, uniqueFrames(a.pieces), extra), dissector: a.dissector.name, error: { code: 'PC_ERR_DECODE_LIMIT', proto: a.dissector.name, offset: 0, message: `no complete message within ${MAX_PENDING_MESSAGE_BYTES} octets` } });
          a.pieces = [];
          a.length = 0;
        }
        break;
      }
      const used = this.take(a, n);
      out.push(dissect(a.dissector, buf.subarray(0, n), a.ctx, used, extra));
    }
    return out;
  }

  /** The direction ended (FIN/RST): bytes left over form an incomplete message. */
  close(streamId: number, direction: 0 | 1, why: 'fin' | 'rst'): AppMessage[] {
    const key = `${streamId}/${direction}`;
    const a = this.assemblies.get(key);
    this.assemblies.delete(key);
    if (!a || a.length === 0 || !a.dissector) return [];
    const buf = concat(a.pieces, a.length);
    return [{ ...dissect(undefined, buf, a.ctx, uniqueFrames(a.pieces), { streamId, direction }), dissector: a.dissector.name, error: { code: 'PC_ERR_DECODE_TRUNCATED', proto: a.dissector.name, offset: buf.length, message: `stream ${why === 'fin' ? 'closed (FIN)' : 'reset (RST)'} inside a message: ${buf.length} octets left` } }];
  }

  /** Removes `n` bytes from the front; returns the frames that carried them. */
  private take(a: Assembly, n: number): number[] {
    const used: Piece[] = [];
    let left = n;
    while (left > 0) {
      const p = a.pieces[0]!;
      if (p.data.length <= left) {
        used.push(p);
        a.pieces.shift();
        left -= p.data.length;
      } else {
        used.push({ data: p.data.subarray(0, left), frame: p.frame });
        a.pieces[0] = { data: p.data.subarray(left), frame: p.frame };
        left = 0;
      }
    }
    a.length -= n;
    return uniqueFrames(used);
  }
}
