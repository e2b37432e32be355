/**
 * One bound UDP socket with packet events: the codec ports (DHCP, TFTP, SIP, syslog) sit on it.
 * Binding errors become PC_ERR_LAB with the address in the message, never a raw errno stack.
 */
import { createSocket, type Socket } from 'node:dgram';
import { ProvcertError } from '../../errors.js';
import { nowNs, type AppProto, type Endpoint, type PacketTap } from './packet-events.js';

export type DatagramHandler = (bytes: Uint8Array, from: Endpoint) => void;

export interface UdpEndpointOptions {
  /** Local address to bind (a phone's leased address, 127.77.x.y on loopback); default 0.0.0.0. */
  readonly address?: string;
  /** Local port; 0 = ephemeral. */
  readonly port?: number;
  readonly proto: AppProto;
  readonly phone?: string;
  readonly tap?: PacketTap;
  /** SO_BROADCAST, for DHCP to 255.255.255.255. */
  readonly broadcast?: boolean;
  readonly reuseAddr?: boolean;
  /**
   * SO_RCVBUF in bytes (the kernel doubles it and caps the request at net.core.rmem_max). For a
   * socket many phones share, so that a burst of replies is queued, not dropped, while the event
   * loop is busy. Default: the system default (net.core.rmem_default).
   */
  readonly recvBufferBytes?: number;
}

export class UdpEndpoint {
  private readonly socket: Socket;
  private handler: DatagramHandler | undefined;
  private closed = false;
  private localEp: Endpoint = { address: '0.0.0.0', port: 0 };

  private constructor(private readonly opts: UdpEndpointOptions) {
    this.socket = createSocket({ type: 'udp4', reuseAddr: opts.reuseAddr ?? false, ...(opts.recvBufferBytes !== undefined ? { recvBufferSize: opts.recvBufferBytes } : {}) });
    this.socket.on('message', (msg, rinfo) => {
      const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
      const from = { address: rinfo.address, port: rinfo.port };
      opts.tap?.emit({ kind: 'udp', dir: 'rx', proto: opts.proto, phone: opts.phone, local: this.localEp, remote: from, bytes, ts: nowNs() });
      this.handler?.(bytes, from);
    });
    this.socket.on('error', () => { /* send errors are reported by send(); late errors are ignored */ });
  }

  static async bind(opts: UdpEndpointOptions): Promise<UdpEndpoint> {
    const ep = new UdpEndpoint(opts);
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new ProvcertError('PC_ERR_LAB', `cannot bind UDP ${opts.address ?? '0.0.0.0'}:${opts.port ?? 0}: ${e.message}`, { cause: e }));
      ep.socket.once('error', onError);
      ep.socket.bind({ address: opts.address ?? '0.0.0.0', port: opts.port ?? 0, exclusive: true }, () => {
        ep.socket.off('error', onError);
        resolve();
      });
    });
    if (opts.broadcast) ep.socket.setBroadcast(true);
    const a = ep.socket.address();
    ep.localEp = { address: a.address, port: a.port };
    return ep;
  }

  get local(): Endpoint {
    return this.localEp;
  }

  /** The effective SO_RCVBUF (bytes, as the kernel reports it: twice what was granted). */
  get recvBufferBytes(): number {
    return this.socket.getRecvBufferSize();
  }

  /** Replaces the receive handler (one consumer: the codec port above). */
  onDatagram(handler: DatagramHandler | undefined): void {
    this.handler = handler;
  }

  send(bytes: Uint8Array, to: Endpoint, phone = this.opts.phone): Promise<void> {
    if (this.closed) return Promise.reject(new ProvcertError('PC_ERR_LAB', `UDP socket ${this.localEp.address}:${this.localEp.port} is closed`));
    this.opts.tap?.emit({ kind: 'udp', dir: 'tx', proto: this.opts.proto, phone, local: this.localEp, remote: to, bytes, ts: nowNs() });
    return new Promise((resolve, reject) => {
      this.socket.send(bytes, to.port, to.address, (err) => {
        if (err) reject(new ProvcertError('PC_ERR_LAB', `UDP send to ${to.address}:${to.port} failed: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
