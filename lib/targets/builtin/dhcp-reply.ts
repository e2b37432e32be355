/**
 * The DHCP server's decisions, pure: one client message in, at most one reply out (RFC 2131
 * section 4.3). Option rules of RFC 2131 Table 3 as updated by RFC 6842:
 *  - option 53 and 54 in every OFFER/ACK/NAK (DHCP-014, DHCP-016);
 *  - 51 in OFFER and in an ACK answering REQUEST, never in an ACK answering INFORM nor in a NAK (DHCP-015);
 *  - never 50, 55 or 57 in a reply (DHCP-017); 61 echoed when the client sent it (RFC 6842 section 3);
 *  - 58 < 59 < 51 (DHCP-020): T1 = 0.5 and T2 = 0.875 of the lease, the RFC 2131 section 4.4.5 defaults;
 *  - xid echoed (DHCP-018); yiaddr of the ACK = the address offered/requested (DHCP-022).
 */
import {
  DHCPACK, DHCPDECLINE, DHCPDISCOVER, DHCPINFORM, DHCPNAK, DHCPOFFER, DHCPRELEASE, DHCPREQUEST, MAGIC_COOKIE,
  opt, viewOptions, type DhcpMessage, type DhcpOption, type DhcpOptionView,
} from '../../codec/dhcp/index.js';
import { ipToInt, type LeaseTable } from './dhcp-leases.js';

import { BBF_ENTERPRISE, CWMP_VENDOR_CLASS } from '../process/provisioning-options.js';

export interface DhcpPolicy {
  readonly serverIp: string;
  readonly subnetMask: string;
  /** Option 6: the lab DNS server. */
  readonly dnsServers: readonly string[];
  readonly domainName?: string;
  /** Option 66 (TFTP server name, text), 150 (TFTP server addresses), 159 (provisioning server IPv4), 160 (profile URL). */
  readonly tftpServerName: string;
  readonly tftpServers: readonly string[];
  readonly provisioningServer: string;
  readonly profileUrl: string;
  /** TR-069 ACS, offered to dslforum.org clients (DHCP-009, DHCP-012, DHCP-013). */
  readonly acs?: {
    readonly url: string;
    readonly provisioningCode?: string;
    /** Option 125 / 3561 sub-options of the gateway (4 OUI, 5 serial, 6 product class, 11 ACS URL). */
    readonly gateway: ReadonlyArray<readonly [number, string]>;
  };
}

export interface DhcpDecision {
  readonly reply?: DhcpMessage;
  /** Where the reply goes (RFC 2131 section 4.1): broadcast, or unicast to ciaddr. */
  readonly to: 'broadcast' | 'ciaddr';
  /** One log line: what came in, what was decided. */
  readonly note: string;
}

const ZERO = '0.0.0.0';

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Lease key: client identifier when present (RFC 2131 section 4.2), else htype + chaddr. */
export function clientKey(msg: DhcpMessage, view: DhcpOptionView): string {
  if (view.clientId) return `id:${view.clientId.type.toString(16)}:${hex(view.clientId.data)}`;
  return `hw:${msg.htype}:${hex(msg.chaddr.subarray(0, Math.min(16, msg.hlen)))}`;
}

function sameSubnet(a: string, b: string, mask: string): boolean {
  const m = ipToInt(mask);
  return ((ipToInt(a) & m) >>> 0) === ((ipToInt(b) & m) >>> 0);
}

function isDslforum(view: DhcpOptionView): boolean {
  return (view.vendorClass ?? '').toLowerCase().includes(CWMP_VENDOR_CLASS);
}

