/**
 * DHCPv4 client sub-machine (RFC 2131 section 4.4 states: INIT/SELECTING/REQUESTING/BOUND/
 * RENEWING/REBINDING), reduced to what provisioning needs: xid matching, retransmission with
 * randomised exponential backoff, T1/T2 (DHCP-020), and extraction of the provisioning server
 * (DHCP_Option_To_Use, DHCP-002/005) and the ACS URL (DHCP-007/011).
 */
import type { StepCtx } from './ctx.js';
import type { DhcpLearned } from './facts.js';
import type { DhcpClientOptions, DhcpServerOptions } from './dhcp-types.js';
import { param } from './params.js';

/** Option 60 value for ACS discovery (DHCP-008, TR-069 Annex F). */
export const VENDOR_CLASS_ID = 'dslforum.org';

/** Base options every client asks for (RFC 2132: subnet, router, DNS, domain, NTP). */
const BASE_REQUEST_LIST = [1, 3, 6, 15, 42];

/** DHCP_Option_To_Use as numbers, unknown entries dropped (DHCP-002). */
export function optionsToUse(text: string): number[] {
  return text.split(',').map((x) => x.trim()).filter((x) => /^\d+$/.test(x)).map(Number);
}

/** Option 55: base list + every DHCP_Option_To_Use code except 60, which the client sends (DHCP-008). */
export function parameterRequestList(optionToUse: readonly number[]): number[] {
  const out = [...BASE_REQUEST_LIST];
  for (const c of optionToUse) if (c !== 60 && !out.includes(c)) out.push(c);
  return out;
}

function clientOptions(ctx: StepCtx, extra: Partial<DhcpClientOptions> = {}): DhcpClientOptions {
  return { parameterRequestList: parameterRequestList(optionsToUse(param(ctx.s.config, 'DHCP_Option_To_Use'))), vendorClassId: VENDOR_CLASS_ID, ...extra };
}

/**
 * RFC 2131 section 4.1: first retransmission after 4 s, doubling up to 64 s, each randomised by
 * a uniform -1..+1 s (X-DHCP-022). Retransmits forever at 64 s: bounded per step.
 */
export function retransmitDelayMs(ctx: StepCtx, retransmits: number): number {
  const base = Math.min(4000 * 2 ** Math.min(retransmits, 4), 64000);
  return base + ctx.random(-1000, 1000);
}

/** INIT -> SELECTING: a new xid and a DHCPDISCOVER (power-up, link-up, lease expiry, NAK). */
export function startDiscover(ctx: StepCtx): void {
  const reqs = ctx.fire('dhcp.init.discover');
  const xid = ctx.random(0, 0xffffffff);
  ctx.setDhcp({ phase: 'selecting', xid, retransmits: 0, offered: undefined });
  ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPDISCOVER', xid, destination: 'broadcast', options: clientOptions(ctx) }, reqs });
  ctx.startTimer('dhcp-retransmit', retransmitDelayMs(ctx, 0), reqs);
}

export function onRetransmitTimer(ctx: StepCtx): void {
  const d = ctx.s.dhcp;
  if (d.phase !== 'selecting' && d.phase !== 'requesting') return;
  const reqs = ctx.fire('dhcp.retransmit');
  const retransmits = d.retransmits + 1;
  ctx.setDhcp({ retransmits });
  if (d.phase === 'selecting') {
    ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPDISCOVER', xid: d.xid, destination: 'broadcast', options: clientOptions(ctx) }, reqs });
  } else {
    const offered = d.offered ?? { ip: '0.0.0.0' };
    ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPREQUEST', xid: d.xid, destination: 'broadcast', options: clientOptions(ctx, { requestedIp: offered.ip, serverId: offered.serverId }) }, reqs });
  }
  ctx.startTimer('dhcp-retransmit', retransmitDelayMs(ctx, retransmits), reqs);
}

