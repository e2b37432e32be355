/**
 * The frame pipeline: packet records (pcap or pcapng) in, frame records out. It numbers frames
 * as Wireshark does, decodes link/IP/UDP/TCP, defragments IPv4, reassembles TCP and hands
 * datagrams and stream messages to the dissector registry. Pure: no files, no clocks.
 */
import { isProvcertError } from '../errors.js';
import type { CodecFinding } from '../codec/types.js';
import { ipv4, isFragment, IP_PROTOCOL, type Ipv4Packet } from '../codec/ipv4/ipv4.js';
import { ipv6 } from '../codec/ipv4/ipv6.js';
import { parseIpv4 } from '../codec/ipv4/address.js';
import type { PseudoHeader } from '../codec/ipv4/checksum.js';
import { udp } from '../codec/udp/udp.js';
import { tcp } from '../codec/tcp/tcp.js';
import type { CapturePacket } from '../codec/pcap/records.js';
import { decodeLink } from './link-layer.js';
import { Ipv4Defragmenter, type DefragOptions } from './ipv4-defrag.js';
import { TcpReassembler, type TcpReassemblyOptions } from './tcp-reassembly.js';
import { TcpMessageAssembler, dissect } from './tcp-messages.js';
import { defaultDissectors, type DissectorRegistry } from './dissectors.js';
import type { AppMessage, FrameError, FrameFinding, FrameLayers, FrameRecord } from './frame.js';

export interface PipelineOptions {
  readonly dissectors?: DissectorRegistry;
  readonly defrag?: DefragOptions;
  readonly tcp?: TcpReassemblyOptions;
}

interface Work {
  layers: FrameLayers;
  findings: FrameFinding[];
  messages: AppMessage[];
  payload?: Uint8Array;
  error?: FrameError;
}

function located(layer: string, fs: readonly CodecFinding[], shift = 0): FrameFinding[] {
  return fs.map((f) => ({ ...f, layer, offset: f.offset + shift }));
}

function errorOf(e: unknown, proto: string): FrameError {
  if (isProvcertError(e)) return { code: e.code, proto: e.proto ?? proto, offset: e.offset ?? 0, message: e.message };
  return { code: 'PC_ERR_INTERNAL', proto, offset: 0, message: e instanceof Error ? e.message : String(e) };
}

export class FramePipeline {
  private frameNo = 0;
  private readonly defrag: Ipv4Defragmenter;
  private readonly tcp: TcpReassembler;
  private readonly registry: DissectorRegistry;
  private readonly assembler: TcpMessageAssembler;

  constructor(opts: PipelineOptions = {}) {
    this.registry = opts.dissectors ?? defaultDissectors;
    this.defrag = new Ipv4Defragmenter(opts.defrag);
    this.tcp = new TcpReassembler(opts.tcp);
    this.assembler = new TcpMessageAssembler(this.registry);
  }

