/**
 * Option makers, so that tests and suites build messages without byte blobs:
 *   options: [opt.messageType(DHCPDISCOVER), opt.vendorClass('dslforum.org'), opt.paramRequestList([1, 3, 66, 150])]
 * Each returns one DhcpOption and throws PC_ERR_ENCODE_INVALID when the value does not fit one
 * length octet; use `splitLong` to carry a longer value as several instances (RFC 3396 section 5).
 */
import { encodeError, ipv4ToBytes, u16Bytes, u32Bytes, utf8, checkInt } from './bytes.js';
import { encodeEnterpriseBlocks, encodeTlv } from './suboptions.js';
import type { DhcpOption, DhcpSubOption } from './types.js';

function one(code: number, data: Uint8Array): DhcpOption {
  checkInt(code, 1, 254, 'option code');
  if (data.length > 255) throw encodeError(`option ${code}: ${data.length} bytes do not fit one instance; use opt.splitLong (RFC 3396)`);
  return { code, data };
}

function ipList(ips: readonly string[], what: string): Uint8Array {
  if (ips.length === 0) throw encodeError(`${what}: at least one address`);
  const out = new Uint8Array(ips.length * 4);
  ips.forEach((ip, i) => out.set(ipv4ToBytes(ip, what), i * 4));
  return out;
}

function str(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? utf8(s) : s;
}

function subBytes(s: DhcpSubOption | { code: number; data: string | Uint8Array }): DhcpSubOption {
  return { code: s.code, data: str(s.data) };
}

export type SubOptionInput = { code: number; data: string | Uint8Array };

export const opt = {
  raw: (code: number, data: Uint8Array | readonly number[]): DhcpOption => one(code, Uint8Array.from(data)),
  /** A Pad byte (code 0). */
  pad: (): DhcpOption => ({ code: 0, data: new Uint8Array(0) }),
  subnetMask: (ip: string) => one(1, ipv4ToBytes(ip, 'option 1')),
  routers: (ips: readonly string[]) => one(3, ipList(ips, 'option 3')),
  dnsServers: (ips: readonly string[]) => one(6, ipList(ips, 'option 6')),
  hostName: (name: string) => one(12, utf8(name)),
  domainName: (name: string) => one(15, utf8(name)),
  broadcastAddress: (ip: string) => one(28, ipv4ToBytes(ip, 'option 28')),
  /**
   * Option 43 from sub-options (RFC 2132 section 8.4), e.g. the TR-069 ACS URL as sub-option 1.
   * `end: true` appends END (255) the way dnsmasq does.
   */
  vendorSpecific43: (subs: readonly SubOptionInput[], o: { end?: boolean } = {}): DhcpOption => {
    const tlv = encodeTlv(subs.map(subBytes), 'option 43');
    return one(43, o.end ? Uint8Array.from([...tlv, 255]) : tlv);
  },
  requestedIp: (ip: string) => one(50, ipv4ToBytes(ip, 'option 50')),
  leaseTime: (seconds: number) => one(51, u32Bytes(seconds, 'option 51')),
  overload: (value: number) => { checkInt(value, 0, 255, 'option 52'); return one(52, Uint8Array.of(value)); },
  messageType: (type: number) => { checkInt(type, 0, 255, 'option 53'); return one(53, Uint8Array.of(type)); },
  serverId: (ip: string) => one(54, ipv4ToBytes(ip, 'option 54')),
  paramRequestList: (codes: readonly number[]) => {
    codes.forEach((c) => checkInt(c, 0, 255, 'option 55 item'));
    return one(55, Uint8Array.from(codes));
  },
  maxMessageSize: (size: number) => one(57, u16Bytes(size, 'option 57')),
  renewalTime: (seconds: number) => one(58, u32Bytes(seconds, 'option 58')),
  rebindingTime: (seconds: number) => one(59, u32Bytes(seconds, 'option 59')),
  vendorClass: (id: string | Uint8Array) => one(60, str(id)),
  /** RFC 2132 section 9.14: type (1 = Ethernet) then the identifier bytes. */
  clientId: (type: number, id: Uint8Array | readonly number[]) => {
    checkInt(type, 0, 255, 'option 61 type');
    return one(61, Uint8Array.from([type, ...id]));
  },
  tftpServerName: (name: string) => one(66, utf8(name)),
  bootfileName: (name: string) => one(67, utf8(name)),
  relayAgentInfo: (subs: readonly SubOptionInput[]) => one(82, encodeTlv(subs.map(subBytes), 'option 82')),
  /** RFC 3925 section 3: per enterprise, length-prefixed class items. */
  viVendorClass124: (blocks: readonly { enterprise: number; classes: readonly (string | Uint8Array)[] }[]) =>
    one(124, encodeEnterpriseBlocks(blocks.map((b) => ({
      enterprise: b.enterprise,
      data: Uint8Array.from(b.classes.flatMap((c) => {
        const d = str(c);
        if (d.length > 255) throw encodeError('option 124 class item over 255 bytes');
        return [d.length, ...d];
      })),
    })), 'option 124')),
  /** RFC 3925 section 4: per enterprise, data-len then sub-options. */
  viVendorSpecific125: (blocks: readonly { enterprise: number; subopts: readonly SubOptionInput[] }[]) =>
    one(125, encodeEnterpriseBlocks(blocks.map((b) => ({ enterprise: b.enterprise, data: encodeTlv(b.subopts.map(subBytes), 'option 125') })), 'option 125')),
  /** Cisco TFTP server address list (RFC 5859). */
  tftpServers150: (ips: readonly string[]) => one(150, ipList(ips, 'option 150')),
  /** Option 159 as a 4-octet IPv4 address (`{ ipv4 }`) or as text (`{ text }`), see X-DHCP-001. */
  provisioningServer159: (v: { ipv4: string } | { text: string }) => one(159, 'ipv4' in v ? ipv4ToBytes(v.ipv4, 'option 159') : utf8(v.text)),
  provisioningUrl160: (url: string) => one(160, utf8(url)),
  /**
   * RFC 3396 section 5: a value longer than 255 bytes as consecutive instances of the same code
   * (255 bytes each, the last one shorter). Place the instances in one area, or spread them over
   * options/file/sname with `area` on each; the receiver concatenates in that order.
   */
  splitLong: (code: number, data: Uint8Array): DhcpOption[] => {
    checkInt(code, 1, 254, 'option code');
    const out: DhcpOption[] = [];
    for (let i = 0; i < data.length || (i === 0 && data.length === 0); i += 255) out.push({ code, data: data.slice(i, i + 255) });
    return out;
  },
};