/** Options every positive reply carries for provisioning (DHCP-004), in a fixed order. */
function provisioningOptions(p: DhcpPolicy, view: DhcpOptionView): DhcpOption[] {
  const out: DhcpOption[] = [
    opt.subnetMask(p.subnetMask),
    opt.dnsServers(p.dnsServers),
  ];
  if (p.domainName) out.push(opt.domainName(p.domainName));
  out.push(opt.tftpServerName(p.tftpServerName));
  if (p.acs && isDslforum(view)) {
    const subs = [{ code: 1, data: p.acs.url }];
    if (p.acs.provisioningCode) subs.push({ code: 2, data: p.acs.provisioningCode });
    out.push(opt.vendorSpecific43(subs));
    // DHCP-012/013: answer the device's 3561 sub-options 1-3 with the gateway's 4-6 (TR-069 Annex F);
    // RFC 3925 section 4: only for an enterprise the client named in its own 124/125.
    const named = view.viVendorSpecific?.some((b) => b.enterprise === BBF_ENTERPRISE) || view.viVendorClass?.some((b) => b.enterprise === BBF_ENTERPRISE);
    if (named) {
      out.push(opt.viVendorSpecific125([{ enterprise: BBF_ENTERPRISE, subopts: p.acs.gateway.map(([code, data]) => ({ code, data })) }]));
    }
  }
  out.push(opt.tftpServers150(p.tftpServers));
  out.push(opt.provisioningServer159({ ipv4: p.provisioningServer }));
  out.push(opt.provisioningUrl160(p.profileUrl));
  return out;
}

function reply(req: DhcpMessage, type: number, yiaddr: string, options: DhcpOption[], p: DhcpPolicy, view: DhcpOptionView, ciaddr = ZERO): DhcpMessage {
  const head: DhcpOption[] = [opt.messageType(type), opt.serverId(p.serverIp)];
  // RFC 6842 section 3: echo the client identifier exactly as received.
  const tail: DhcpOption[] = view.clientId ? [opt.clientId(view.clientId.type, view.clientId.data)] : [];
  return {
    op: 2, htype: req.htype, hlen: req.hlen, hops: 0, xid: req.xid, secs: 0,
    flags: req.flags & 0x8000, ciaddr, yiaddr,
    siaddr: type === DHCPNAK ? ZERO : p.serverIp, giaddr: req.giaddr,
    chaddr: req.chaddr, sname: new Uint8Array(64), file: new Uint8Array(128), cookie: MAGIC_COOKIE,
    options: [...head, ...options, ...tail],
  };
}

function leaseTimes(seconds: number): DhcpOption[] {
  // DHCP-020: 58 < 59 < 51 (RFC 2131 section 4.4.5 default fractions).
  return [opt.leaseTime(seconds), opt.renewalTime(Math.floor(seconds / 2)), opt.rebindingTime(Math.floor((seconds * 7) / 8))];
}

function nak(req: DhcpMessage, p: DhcpPolicy, view: DhcpOptionView, why: string): DhcpDecision {
  // RFC 2131 section 4.3.2: a NAK carries 53, 54, optionally 56 (message); no 51, no 52 (DHCP-019); broadcast.
  const msg = reply(req, DHCPNAK, ZERO, [opt.raw(56, Buffer.from(why))], p, view);
  return { reply: { ...msg, flags: msg.flags }, to: 'broadcast', note: `NAK (${why})` };
}

