/**
 * The typed reading of a message's options. RFC 3396 section 5: all instances of one code, across
 * the options, file and sname fields in that order, are concatenated before interpretation; the raw
 * list in DhcpMessage keeps the split. Options whose payload does not fit their definition are left
 * out of the view with a finding; their bytes stay in `byCode`.
 */
import type { CodecFinding } from '../types.js';
import { MESSAGE_TYPES, OPTION_PAD, optionName, withRequirement } from './codes.js';
import { decodeText, readIpv4, readU16, readU32 } from './bytes.js';
import { parseEnterpriseBlocks, parseLengthPrefixed, parseTlv } from './suboptions.js';
import type { DhcpArea, DhcpMessage, DhcpSubOption } from './types.js';
import { optionOffsets } from './area.js';

export interface DhcpClientId {
  /** RFC 2132 section 9.14: 1 = Ethernet MAC follows, 0 = opaque, 255 = RFC 4361 IAID/DUID. */
  readonly type: number;
  readonly data: Uint8Array;
}

export interface DhcpVendorSpecific43 {
  readonly raw: Uint8Array;
  /** Present when the payload is a code/length/value list. */
  readonly subOptions?: readonly DhcpSubOption[];
  readonly endTerminated: boolean;
}

export interface DhcpViVendorClass {
  readonly enterprise: number;
  readonly data: Uint8Array;
  /** The length-prefixed class items of RFC 3925 section 3, when well formed. */
  readonly classes?: readonly Uint8Array[];
}

export interface DhcpViVendorSpecific {
  readonly enterprise: number;
  readonly subOptions: readonly DhcpSubOption[];
}

/** Option 159 read both ways: Cisco calls it "provisioning server IP" without a wire type (X-DHCP-001). */
export interface DhcpProvisioningServer159 {
  /** Set when the payload is exactly 4 octets. */
  readonly ipv4?: string;
  /** Set when the payload is printable text (NVT ASCII), e.g. a URL or a dotted quad as text. */
  readonly text?: string;
}

export interface DhcpOptionView {
  /** Concatenated payload per code (RFC 3396), in order of first appearance; Pad excluded. */
  readonly byCode: ReadonlyMap<number, Uint8Array>;
  subnetMask?: string;
  routers?: string[];
  dnsServers?: string[];
  hostName?: string;
  domainName?: string;
  broadcastAddress?: string;
  vendorSpecific?: DhcpVendorSpecific43;
  requestedIp?: string;
  leaseTime?: number;
  overload?: number;
  messageType?: number;
  /** RFC 2132 name ('DHCPOFFER'), or MESSAGE_TYPE_<n> for unregistered values. */
  messageTypeName?: string;
  serverId?: string;
  parameterRequestList?: number[];
  maxMessageSize?: number;
  renewalTime?: number;
  rebindingTime?: number;
  vendorClass?: string;
  clientId?: DhcpClientId;
  tftpServerName?: string;
  bootfileName?: string;
  relayAgentInfo?: DhcpSubOption[];
  viVendorClass?: DhcpViVendorClass[];
  viVendorSpecific?: DhcpViVendorSpecific[];
  tftpServers?: string[];
  provisioningServer?: DhcpProvisioningServer159;
  provisioningUrl?: string;
}

interface Ctx {
  readonly findings: CodecFinding[];
  readonly offsetOf: (code: number) => number;
}

function lengthFinding(ctx: Ctx, code: number, len: number, want: string): void {
  ctx.findings.push({
    code: 'dhcp-option-length',
    path: `options.${code}`,
    offset: ctx.offsetOf(code),
    message: `option ${code} (${optionName(code)}) has ${len} bytes, expected ${want}`,
  });
}

function ipv4(ctx: Ctx, code: number, d: Uint8Array): string | undefined {
  if (d.length !== 4) return void lengthFinding(ctx, code, d.length, '4');
  return readIpv4(d, 0);
}

function ipv4List(ctx: Ctx, code: number, d: Uint8Array): string[] | undefined {
  if (d.length === 0 || d.length % 4 !== 0) return void lengthFinding(ctx, code, d.length, 'a non-zero multiple of 4');
  const out: string[] = [];
  for (let i = 0; i < d.length; i += 4) out.push(readIpv4(d, i));
  return out;
}

function u32(ctx: Ctx, code: number, d: Uint8Array): number | undefined {
  if (d.length !== 4) return void lengthFinding(ctx, code, d.length, '4');
  return readU32(d, 0);
}

/**
 * NVT ASCII string options. RFC 2132 section 2: senders SHOULD NOT add a trailing NUL, receivers
 * MUST be prepared to delete trailing NULs (dnsmasq appends one to option 66): an info finding.
 */
