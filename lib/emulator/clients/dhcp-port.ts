/**
 * The DHCP codec port (style-examples.md #18): encodes what a phone sends, decodes what comes
 * back and routes it to that phone by chaddr (and the waiter's xid). No retransmission and no
 * state here: when to send what is the phone model's decision.
 */
import { decode as decodeDhcp, encode as encodeDhcp, type DhcpMessage } from '../../codec/dhcp/index.js';
import { macFromChaddr, normalizeMac } from '../net/mac.js';
import { nowNs, type PacketTap } from '../net/packet-events.js';
import type { DhcpReceived, DhcpSendOptions, DhcpTransport } from '../net/dhcp-transport.js';

export interface DhcpIncoming {
  readonly message: DhcpMessage;
  readonly received: DhcpReceived;
  /** Wall time of arrival, ns. */
  readonly ts: bigint;
}

interface Waiter {
  readonly mac: string;
  readonly match: (m: DhcpMessage) => boolean;
  resolve(m: DhcpIncoming): void;
}

export class DhcpPort {
  private readonly waiters = new Set<Waiter>();
  private readonly handlers = new Map<string, (m: DhcpIncoming) => void>();
  /** Messages that could not be decoded or had no taker (for tests and the report). */
  dropped = 0;

  constructor(readonly transport: DhcpTransport, private readonly tap?: PacketTap) {
    transport.onReceive((r) => this.receive(r));
  }

  /** Encodes and sends `msg` as phone `mac`. */
  async send(mac: string, msg: DhcpMessage, opts?: DhcpSendOptions): Promise<void> {
    const phone = normalizeMac(mac);
    const bytes = encodeDhcp(msg);
    const t = this.transport;
    this.tap?.emit({ kind: 'udp', dir: 'tx', proto: 'dhcp', phone, local: opts?.srcIp ? { address: opts.srcIp, port: t.client.port } : t.client, remote: opts?.dstIp ? { address: opts.dstIp, port: t.server.port } : t.server, bytes, ts: nowNs() });
    await t.send(phone, bytes, opts);
  }

  /**
   * Resolves with the next message for `mac` that satisfies `match` (e.g. same xid and type
   * OFFER), or undefined after `timeoutMs`. Registered before sending, so no reply is lost.
   */
  waitFor(mac: string, match: (m: DhcpMessage) => boolean, timeoutMs: number): Promise<DhcpIncoming | undefined> {
    const phone = normalizeMac(mac);
    return new Promise((resolve) => {
      const w: Waiter = {
        mac: phone, match,
        resolve: (m) => { clearTimeout(timer); this.waiters.delete(w); resolve(m); },
      };
      const timer = setTimeout(() => { this.waiters.delete(w); resolve(undefined); }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Every message for `mac` no waiter took (unsolicited FORCERENEW, late duplicates) goes here. */
  onMessage(mac: string, handler: ((m: DhcpIncoming) => void) | undefined): void {
    const phone = normalizeMac(mac);
    if (handler) this.handlers.set(phone, handler);
    else this.handlers.delete(phone);
  }

  close(): Promise<void> {
    for (const w of [...this.waiters]) this.waiters.delete(w);
    return this.transport.close();
  }

  private receive(r: DhcpReceived): void {
    const ts = nowNs();
    let message: DhcpMessage;
    try {
      message = decodeDhcp(r.bytes).value;
    } catch {
      this.dropped++;
      this.tap?.emit({ kind: 'udp', dir: 'rx', proto: 'dhcp', local: r.to, remote: r.from, bytes: r.bytes, ts });
      return;
    }
    // RFC 2131 section 4.4.1: the client matches replies on xid and chaddr; only BOOTREPLY is for us.
    const phone = macFromChaddr(message.chaddr);
    this.tap?.emit({ kind: 'udp', dir: 'rx', proto: 'dhcp', phone, local: r.to, remote: r.from, bytes: r.bytes, ts });
    if (message.op !== 2) { this.dropped++; return; }
    const incoming: DhcpIncoming = { message, received: r, ts };
    for (const w of this.waiters) {
      if (w.mac === phone && w.match(message)) { w.resolve(incoming); return; }
    }
    const h = this.handlers.get(phone);
    if (h) h(incoming);
    else this.dropped++;
  }
}