/** Decides the answer to one client message. `now` is milliseconds on any monotonic clock. */
export function answerDhcp(req: DhcpMessage, leases: LeaseTable, p: DhcpPolicy, now: number): DhcpDecision {
  if (req.op !== 1 || req.cookie !== MAGIC_COOKIE) return { to: 'broadcast', note: 'ignored: not a BOOTREQUEST with the DHCP cookie' };
  const { view } = viewOptions(req);
  const key = clientKey(req, view);
  const type = view.messageType;
  const who = `${view.messageTypeName ?? 'BOOTP'} xid=0x${req.xid.toString(16)} ${key}`;
  switch (type) {
    case DHCPDISCOVER: {
      const lease = leases.offer(key, view.requestedIp, now);
      if (!lease) return { to: 'broadcast', note: `${who}: pool exhausted, no OFFER` };
      const msg = reply(req, DHCPOFFER, lease.ip, [...leaseTimes(leases.leaseSeconds), ...provisioningOptions(p, view)], p, view);
      return { reply: msg, to: 'broadcast', note: `${who}: OFFER ${lease.ip}` };
    }
    case DHCPREQUEST: {
      if (view.serverId !== undefined) {
        // SELECTING (RFC 2131 section 4.3.2): the client chose a server; not us means drop our offer.
        if (view.serverId !== p.serverIp) {
          const l = leases.get(key, now);
          if (l && l.state === 'offered') leases.release(key, l.ip);
          return { to: 'broadcast', note: `${who}: server ${view.serverId} chosen, offer withdrawn` };
        }
        const want = view.requestedIp;
        const l = leases.get(key, now);
        if (want === undefined || req.ciaddr !== ZERO) return nak(req, p, view, 'SELECTING needs option 50 and ciaddr 0');
        if (!l || l.ip !== want) return nak(req, p, view, `address ${want} was not offered to this client`);
        leases.bind(key, want, now);
        return ack(req, want, p, view, leases, who);
      }
      if (view.requestedIp !== undefined) {
        // INIT-REBOOT: NAK a wrong address, stay silent without a record (RFC 2131 section 4.3.2).
        const want = view.requestedIp;
        if (!sameSubnet(want, p.serverIp, p.subnetMask) || !leases.inPool(want)) return nak(req, p, view, `${want} is not on this network`);
        const l = leases.get(key, now);
        if (!l) return { to: 'broadcast', note: `${who}: INIT-REBOOT for ${want} without a record, silent` };
        if (l.ip !== want || l.state !== 'bound') return nak(req, p, view, `${want} is not this client's address`);
        leases.bind(key, want, now);
        return ack(req, want, p, view, leases, who);
      }
      if (req.ciaddr !== ZERO) {
        // RENEWING / REBINDING: extend the client's own binding.
        const l = leases.get(key, now);
        if (!l) {
          const h = leases.holder(req.ciaddr, now);
          return h ? nak(req, p, view, `${req.ciaddr} is bound to another client`) : { to: 'ciaddr', note: `${who}: renew of ${req.ciaddr} without a record, silent` };
        }
        if (l.ip !== req.ciaddr) return nak(req, p, view, `${req.ciaddr} is not this client's address`);
        leases.bind(key, l.ip, now);
        return { ...ack(req, l.ip, p, view, leases, who, req.ciaddr), to: 'ciaddr' };
      }
      return nak(req, p, view, 'REQUEST without server identifier, requested address or ciaddr');
    }
    case DHCPINFORM: {
      // RFC 2131 section 4.3.5: no lease time, yiaddr 0, unicast to ciaddr (DHCP-015).
      const msg = reply(req, DHCPACK, ZERO, provisioningOptions(p, view), p, view, req.ciaddr);
      return { reply: msg, to: req.ciaddr === ZERO ? 'broadcast' : 'ciaddr', note: `${who}: ACK (INFORM, no lease time)` };
    }
    case DHCPRELEASE: {
      const done = leases.release(key, req.ciaddr);
      return { to: 'broadcast', note: `${who}: release of ${req.ciaddr} ${done ? 'done' : 'ignored (no such binding)'}` };
    }
    case DHCPDECLINE: {
      const ip = view.requestedIp ?? ZERO;
      leases.decline(key, ip);
      return { to: 'broadcast', note: `${who}: ${ip} declined, marked unavailable` };
    }
    default:
      return { to: 'broadcast', note: `${who}: not a client message, ignored` };
  }
}

function ack(req: DhcpMessage, ip: string, p: DhcpPolicy, view: DhcpOptionView, leases: LeaseTable, who: string, ciaddr = ZERO): DhcpDecision {
  const msg = reply(req, DHCPACK, ip, [...leaseTimes(leases.leaseSeconds), ...provisioningOptions(p, view)], p, view, ciaddr);
  return { reply: msg, to: 'broadcast', note: `${who}: ACK ${ip}` };
}
