/**
 * A complete DISCOVER/OFFER/REQUEST/ACK for tests and benchmarks, with RFC 2131 section 4.1
 * retransmission (4 s doubling to 64 s, randomised by +-1 s; the base is configurable so tests
 * use milliseconds). The phone runtime does NOT use this: there the model decides.
 */
import {
  BROADCAST_FLAG, DHCPACK, DHCPDISCOVER, DHCPNAK, DHCPOFFER, DHCPREQUEST, MAGIC_COOKIE, opt, viewOptions,
  type DhcpMessage, type DhcpOption,
} from '../../codec/dhcp/index.js';
import { macBytes } from '../net/mac.js';
import type { DhcpIncoming, DhcpPort } from './dhcp-port.js';

export interface DoraOptions {
  /** First retransmission delay; RFC 2131 says 4000 ms. */
  readonly baseMs?: number;
  /** Cap of the doubling; RFC 2131 says 64000 ms. */
  readonly maxMs?: number;
  /** Randomisation of each delay (+-), RFC 2131 says 1000 ms; scaled with baseMs by callers. */
  readonly jitterMs?: number;
  /** Transmissions per phase (DISCOVER, then REQUEST) before giving up. */
  readonly attempts?: number;
  /** Seeded [0,1) source (conventions.md: everything random takes a seed). */
  readonly random?: () => number;
  readonly xid?: number;
  /** Option 60, e.g. the product name. */
  readonly vendorClass?: string;
  readonly hostName?: string;
  readonly paramRequestList?: readonly number[];
}

export interface DoraResult {
  readonly offer: DhcpIncoming;
  readonly ack: DhcpIncoming;
  readonly yiaddr: string;
  readonly serverId: string | undefined;
  /** DISCOVERs and REQUESTs sent (1 each without loss). */
  readonly discovers: number;
  readonly requests: number;
}

/** Mulberry32: a tiny seeded PRNG for retransmission jitter and xids. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_PARAMETER_REQUEST_LIST = [1, 3, 6, 15, 42, 43, 66, 67, 150, 159, 160] as const;

/** A BOOTREQUEST for `mac` with the broadcast flag set (the client cannot receive unicast yet). */
export function dhcpRequestMessage(mac: string, xid: number, options: readonly DhcpOption[], extra: Partial<DhcpMessage> = {}): DhcpMessage {
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: xid >>> 0, secs: 0, flags: BROADCAST_FLAG,
    ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
    chaddr: macBytes(mac), sname: new Uint8Array(0), file: new Uint8Array(0), cookie: MAGIC_COOKIE, options, ...extra,
  };
}

function clientOptions(mac: string, o: DoraOptions): DhcpOption[] {
  const out = [opt.clientId(1, macBytes(mac))];
  if (o.vendorClass) out.push(opt.vendorClass(o.vendorClass));
  if (o.hostName) out.push(opt.hostName(o.hostName));
  out.push(opt.paramRequestList(o.paramRequestList ?? DEFAULT_PARAMETER_REQUEST_LIST));
  return out;
}

function typeIs(types: readonly number[], xid: number) {
  return (m: DhcpMessage) => m.xid === xid && types.includes(viewOptions(m).view.messageType ?? -1);
}

async function exchange(port: DhcpPort, mac: string, msg: DhcpMessage, match: (m: DhcpMessage) => boolean, o: DoraOptions, random: () => number): Promise<{ reply?: DhcpIncoming; sent: number }> {
  const attempts = o.attempts ?? 4;
  let delay = o.baseMs ?? 4000;
  const jitter = o.jitterMs ?? (o.baseMs ?? 4000) / 4;
  for (let i = 1; i <= attempts; i++) {
    const wait = Math.max(1, delay + (random() * 2 - 1) * jitter);
    const reply = port.waitFor(mac, match, wait);
    await port.send(mac, msg);
    const got = await reply;
    if (got) return { reply: got, sent: i };
    delay = Math.min(delay * 2, o.maxMs ?? 64000);
  }
  return { sent: attempts };
}

/** DISCOVER -> OFFER -> REQUEST -> ACK; undefined when no OFFER or no ACK came, or on NAK. */
export async function dora(port: DhcpPort, mac: string, o: DoraOptions = {}): Promise<DoraResult | undefined> {
  const random = o.random ?? seededRandom(0x5eed);
  const xid = o.xid ?? Math.floor(random() * 0xffffffff);
  const common = clientOptions(mac, o);
  const discover = dhcpRequestMessage(mac, xid, [opt.messageType(DHCPDISCOVER), ...common]);
  const d = await exchange(port, mac, discover, typeIs([DHCPOFFER], xid), o, random);
  if (!d.reply) return undefined;
  const offer = d.reply;
  const serverId = viewOptions(offer.message).view.serverId;
  // RFC 2131 section 4.3.2 SELECTING: same xid, requested IP = yiaddr, server identifier of the chosen offer.
  const reqOpts = [opt.messageType(DHCPREQUEST), opt.requestedIp(offer.message.yiaddr), ...(serverId ? [opt.serverId(serverId)] : []), ...common];
  const request = dhcpRequestMessage(mac, xid, reqOpts);
  const r = await exchange(port, mac, request, typeIs([DHCPACK, DHCPNAK], xid), o, random);
  if (!r.reply || viewOptions(r.reply.message).view.messageType !== DHCPACK) return undefined;
  return { offer, ack: r.reply, yiaddr: r.reply.message.yiaddr, serverId, discovers: d.sent, requests: r.sent };
}
