/**
 * Repeated DHCP exchanges shared by the suites (style-examples.md #16: helpers, not copy-paste).
 * Each returns what crossed the wire as Observed values, so matchers can point at frames.
 */
import { CWMP_VENDOR_CLASS, DHCPACK, DHCPNAK, DHCPOFFER, viewOptions, type DhcpMessage } from '../../lib/codec/dhcp/index.js';
import { notApplicable } from '../../lib/runner/judgement.js';
import type { Observed, TargetView, TestContext } from '../../lib/runner/types.js';
import { build, deviceOption125, type ClientFields } from './build.js';
import { expect } from './expect.js';

type Fields = Omit<ClientFields, 'mac' | 'xid'>;

export function newXid(ctx: TestContext): number {
  return Math.floor(ctx.random() * 0xffffffff) >>> 0;
}

export function messageType(m: DhcpMessage): number | undefined {
  return viewOptions(m).view.messageType;
}

/** Sends `msg` and waits for the next reply to the same phone (any xid: the xid check is the test's). */
export async function exchange(ctx: TestContext, mac: string, msg: DhcpMessage): Promise<{ sent: Observed<DhcpMessage>; reply: Observed<DhcpMessage> | undefined }> {
  const pending = ctx.dhcp.next(mac, ctx.replyTimeoutMs);
  const sent = await ctx.dhcp.send(mac, msg);
  return { sent, reply: await pending };
}

export interface Discovered {
  readonly mac: string;
  readonly xid: number;
  readonly discover: Observed<DhcpMessage>;
  readonly offer: Observed<DhcpMessage>;
}

/** DISCOVER -> OFFER; a missing answer fails `requirement` (a DHCP server must answer a DISCOVER). */
export async function discover(ctx: TestContext, requirement: string, fields: Fields = {}): Promise<Discovered> {
  const mac = ctx.newMac();
  const xid = newXid(ctx);
  const { sent, reply } = await exchange(ctx, mac, build.dhcpDiscover({ mac, xid, ...fields }));
  const offer = expect.reply(reply, requirement, 'DHCPOFFER in answer to a DHCPDISCOVER', ctx.replyTimeoutMs);
  return { mac, xid, discover: sent, offer };
}

export interface Dora extends Discovered {
  readonly request: Observed<DhcpMessage>;
  readonly ack: Observed<DhcpMessage>;
}

/** DISCOVER -> OFFER -> REQUEST (SELECTING, same xid) -> ACK. */
export async function dora(ctx: TestContext, requirement: string, fields: Fields = {}): Promise<Dora> {
  const d = await discover(ctx, requirement, fields);
  const serverId = viewOptions(d.offer.value).view.serverId;
  if (messageType(d.offer.value) !== DHCPOFFER || serverId === undefined) {
    notApplicable(`the answer to the DISCOVER was ${d.offer.label}${serverId === undefined ? ' without a server identifier' : ''}, so no REQUEST could follow (other tests judge that)`);
  }
  const { sent, reply } = await exchange(ctx, d.mac, build.dhcpRequestSelecting({ mac: d.mac, xid: d.xid, requestedIp: d.offer.value.yiaddr, serverId, ...fields }));
  const ack = expect.reply(reply, requirement, 'DHCPACK in answer to a DHCPREQUEST (SELECTING)', ctx.replyTimeoutMs);
  return { ...d, request: sent, ack };
}

/**
 * Provokes a DHCPNAK: an INIT-REBOOT REQUEST for an address on another network (192.0.2.1,
 * TEST-NET-1; only an option value, nothing is sent to it). RFC 2131 section 4.3.2: the server
 * SHOULD answer NAK. A server that stays silent gives nothing to judge: n/a.
 */
export async function provokeNak(ctx: TestContext): Promise<{ request: Observed<DhcpMessage>; nak: Observed<DhcpMessage> }> {
  const mac = ctx.newMac();
  const xid = newXid(ctx);
  const { sent, reply } = await exchange(ctx, mac, build.dhcpRequestInitReboot({ mac, xid, requestedIp: '192.0.2.1' }));
  if (!reply || messageType(reply.value) !== DHCPNAK) {
    notApplicable(reply ? `the target answered an INIT-REBOOT request for 192.0.2.1 with ${reply.label}, not DHCPNAK` : 'the target sent no DHCPNAK to an INIT-REBOOT request for an address on another network (RFC 2131 4.3.2: SHOULD), so NAK rules cannot be checked');
  }
  return { request: sent, nak: reply };
}

/** A bound client asks for configuration only (RFC 2131 section 4.3.5): DORA, then INFORM from the lease. */
export async function inform(ctx: TestContext, requirement: string): Promise<{ lease: Dora; request: Observed<DhcpMessage>; ack: Observed<DhcpMessage> }> {
  const lease = await dora(ctx, requirement);
  if (messageType(lease.ack.value) !== DHCPACK) notApplicable(`the REQUEST was answered with ${lease.ack.label}; no lease to send an INFORM from`);
  const xid = newXid(ctx);
  // The server answers an INFORM by unicast to ciaddr (RFC 2131 section 4.3.5): in the lab that must
  // be an address the phone host really has (the lease is not configured on an interface there).
  const ciaddr = ctx.localAddress ?? lease.ack.value.yiaddr;
  const { sent, reply } = await exchange(ctx, lease.mac, build.dhcpInform({ mac: lease.mac, xid, ciaddr }));
  const ack = expect.reply(reply, requirement, 'DHCPACK in answer to a DHCPINFORM', ctx.replyTimeoutMs);
  return { lease, request: sent, ack };
}

/** Only targets that declare an ACS are expected to hand one out (DHCP-009, DHCP-013); the reason otherwise. */
export function acsUndeclared(t: TargetView): string | undefined {
  return t.spec.acs !== undefined || t.serves.includes('acs') ? undefined : `target ${t.name} declares no ACS (acs in the target file), so it has no ACS URL to hand out`;
}

/** The OFFER to a DISCOVER as a TR-069 device sends it: option 60 dslforum.org and option 125/3561 sub-options 1-3 (TR-069 Annex F). */
export async function cwmpOffer(ctx: TestContext, requirement: string): Promise<Observed<DhcpMessage>> {
  return (await discover(ctx, requirement, { vendorClass: CWMP_VENDOR_CLASS, extra: [deviceOption125(`FCH${ctx.testId.length}`)], paramRequestList: [1, 3, 6, 43, 125, 66, 150, 159, 160] })).offer;
}