  /** Decodes one packet record into the next frame. Never throws for bad input. */
  process(pkt: CapturePacket & { readonly section?: number }): FrameRecord {
    const frame = ++this.frameNo;
    const w: Work = { layers: {}, findings: located('capture', pkt.findings), messages: [] };
    const data = pkt.data;
    let proto = 'link';
    try {
      const link = decodeLink(pkt.linkType, data);
      w.layers.link = link.link;
      w.findings.push(...located(link.link.kind, link.findings));
      const partial = pkt.snaplenCut;
      if (link.network === 'ipv4') {
        proto = 'ipv4';
        const d = ipv4.decode(data, link.networkOffset, { partial });
        const ip = d.value;
        w.findings.push(...located('ipv4', d.findings));
        const { payload, ...hdr } = ip;
        w.layers.ipv4 = { ...hdr, payloadLength: payload.length };
        const ipEnd = link.networkOffset + d.bytesRead;
        const cut = d.findings.some((f) => f.code === 'ipv4-payload-cut');
        if (isFragment(ip) && cut) {
          // A fragment cut by the snaplen cannot be reassembled; like Wireshark, still show the
          // transport header of a first fragment.
          w.findings.push({ code: 'ipv4-fragment-not-reassembled', layer: 'ipv4', path: 'payload', offset: ipEnd, message: 'fragment cut by the snaplen: left out of reassembly' });
          if (ip.fragmentOffset === 0) proto = this.transport(w, ip, data.subarray(0, ipEnd), ipEnd - payload.length, true, frame, [frame], pseudoOf(ip), false);
        } else if (isFragment(ip)) {
          const r = this.defrag.add(ip, frame, pkt.tsNs, link.networkOffset);
          w.findings.push(...located('ipv4', r.findings));
          if (r.state === 'complete') {
            w.layers.ipv4 = { ...w.layers.ipv4, reassembledFrom: r.frames };
            // Reassembled transport offsets count from the start of the reassembled payload.
            proto = this.transport(w, r.header, r.payload, 0, false, frame, r.frames, pseudoOf(ip), false);
          }
        } else {
          proto = this.transport(w, ip, data.subarray(0, ipEnd), ipEnd - payload.length, cut, frame, [frame], pseudoOf(ip), false);
        }
      } else if (link.network === 'ipv6') {
        proto = 'ipv6';
        const d = ipv6.decode(data, link.networkOffset, { partial });
        w.findings.push(...located('ipv6', d.findings));
        const { payload, srcBytes, dstBytes, ...hdr } = d.value;
        w.layers.ipv6 = { ...hdr, payloadLength: payload.length };
        const ipEnd = link.networkOffset + d.bytesRead;
        if (hdr.nextHeader === IP_PROTOCOL.UDP || hdr.nextHeader === IP_PROTOCOL.TCP) {
          const fake = { protocol: hdr.nextHeader, src: hdr.src, dst: hdr.dst };
          proto = this.transport(w, fake, data.subarray(0, ipEnd), ipEnd - payload.length, d.findings.length > 0, frame, [frame], { src: srcBytes, dst: dstBytes }, true);
        } else {
          w.layers.other = { type: hdr.nextHeader, note: `ipv6 next header ${hdr.nextHeader} (not decoded)` };
        }
      } else {
        w.layers.other = { type: link.networkType, note: `ethertype 0x${link.networkType.toString(16).padStart(4, '0')} (not decoded)` };
      }
    } catch (e) {
      w.error = errorOf(e, proto);
    }
    return {
      frame, tsNs: pkt.tsNs, interface: pkt.interfaceId, ...(pkt.section !== undefined ? { section: pkt.section } : {}),
      linkType: pkt.linkType, caplen: pkt.caplen, origlen: pkt.origlen,
      ...(pkt.comments.length ? { comment: pkt.comments.join('\n') } : {}), comments: pkt.comments,
      layers: w.layers, ...(w.payload ? { payload: w.payload } : {}), messages: w.messages, findings: w.findings,
      ...(w.error ? { error: w.error } : {}),
    };
  }

  /** End of input: findings about state that never completed (TCP gaps). */
  finish(): FrameFinding[] {
    return located('tcp', this.tcp.finish());
  }

  /** Decodes UDP/TCP at `offset` of `buf` (buf ends where the IP payload ends). Returns the proto name for errors. */
  private transport(w: Work, ip: Pick<Ipv4Packet, 'protocol' | 'src' | 'dst'>, buf: Uint8Array, offset: number, cut: boolean, frame: number, frames: readonly number[], pseudo: PseudoHeader, v6: boolean): string {
    if (ip.protocol === IP_PROTOCOL.UDP) {
      const d = udp.decode(buf, offset, { pseudo, partial: cut, ipv6: v6 });
      w.findings.push(...located('udp', d.findings));
      const { payload, ...hdr } = d.value;
      w.layers.udp = { ...hdr, length: d.bytesRead };
      w.payload = payload;
      if (!cut) {
        const ctx = { proto: 'udp' as const, src: ip.src, dst: ip.dst, srcPort: hdr.srcPort, dstPort: hdr.dstPort };
        w.messages.push(dissect(this.registry.find(ctx), payload, ctx, frames));
      }
      return 'udp';
    }
    if (ip.protocol === IP_PROTOCOL.TCP) {
      const d = tcp.decode(buf, offset, { pseudo, partial: cut });
      w.findings.push(...located('tcp', d.findings));
      const { payload, ...hdr } = d.value;
      w.payload = payload;
      if (cut) {
        w.layers.tcp = { ...hdr, payloadLength: payload.length, streamId: -1 };
        w.findings.push({ code: 'tcp-not-reassembled', layer: 'tcp', path: 'payload', offset, message: 'segment cut by the snaplen: left out of stream reassembly' });
        return 'tcp';
      }
      const r = this.tcp.segment({ addr: ip.src, port: hdr.srcPort }, { addr: ip.dst, port: hdr.dstPort }, d.value, frame, offset);
      w.layers.tcp = { ...hdr, payloadLength: payload.length, streamId: r.streamId };
      w.findings.push(...located('tcp', r.findings));
      for (const del of r.deliveries) w.messages.push(...this.assembler.deliver(del));
      for (const ev of r.events) {
        w.messages.push(...this.assembler.close(ev.streamId, ev.direction, ev.kind));
        if (ev.kind === 'rst') w.messages.push(...this.assembler.close(ev.streamId, ev.direction === 0 ? 1 : 0, 'rst'));
      }
      return 'tcp';
    }
    w.layers.other = { type: ip.protocol, note: `ip protocol ${ip.protocol} (not decoded)` };
    return 'ipv4';
  }
}

function pseudoOf(ip: Ipv4Packet): PseudoHeader {
  return { src: parseIpv4(ip.src), dst: parseIpv4(ip.dst) };
}
