/**
 * Between the model's typed DHCP data and the wire: a `send-dhcp` effect becomes a BOOTREQUEST
 * (lib/codec/dhcp), a received BOOTREPLY becomes a dhcp-offer/ack/nak event. Only translation: which
 * message to send and whether a reply is taken (xid, state) is decided by the model.
 */
import { BBF_ENTERPRISE, BROADCAST_FLAG, DHCPACK, DHCPDISCOVER, DHCPNAK, DHCPOFFER, DHCPREQUEST, MAGIC_COOKIE, opt, viewOptions, type DhcpMessage, type DhcpOption } from '../../codec/dhcp/index.js';
import type { DhcpSend, DhcpServerOptions, PhoneEvent } from '../../phone-model/index.js';
import { macBytes } from '../net/mac.js';

const text = new TextDecoder();

/** RFC 2131 section 4.4.1 / table 5: the BOOTREQUEST for one model send. */
export function dhcpRequestFor(mac: string, send: DhcpSend): DhcpMessage {
  const o = send.options;
  const options: DhcpOption[] = [opt.messageType(send.message === 'DHCPDISCOVER' ? DHCPDISCOVER : DHCPREQUEST)];
  if (o.requestedIp !== undefined) options.push(opt.requestedIp(o.requestedIp));
  if (o.serverId !== undefined) options.push(opt.serverId(o.serverId));
  options.push(opt.vendorClass(o.vendorClassId), opt.paramRequestList(o.parameterRequestList));
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: send.xid >>> 0, secs: 0,
    // Broadcast flag while unconfigured: the client cannot take a unicast reply yet (RFC 2131 section 4.1).
    flags: send.ciaddr === undefined ? BROADCAST_FLAG : 0,
    ciaddr: send.ciaddr ?? '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
    chaddr: macBytes(mac), sname: new Uint8Array(0), file: new Uint8Array(0), cookie: MAGIC_COOKIE, options,
  };
}

function subText(subs: readonly { code: number; data: Uint8Array }[] | undefined, code: number): string | undefined {
  const s = subs?.find((x) => x.code === code);
  return s === undefined ? undefined : text.decode(s.data).replace(/\0+$/, '');
}

/** What the model reads of an OFFER/ACK (DhcpServerOptions), plus the subnet mask for the address manager. */
export function serverOptionsOf(msg: DhcpMessage): { options: DhcpServerOptions; subnetMask?: string } {
  const v = viewOptions(msg).view;
  const acs43 = subText(v.vendorSpecific?.subOptions, 1);
  const code43 = subText(v.vendorSpecific?.subOptions, 2);
  const bbf = v.viVendorSpecific?.find((b) => b.enterprise === BBF_ENTERPRISE);
  const acs125 = subText(bbf?.subOptions, 11);
  const p159 = v.provisioningServer?.ipv4 ?? v.provisioningServer?.text;
  const options: DhcpServerOptions = {
    ...(v.serverId !== undefined ? { serverId: v.serverId } : {}),
    ...(v.leaseTime !== undefined ? { leaseSeconds: v.leaseTime } : {}),
    ...(v.renewalTime !== undefined ? { renewalSeconds: v.renewalTime } : {}),
    ...(v.rebindingTime !== undefined ? { rebindingSeconds: v.rebindingTime } : {}),
    ...(v.tftpServerName !== undefined ? { tftpServerName: v.tftpServerName } : {}),
    ...(v.tftpServers !== undefined ? { tftpServers: v.tftpServers } : {}),
    ...(p159 !== undefined ? { provisioningServer: p159 } : {}),
    ...(v.provisioningUrl !== undefined ? { provisioningUrl: v.provisioningUrl } : {}),
    ...(acs43 !== undefined ? { vendorSpecific: { acsUrl: acs43, ...(code43 !== undefined ? { provisioningCode: code43 } : {}) } } : {}),
    ...(acs125 !== undefined ? { vendorIdentifying: { acsUrl: acs125 } } : {}),
  };
  return { options, ...(v.subnetMask !== undefined ? { subnetMask: v.subnetMask } : {}) };
}

/** A BOOTREPLY as a model event; undefined for message types the client does not take. */
export function dhcpEventOf(msg: DhcpMessage, at: number): PhoneEvent | undefined {
  const type = viewOptions(msg).view.messageType;
  if (type === DHCPNAK) return { type: 'dhcp-nak', at, xid: msg.xid };
  if (type !== DHCPOFFER && type !== DHCPACK) return undefined;
  const { options } = serverOptionsOf(msg);
  return { type: type === DHCPOFFER ? 'dhcp-offer' : 'dhcp-ack', at, xid: msg.xid, yiaddr: msg.yiaddr, options };
}

/** Prefix length of a dotted mask (contiguous ones); 24 when absent or not contiguous. */
export function prefixLength(mask: string | undefined): number {
  if (mask === undefined) return 24;
  const n = mask.split('.').reduce((acc, p) => (acc << 8) | (Number(p) & 0xff), 0) >>> 0;
  const ones = n.toString(2).replace(/0+$/, '');
  return /^1*$/.test(ones) ? ones.length : 24;
}
