/**
 * Without root no capture is possible, so the emulator records what its sockets sent and received
 * (issue 5 part 2): each packet event becomes a synthesised Ethernet/IPv4/UDP frame, or TCP
 * segments with plausible sequence numbers (handshake, data, FIN; one stream per connection), in
 * a pcapng whose section says it is socket-level (SHB comment and shb_userappl), each packet with
 * an EPB comment naming the phone and direction. MAC addresses are synthetic; for HTTPS the
 * recorded bytes are the TLS records as sent and received.
 */
import { CaptureFileWriter } from '../capture/write-file.js';
import { LINKTYPE } from '../codec/pcap/codes.js';
import { TCP_FLAG } from '../codec/tcp/tcp.js';
import { buildTcpFrame, buildUdpFrame } from '../emulator/net/frames.js';
import { macWithColons } from '../emulator/net/mac.js';
import type { PacketEvent, PacketTap, StreamEvent } from '../emulator/net/packet-events.js';

export const SOCKET_LEVEL_USERAPPL = 'provcert socket-level recorder';
export const SOCKET_LEVEL_COMMENT = 'socket-level recording: frames synthesised from what provcert\'s sockets sent and received (no capture privilege); link-layer addresses and TCP sequence numbers are not from the wire';

/** MAC used for the non-phone side (the server, or a phone whose MAC is unknown). */
const PEER_MAC = '02:00:5e:00:00:01';
const UNKNOWN_PHONE_MAC = '02:00:5e:00:00:02';
/** Segment payload bound, so that frames look like what a real stack sends (MSS-like). */
const MAX_SEGMENT = 16_000;

interface Stream { localSeq: number; remoteSeq: number }

export interface SocketRecorderOptions {
  /** Text added to the SHB comment (e.g. the test id). */
  readonly note?: string;
}

export class SocketRecorder {
  private readonly writer: CaptureFileWriter;
  private chain: Promise<void> = Promise.resolve();
  private readonly streams = new Map<number, Stream>();
  private ipId = 1;
  private unsubscribe: (() => void) | undefined;
  private failure: unknown;
  /** Frames written so far (the frame number of the next one is frames + 1, as Wireshark counts). */
  frames = 0;

  constructor(readonly path: string, o: SocketRecorderOptions = {}) {
    this.writer = new CaptureFileWriter(path, {
      format: 'pcapng',
      section: { userAppl: SOCKET_LEVEL_USERAPPL, comment: o.note ? `${SOCKET_LEVEL_COMMENT}; ${o.note}` : SOCKET_LEVEL_COMMENT },
      interfaces: [{ linkType: LINKTYPE.ETHERNET, name: 'provcert-sockets', description: 'synthesised from socket events' }],
    });
  }

  /** Records every event of `tap` until close(). */
  attach(tap: PacketTap): this {
    this.unsubscribe = tap.on((e) => this.record(e));
    return this;
  }

  record(e: PacketEvent): void {
    const frames = e.kind === 'udp' ? [this.udpFrame(e)] : this.tcpFrames(e);
    const comment = `phone=${e.phone ?? '-'} dir=${e.dir === 'tx' ? 'phone->server' : 'server->phone'} proto=${e.proto}`;
    for (const data of frames) {
      this.frames++;
      this.chain = this.chain.then(() => this.writer.write({ ts: e.ts, data, comments: [comment] })).catch((err: unknown) => { this.failure ??= err; });
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.chain;
    await this.writer.close();
    if (this.failure) throw this.failure;
  }

  private phoneMac(e: PacketEvent): string {
    return e.phone && /^[0-9a-f]{12}$/.test(e.phone) ? macWithColons(e.phone) : UNKNOWN_PHONE_MAC;
  }

  private udpFrame(e: Extract<PacketEvent, { kind: 'udp' }>): Uint8Array {
    const phone = this.phoneMac(e);
    const tx = e.dir === 'tx';
    return buildUdpFrame({
      srcMac: tx ? phone : PEER_MAC, dstMac: tx ? (e.remote.address === '255.255.255.255' ? 'ff:ff:ff:ff:ff:ff' : PEER_MAC) : phone,
      src: tx ? e.local : e.remote, dst: tx ? e.remote : e.local, payload: e.bytes, ipId: this.ipId++ & 0xffff,
    });
  }

  private tcpFrames(e: StreamEvent): Uint8Array[] {
    const phone = this.phoneMac(e);
    const seg = (fromPhone: boolean, flags: number, payload: Uint8Array, s: Stream) => buildTcpFrame({
      srcMac: fromPhone ? phone : PEER_MAC, dstMac: fromPhone ? PEER_MAC : phone,
      src: fromPhone ? e.local : e.remote, dst: fromPhone ? e.remote : e.local,
      seq: fromPhone ? s.localSeq : s.remoteSeq, ack: fromPhone ? s.remoteSeq : s.localSeq, flags, payload, ipId: this.ipId++ & 0xffff,
    });
    const out: Uint8Array[] = [];
    let s = this.streams.get(e.connId);
    if (e.phase === 'open' || !s) {
      // Deterministic initial sequence numbers per connection (RFC 9293 section 3.4: any ISN is valid).
      s = { localSeq: (e.connId * 0x01000193) >>> 0, remoteSeq: (e.connId * 0x9e3779b1) >>> 0 };
      this.streams.set(e.connId, s);
      out.push(seg(true, TCP_FLAG.SYN, new Uint8Array(0), s));
      s.localSeq = (s.localSeq + 1) >>> 0;
      out.push(seg(false, TCP_FLAG.SYN | TCP_FLAG.ACK, new Uint8Array(0), s));
      s.remoteSeq = (s.remoteSeq + 1) >>> 0;
      out.push(seg(true, TCP_FLAG.ACK, new Uint8Array(0), s));
      if (e.phase === 'open') return out;
    }
    const fromPhone = e.dir === 'tx';
    if (e.phase === 'data') {
      for (let at = 0; at < e.bytes.length; at += MAX_SEGMENT) {
        const chunk = e.bytes.subarray(at, at + MAX_SEGMENT);
        out.push(seg(fromPhone, TCP_FLAG.PSH | TCP_FLAG.ACK, chunk, s));
        if (fromPhone) s.localSeq = (s.localSeq + chunk.length) >>> 0;
        else s.remoteSeq = (s.remoteSeq + chunk.length) >>> 0;
      }
      return out;
    }
    // close: FIN from the side that closed, FIN from the other, last ACK.
    out.push(seg(fromPhone, TCP_FLAG.FIN | TCP_FLAG.ACK, new Uint8Array(0), s));
    if (fromPhone) s.localSeq = (s.localSeq + 1) >>> 0; else s.remoteSeq = (s.remoteSeq + 1) >>> 0;
    out.push(seg(!fromPhone, TCP_FLAG.FIN | TCP_FLAG.ACK, new Uint8Array(0), s));
    if (fromPhone) s.remoteSeq = (s.remoteSeq + 1) >>> 0; else s.localSeq = (s.localSeq + 1) >>> 0;
    out.push(seg(fromPhone, TCP_FLAG.ACK, new Uint8Array(0), s));
    this.streams.delete(e.connId);
    return out;
  }
}