export function onOffer(ctx: StepCtx, xid: number, yiaddr: string, options: DhcpServerOptions): void {
  const d = ctx.s.dhcp;
  if (d.phase !== 'selecting' || xid !== d.xid) {
    ctx.log(`DHCPOFFER ignored (xid 0x${xid.toString(16)} in ${d.phase})`, ctx.fire('dhcp.offer.ignored'));
    return;
  }
  const reqs = ctx.fire('dhcp.selecting.offer');
  ctx.setDhcp({ phase: 'requesting', offered: { ip: yiaddr, serverId: options.serverId }, retransmits: 0 });
  ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPREQUEST', xid, destination: 'broadcast', options: clientOptions(ctx, { requestedIp: yiaddr, serverId: options.serverId }) }, reqs });
  ctx.startTimer('dhcp-retransmit', retransmitDelayMs(ctx, 0), reqs);
}

/** Returns 'new' on a first binding (provisioning may start), 'renewed' on RENEWING/REBINDING. */
export function onAck(ctx: StepCtx, xid: number, yiaddr: string, options: DhcpServerOptions): 'new' | 'renewed' | undefined {
  const d = ctx.s.dhcp;
  const expecting = d.phase === 'requesting' || d.phase === 'renewing' || d.phase === 'rebinding';
  if (!expecting || xid !== d.xid) {
    // RFC 2131 4.4.5 / DHCP-018: a reply whose xid does not match is discarded.
    ctx.log(`DHCPACK ignored (xid 0x${xid.toString(16)} in ${d.phase})`, ctx.fire('dhcp.ack.ignored'));
    return undefined;
  }
  const renewed = d.phase !== 'requesting';
  const reqs = ctx.fire(renewed ? 'dhcp.renew.ack' : 'dhcp.requesting.ack');
  ctx.cancelTimer('dhcp-retransmit', reqs);
  const learned = learnFromAck(yiaddr, options, optionsToUse(param(ctx.s.config, 'DHCP_Option_To_Use')));
  ctx.setDhcp({ phase: 'bound', learned, provisioningConfigured: d.provisioningConfigured || learned.provisioningOption !== undefined });
  armLeaseTimers(ctx, options);
  return renewed ? 'renewed' : 'new';
}

export function onNak(ctx: StepCtx, xid: number): void {
  const d = ctx.s.dhcp;
  if (xid !== d.xid || d.phase === 'bound' || d.phase === 'idle' || d.phase === 'selecting') {
    ctx.log('DHCPNAK ignored', ctx.fire('dhcp.nak.ignored'));
    return;
  }
  ctx.fire('dhcp.nak.restart');
  for (const t of ['dhcp-t1', 'dhcp-t2', 'dhcp-lease', 'dhcp-retransmit'] as const) ctx.cancelTimer(t, []);
  startDiscover(ctx);
}

/** DHCP-020: T1 = option 58 or 0.5 lease, T2 = option 59 or 0.875 lease (RFC 2131 4.4.5). */
export function leaseTimes(o: DhcpServerOptions): { t1: number; t2: number; lease: number } | undefined {
  if (o.leaseSeconds === undefined || o.leaseSeconds === 0xffffffff) return undefined; // infinite lease
  const lease = o.leaseSeconds;
  let t1 = o.renewalSeconds ?? Math.floor(lease * 0.5);
  let t2 = o.rebindingSeconds ?? Math.floor(lease * 0.875);
  // Inconsistent server values (DHCP-020 says T1 < T2 < lease): fall back to the fractions.
  if (!(t1 < t2 && t2 < lease)) { t1 = Math.floor(lease * 0.5); t2 = Math.floor(lease * 0.875); }
  return { t1, t2, lease };
}

function armLeaseTimers(ctx: StepCtx, o: DhcpServerOptions): void {
  const times = leaseTimes(o);
  if (!times) return;
  const reqs = ['DHCP-020'];
  ctx.startTimer('dhcp-t1', times.t1 * 1000, reqs);
  ctx.startTimer('dhcp-t2', times.t2 * 1000, reqs);
  ctx.startTimer('dhcp-lease', times.lease * 1000, reqs);
}

