/**
 * DHCP as raw Ethernet frames via cap (lab mode, root): each phone sends from its own MAC and
 * 0.0.0.0:68 to 255.255.255.255:67 (RFC 2131 section 4.1), so no interface needs an address and
 * no broadcast route is needed (platform-facts.md). Replies to any of our MACs, or broadcast, are
 * delivered; the DHCP port routes them by xid + chaddr. A message sent with a ciaddr claims that
 * address for its MAC: the transport answers ARP for it, as the phone's IP stack would, because a
 * server unicasts the answer to a DHCPINFORM to ciaddr (RFC 2131 section 4.3.5).
 */
import { BROADCAST_MAC, macWithColons } from './mac.js';
import { buildUdpFrame, parseUdpFrame } from './frames.js';
import { RawEthernet } from './raw-ethernet.js';
import { buildArpReply, parseArpRequest } from './arp.js';
import type { DhcpReceived, DhcpSendOptions, DhcpTransport } from './dhcp-transport.js';
import type { Endpoint } from './packet-events.js';

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

export class DhcpRawTransport implements DhcpTransport {
  readonly mode = 'raw' as const;
  readonly server: Endpoint = { address: '255.255.255.255', port: DHCP_SERVER_PORT };
  readonly client: Endpoint = { address: '0.0.0.0', port: DHCP_CLIENT_PORT };
  private handler: ((m: DhcpReceived) => void) | undefined;
  private ipId = 1;
  /** ciaddr -> MAC of the phone that claimed it (bounded: one entry per address). */
  private readonly claimed = new Map<string, string>();

  private constructor(private readonly raw: RawEthernet) {
    raw.onFrame((frame) => {
      const arp = parseArpRequest(frame);
      if (arp) {
        const mac = this.claimed.get(arp.targetIp);
        if (mac) this.raw.send(buildArpReply(arp, mac, arp.targetIp));
        return;
      }
      const f = parseUdpFrame(frame);
      // Only server-to-client DHCP: the filter also passes our own port-68 broadcasts of other handles.
      if (!f || f.dst.port !== DHCP_CLIENT_PORT || f.src.port !== DHCP_SERVER_PORT) return;
      this.handler?.({ bytes: f.payload, from: f.src, to: f.dst });
    });
  }

  static async open(iface: string): Promise<DhcpRawTransport> {
    return new DhcpRawTransport(await RawEthernet.open(iface, 'udp port 68 or arp'));
  }

  send(phoneMac: string, bytes: Uint8Array, opts: DhcpSendOptions = {}): Promise<void> {
    // BOOTP ciaddr is octets 12..15 (RFC 2131 section 2).
    if (bytes.length >= 16 && (bytes[12] || bytes[13] || bytes[14] || bytes[15])) {
      this.claimed.set(`${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`, phoneMac);
    }
    const frame = buildUdpFrame({
      srcMac: macWithColons(phoneMac), dstMac: opts.dstMac ?? BROADCAST_MAC,
      src: { address: opts.srcIp ?? '0.0.0.0', port: DHCP_CLIENT_PORT },
      dst: { address: opts.dstIp ?? '255.255.255.255', port: DHCP_SERVER_PORT },
      payload: bytes, ipId: this.ipId++ & 0xffff, ttl: 64,
    });
    this.raw.send(frame);
    return Promise.resolve();
  }

  onReceive(handler: (m: DhcpReceived) => void): void {
    this.handler = handler;
  }

  close(): Promise<void> {
    this.raw.close();
    return Promise.resolve();
  }
}
