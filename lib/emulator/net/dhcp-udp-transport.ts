/**
 * DHCP without root (issue 5 part 3): all phones share ONE UDP socket on 127.0.0.1:serverPort+1
 * and talk to the server on 127.0.0.1:serverPort. Replies are routed by xid + chaddr in the DHCP
 * port, so one socket serves any number of phones; the leases come from 127.77.0.0/16, which the
 * kernel treats as loopback, so each phone then binds its TFTP/HTTP/SIP sockets to its own lease.
 * Several fleet processes share one server by binding their socket to distinct loopback addresses
 * (127.0.0.2, 127.0.0.3, ...) on the same port: the server replies to the sender's address.
 * The socket asks for a large receive buffer: with hundreds of phones in flight, the default
 * (net.core.rmem_default, 208 KiB) dropped replies while the event loop was busy (measured: 6 of
 * 1000 phones lost a DHCP reply and sat in the RFC 2131 retransmission schedule).
 */
import { UdpEndpoint } from './udp-endpoint.js';
import type { DhcpReceived, DhcpSendOptions, DhcpTransport } from './dhcp-transport.js';
import type { Endpoint } from './packet-events.js';

export interface DhcpUdpTransportOptions {
  /** The server's DHCP port on loopback; the client port is this + 1. */
  readonly serverPort: number;
  /** Default 127.0.0.1. */
  readonly serverAddress?: string;
  /** Local address of the shared socket; default 127.0.0.1 (another 127.x.y.z for a second fleet process). */
  readonly bindAddress?: string;
  /** SO_RCVBUF request, bytes; default DHCP_RECV_BUFFER_BYTES (capped by net.core.rmem_max). */
  readonly recvBufferBytes?: number;
}

/** 4 MiB: room for thousands of queued replies (a loopback datagram costs ~1-2 KiB of buffer). */
export const DHCP_RECV_BUFFER_BYTES = 4 * 1024 * 1024;

export class DhcpUdpTransport implements DhcpTransport {
  readonly mode = 'udp' as const;
  private handler: ((m: DhcpReceived) => void) | undefined;

  private constructor(private readonly ep: UdpEndpoint, readonly server: Endpoint) {
    ep.onDatagram((bytes, from) => this.handler?.({ bytes, from, to: ep.local }));
  }

  static async open(o: DhcpUdpTransportOptions): Promise<DhcpUdpTransport> {
    const server = { address: o.serverAddress ?? '127.0.0.1', port: o.serverPort };
    const ep = await UdpEndpoint.bind({ address: o.bindAddress ?? '127.0.0.1', port: o.serverPort + 1, proto: 'dhcp', recvBufferBytes: o.recvBufferBytes ?? DHCP_RECV_BUFFER_BYTES });
    return new DhcpUdpTransport(ep, server);
  }

  get client(): Endpoint {
    return this.ep.local;
  }

  /** The effective receive buffer of the shared socket (bytes, as the kernel reports it). */
  get recvBufferBytes(): number {
    return this.ep.recvBufferBytes;
  }

  /** dstIp/srcIp are meaningless here: the loopback server is always reached the same way. */
  send(_phoneMac: string, bytes: Uint8Array, _opts?: DhcpSendOptions): Promise<void> {
    return this.ep.send(bytes, this.server);
  }

  onReceive(handler: (m: DhcpReceived) => void): void {
    this.handler = handler;
  }

  close(): Promise<void> {
    return this.ep.close();
  }
}