export function onLeaseTimer(ctx: StepCtx, name: 'dhcp-t1' | 'dhcp-t2' | 'dhcp-lease'): void {
  const d = ctx.s.dhcp;
  const ip = d.learned?.ip ?? '0.0.0.0';
  if (name === 'dhcp-t1' && d.phase === 'bound') {
    // RFC 2131 4.4.5: RENEWING, unicast REQUEST to the leasing server with ciaddr set.
    const reqs = ctx.fire('dhcp.bound.t1');
    const xid = ctx.random(0, 0xffffffff);
    ctx.setDhcp({ phase: 'renewing', xid });
    ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPREQUEST', xid, ciaddr: ip, destination: d.offered?.serverId ?? 'broadcast', options: clientOptions(ctx) }, reqs });
  } else if (name === 'dhcp-t2' && (d.phase === 'renewing' || d.phase === 'bound')) {
    const reqs = ctx.fire('dhcp.renewing.t2');
    const xid = ctx.random(0, 0xffffffff);
    ctx.setDhcp({ phase: 'rebinding', xid });
    ctx.emit({ type: 'send-dhcp', dhcp: { message: 'DHCPREQUEST', xid, ciaddr: ip, destination: 'broadcast', options: clientOptions(ctx) }, reqs });
  } else if (name === 'dhcp-lease') {
    ctx.fire('dhcp.lease.expired');
    ctx.cancelTimer('dhcp-t1', []);
    ctx.cancelTimer('dhcp-t2', []);
    startDiscover(ctx);
  }
}

function hostOfUrl(url: string): string | undefined {
  const m = /^(?:[a-z]+:\/\/)?(\[[^\]]+\]|[^/:]+)/i.exec(url.trim());
  return m?.[1];
}

/**
 * Reads the ACK per DHCP_Option_To_Use order: the first provisioning option present wins
 * (DHCP-002, DHCP-005); ACS discovery per DHCP-011 with the X-DHCP-020 tie-break.
 */
export function learnFromAck(ip: string, o: DhcpServerOptions, order: readonly number[]): DhcpLearned {
  let provisioningOption: DhcpLearned['provisioningOption'];
  let tftpServer: string | undefined;
  let provisioningUrl: string | undefined;
  for (const code of order) {
    if (code === 66 && o.tftpServerName) { provisioningOption = 66; tftpServer = o.tftpServerName; }
    else if (code === 150 && o.tftpServers && o.tftpServers.length > 0) { provisioningOption = 150; tftpServer = o.tftpServers[0]; }
    else if (code === 159 && o.provisioningServer) { provisioningOption = 159; tftpServer = o.provisioningServer; }
    else if (code === 160 && o.provisioningUrl) { provisioningOption = 160; provisioningUrl = o.provisioningUrl; tftpServer = hostOfUrl(o.provisioningUrl); }
    if (provisioningOption !== undefined) break;
  }
  const url43 = o.vendorSpecific?.acsUrl;
  const url125 = o.vendorIdentifying?.acsUrl;
  const i43 = order.indexOf(43);
  const i125 = order.indexOf(125);
  let choice: 43 | 125 | undefined;
  const has43 = url43 !== undefined && i43 >= 0;
  const has125 = url125 !== undefined && i125 >= 0;
  if (has43 && has125) choice = i43 < i125 ? 43 : 125; // X-DHCP-020: both requested, list order decides
  else if (has43) choice = 43;
  else if (has125) choice = 125;
  else if (i43 < 0 && i125 < 0 && url43 !== undefined) choice = 43; // DHCP-011: neither requested -> 43
  let acs: DhcpLearned['acs'];
  if (choice === 43 && url43 !== undefined) {
    const code = o.vendorSpecific?.provisioningCode;
    acs = { option: 43, url: url43, ...(code !== undefined ? { provisioningCode: code } : {}) };
  } else if (choice === 125 && url125 !== undefined) acs = { option: 125, url: url125 };
  return {
    ip,
    ...(provisioningOption !== undefined ? { provisioningOption } : {}),
    ...(tftpServer !== undefined ? { tftpServer } : {}),
    ...(provisioningUrl !== undefined ? { provisioningUrl } : {}),
    ...(acs !== undefined ? { acs } : {}),
  };
}