function text(ctx: Ctx, code: number, d: Uint8Array): string {
  let end = d.length;
  while (end > 0 && d[end - 1] === 0) end--;
  const path = `options.${code}`;
  if (end < d.length) {
    ctx.findings.push({ code: 'dhcp-string-nul-terminated', path, offset: ctx.offsetOf(code), message: `option ${code} (${optionName(code)}) ends with ${d.length - end} NUL byte(s); removed` });
  }
  const body = d.subarray(0, end);
  if (body.includes(0)) {
    ctx.findings.push({ code: 'dhcp-string-embedded-nul', path, offset: ctx.offsetOf(code), message: `option ${code} (${optionName(code)}) contains a NUL inside the string` });
  }
  const t = decodeText(body);
  if (!t.utf8) {
    ctx.findings.push({ code: 'dhcp-string-not-utf8', path, offset: ctx.offsetOf(code), message: `option ${code} (${optionName(code)}) is not UTF-8; read as Latin-1` });
  }
  return t.text;
}

function malformed(ctx: Ctx, code: number, what: string): undefined {
  ctx.findings.push({ code: 'dhcp-suboptions-malformed', path: `options.${code}`, offset: ctx.offsetOf(code), message: `option ${code} (${optionName(code)}): ${what}` });
  return undefined;
}

function vendorSpecific43(ctx: Ctx, d: Uint8Array): DhcpVendorSpecific43 {
  const tlv = parseTlv(d, true);
  if (!tlv) {
    ctx.findings.push({ code: 'dhcp-43-not-tlv', path: 'options.43', offset: ctx.offsetOf(43), message: 'option 43 is not a code/length/value list; kept as raw vendor data' });
    return { raw: d, endTerminated: false };
  }
  if (tlv.endTerminated) {
    // RFC 2132 section 8.4: encapsulated options use the options-field syntax, END included.
    ctx.findings.push({ code: 'dhcp-43-end-terminated', path: 'options.43', offset: ctx.offsetOf(43), message: 'option 43 ends with an END (255) byte' });
  }
  return { raw: d, subOptions: tlv.subOptions, endTerminated: tlv.endTerminated };
}

function isPrintable(d: Uint8Array): boolean {
  return d.length > 0 && d.every((c) => c >= 0x20 && c < 0x7f);
}

