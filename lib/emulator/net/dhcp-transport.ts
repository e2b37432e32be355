/**
 * How DHCP messages reach the server: the contract both transports implement. The DHCP port
 * (clients/dhcp-port.ts) encodes, decodes and routes; a transport only moves bytes.
 */
import type { Endpoint } from './packet-events.js';

export interface DhcpSendOptions {
  /** Destination IP; default 255.255.255.255 (RFC 2131 section 4.1: broadcast while unconfigured). */
  readonly dstIp?: string;
  /** Source IP; default 0.0.0.0 (RFC 2131 section 4.1), the leased address when renewing. */
  readonly srcIp?: string;
  /** Destination MAC (raw mode); default broadcast. */
  readonly dstMac?: string;
}

export interface DhcpReceived {
  readonly bytes: Uint8Array;
  readonly from: Endpoint;
  readonly to: Endpoint;
}

export interface DhcpTransport {
  readonly mode: 'udp' | 'raw';
  /** Where the server is (for recorders and logs). */
  readonly server: Endpoint;
  /** The client side as it appears on the wire (127.0.0.1:serverPort+1, or 0.0.0.0:68). */
  readonly client: Endpoint;
  send(phoneMac: string, bytes: Uint8Array, opts?: DhcpSendOptions): Promise<void>;
  onReceive(handler: (m: DhcpReceived) => void): void;
  close(): Promise<void>;
}
