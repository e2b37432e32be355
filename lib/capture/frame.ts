/** The frame record the pipeline emits, one per captured packet (Wireshark numbering). */
import type { CodecFinding } from '../codec/types.js';
import type { Ipv4Packet } from '../codec/ipv4/ipv4.js';
import type { Ipv6Packet } from '../codec/ipv4/ipv6.js';
import type { UdpDatagram } from '../codec/udp/udp.js';
import type { TcpSegment } from '../codec/tcp/tcp.js';
import type { LinkLayer } from './link-layer.js';

type NoPayload<T> = Omit<T, 'payload'>;

export interface FrameLayers {
  link?: LinkLayer;
  ipv4?: NoPayload<Ipv4Packet> & {
    /** Octets of IP payload in this frame. */
    readonly payloadLength: number;
    /** Present on fragments: the frames whose fragments make up the datagram, once complete. */
    readonly reassembledFrom?: readonly number[];
  };
  ipv6?: Omit<NoPayload<Ipv6Packet>, 'srcBytes' | 'dstBytes'> & { readonly payloadLength: number };
  /** Set when the link layer carries something we do not decode (ARP, IPv6 extension headers, ...). */
  other?: { readonly type: number; readonly note: string };
  udp?: NoPayload<UdpDatagram> & { readonly length: number };
  tcp?: NoPayload<TcpSegment> & { readonly payloadLength: number; readonly streamId: number };
}

/** A finding located in a frame: `layer` names the codec, `offset` is from the start of the frame. */
export interface FrameFinding extends CodecFinding {
  readonly layer: string;
}

export interface FrameError {
  readonly code: string;
  readonly proto: string;
  readonly offset: number;
  readonly message: string;
}

/** A reassembled UDP datagram or TCP message, attributed to the frame that completed it. */
export interface AppMessage {
  readonly proto: 'udp' | 'tcp';
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Every frame that carried bytes of it, in arrival order (the last one is this frame). */
  readonly frames: readonly number[];
  readonly bytes: Uint8Array;
  /** TCP: stream index and direction (0 = first seen sender). */
  readonly streamId?: number;
  readonly direction?: 0 | 1;
  /** Name of the dissector that decoded it, when one matched. */
  readonly dissector?: string;
  readonly value?: unknown;
  readonly findings: readonly CodecFinding[];
  readonly error?: FrameError;
}

export interface FrameRecord {
  /** 1-based, counted over every packet record of the file as Wireshark does. */
  readonly frame: number;
  readonly tsNs: bigint;
  readonly interface: number;
  readonly section?: number;
  readonly linkType: number;
  readonly caplen: number;
  readonly origlen: number;
  /** pcapng opt_comment values joined by a newline; absent when there are none. */
  readonly comment?: string;
  readonly comments: readonly string[];
  readonly layers: FrameLayers;
  /** UDP payload (reassembled if fragmented) or the TCP segment payload of this frame. */
  readonly payload?: Uint8Array;
  readonly messages: readonly AppMessage[];
  readonly findings: readonly FrameFinding[];
  /** The frame could not be decoded past some layer; the layers before it are kept. */
  readonly error?: FrameError;
}