function typed(view: DhcpOptionView, ctx: Ctx, code: number, d: Uint8Array): void {
  switch (code) {
    case 1: view.subnetMask = ipv4(ctx, code, d); break;
    case 3: view.routers = ipv4List(ctx, code, d); break;
    case 6: view.dnsServers = ipv4List(ctx, code, d); break;
    case 12: view.hostName = text(ctx, code, d); break;
    case 15: view.domainName = text(ctx, code, d); break;
    case 28: view.broadcastAddress = ipv4(ctx, code, d); break;
    case 43: view.vendorSpecific = vendorSpecific43(ctx, d); break;
    case 50: view.requestedIp = ipv4(ctx, code, d); break;
    case 51: view.leaseTime = u32(ctx, code, d); break;
    case 52: if (d.length === 1) view.overload = d[0]; else lengthFinding(ctx, code, d.length, '1'); break;
    case 53:
      if (d.length !== 1) { lengthFinding(ctx, code, d.length, '1'); break; }
      view.messageType = d[0]!;
      view.messageTypeName = MESSAGE_TYPES[d[0]!] ?? `MESSAGE_TYPE_${d[0]}`;
      if (MESSAGE_TYPES[d[0]!] === undefined) {
        ctx.findings.push({ code: 'dhcp-message-type-unknown', path: 'options.53', offset: ctx.offsetOf(53), message: `message type ${d[0]} is not registered` });
      }
      break;
    case 54: view.serverId = ipv4(ctx, code, d); break;
    case 55: view.parameterRequestList = [...d]; break;
    case 57:
      if (d.length !== 2) { lengthFinding(ctx, code, d.length, '2'); break; }
      view.maxMessageSize = readU16(d, 0);
      if (view.maxMessageSize < 576) {
        ctx.findings.push({ code: 'dhcp-max-size-too-small', path: 'options.57', offset: ctx.offsetOf(57), message: `maximum message size ${view.maxMessageSize} is below 576 (RFC 2132 section 9.10)` });
      }
      break;
    case 58: view.renewalTime = u32(ctx, code, d); break;
    case 59: view.rebindingTime = u32(ctx, code, d); break;
    case 60: view.vendorClass = text(ctx, code, d); break;
    case 61:
      // RFC 2132 section 9.14: type octet plus at least one octet of identifier.
      if (d.length < 2) { lengthFinding(ctx, code, d.length, 'at least 2'); break; }
      view.clientId = { type: d[0]!, data: d.slice(1) };
      break;
    case 66: view.tftpServerName = text(ctx, code, d); break;
    case 67: view.bootfileName = text(ctx, code, d); break;
    case 82: {
      const tlv = parseTlv(d, false);
      view.relayAgentInfo = tlv ? tlv.subOptions : malformed(ctx, code, 'sub-options do not add up to the option length (RFC 3046 section 2.0)');
      break;
    }
    case 124: {
      const blocks = parseEnterpriseBlocks(d);
      view.viVendorClass = blocks
        ? blocks.map((b) => {
          const classes = parseLengthPrefixed(b.data);
          return classes ? { enterprise: b.enterprise, data: b.data, classes } : { enterprise: b.enterprise, data: b.data };
        })
        : malformed(ctx, code, 'enterprise-number/data-len blocks do not add up (RFC 3925 section 3)');
      break;
    }
    case 125: {
      const blocks = parseEnterpriseBlocks(d);
      const parsed = blocks?.map((b) => ({ enterprise: b.enterprise, tlv: parseTlv(b.data, false) }));
      view.viVendorSpecific = parsed && parsed.every((p) => p.tlv)
        ? parsed.map((p) => ({ enterprise: p.enterprise, subOptions: p.tlv!.subOptions }))
        : malformed(ctx, code, 'enterprise-number/data-len/sub-option layout does not add up (RFC 3925 section 4)');
      break;
    }
    case 150: view.tftpServers = ipv4List(ctx, code, d); break;
    case 159: {
      const server: { ipv4?: string; text?: string } = {};
      if (d.length === 4) server.ipv4 = readIpv4(d, 0);
      let end = d.length;
      while (end > 0 && d[end - 1] === 0) end--;
      if (isPrintable(d.subarray(0, end))) server.text = text(ctx, code, d);
      if (server.ipv4 === undefined && server.text === undefined) lengthFinding(ctx, code, d.length, '4 (IPv4) or printable text');
      else view.provisioningServer = server;
      break;
    }
    case 160: view.provisioningUrl = text(ctx, code, d); break;
    default: break;
  }
}

const AREA_ORDER: readonly DhcpArea[] = ['options', 'file', 'sname'];

/**
 * Builds the typed view of `msg.options`. `base` is the absolute offset of the message in the
 * decoded input, so that findings point at real bytes.
 */
export function viewOptions(msg: DhcpMessage, base = 0): { view: DhcpOptionView; findings: CodecFinding[] } {
  const findings: CodecFinding[] = [];
  const firstOffset = new Map<number, number>();
  const parts = new Map<number, Uint8Array[]>();
  const offsets = optionOffsets(msg);
  const placed = msg.options.map((o, i) => ({ o, area: o.area ?? 'options', at: base + offsets[i]! }));
  for (const area of AREA_ORDER) {
    for (const { o, at } of placed.filter((p) => p.area === area)) {
      if (o.code === OPTION_PAD) continue;
      if (o.code === 52 && area !== 'options') {
        findings.push({ code: 'dhcp-overload-misplaced', path: `${area}.52`, offset: at, message: `option 52 inside the ${area} field is ignored (RFC 2131 section 4.1)` });
        continue;
      }
      if (!firstOffset.has(o.code)) firstOffset.set(o.code, at);
      const list = parts.get(o.code) ?? [];
      list.push(o.data);
      parts.set(o.code, list);
    }
  }
  const byCode = new Map<number, Uint8Array>();
  for (const [code, list] of parts) {
    if (list.length > 1) {
      findings.push({ code: 'dhcp-option-split', path: `options.${code}`, offset: firstOffset.get(code)!, message: `option ${code} (${optionName(code)}) appears ${list.length} times; concatenated (RFC 3396)` });
    }
    const total = list.reduce((n, d) => n + d.length, 0);
    const joined = new Uint8Array(total);
    let pos = 0;
    for (const d of list) { joined.set(d, pos); pos += d.length; }
    byCode.set(code, joined);
  }
  const view: DhcpOptionView = { byCode };
  const ctx: Ctx = { findings, offsetOf: (code) => firstOffset.get(code) ?? base };
  for (const [code, data] of byCode) typed(view, ctx, code, data);
  for (const k of Object.keys(view) as (keyof DhcpOptionView)[]) if (view[k] === undefined) delete view[k];
  return { view, findings: findings.map(withRequirement) };
}
