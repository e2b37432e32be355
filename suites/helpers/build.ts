/**
 * Send builders (style-examples.md #17, osmocom `ts_` templates): complete, valid client messages
 * with every field filled in; callers override only what their stimulus is about.
 */
import { BBF_ENTERPRISE, DHCPDISCOVER, DHCPINFORM, DHCPREQUEST, opt, type DhcpMessage, type DhcpOption } from '../../lib/codec/dhcp/index.js';
import { DEFAULT_PARAMETER_REQUEST_LIST, dhcpRequestMessage } from '../../lib/emulator/clients/dhcp-dora.js';
import { macBytes } from '../../lib/emulator/net/mac.js';

export interface ClientFields {
  readonly mac: string;
  readonly xid: number;
  /** Option 60 (e.g. the product, or dslforum.org for CWMP clients). */
  readonly vendorClass?: string;
  /** Send option 61 (type 1 + MAC) like the phones do; default true. */
  readonly clientId?: boolean;
  readonly paramRequestList?: readonly number[];
  /** Further options, after the standard ones. */
  readonly extra?: readonly DhcpOption[];
}

function common(f: ClientFields): DhcpOption[] {
  const out: DhcpOption[] = [];
  if (f.clientId !== false) out.push(opt.clientId(1, macBytes(f.mac)));
  if (f.vendorClass !== undefined) out.push(opt.vendorClass(f.vendorClass));
  out.push(opt.paramRequestList(f.paramRequestList ?? DEFAULT_PARAMETER_REQUEST_LIST));
  return [...out, ...(f.extra ?? [])];
}

export const build = {
  /** RFC 2131 section 4.4.1: DISCOVER, broadcast flag set, ciaddr 0. */
  dhcpDiscover(f: ClientFields): DhcpMessage {
    return dhcpRequestMessage(f.mac, f.xid, [opt.messageType(DHCPDISCOVER), ...common(f)]);
  },
  /** RFC 2131 section 4.3.2 SELECTING: option 50 = the offered yiaddr, option 54 = the offer's server. */
  dhcpRequestSelecting(f: ClientFields & { readonly requestedIp: string; readonly serverId: string }): DhcpMessage {
    return dhcpRequestMessage(f.mac, f.xid, [opt.messageType(DHCPREQUEST), opt.requestedIp(f.requestedIp), opt.serverId(f.serverId), ...common(f)]);
  },
  /** RFC 2131 section 4.3.2 INIT-REBOOT: option 50, no server identifier, ciaddr 0. */
  dhcpRequestInitReboot(f: ClientFields & { readonly requestedIp: string }): DhcpMessage {
    return dhcpRequestMessage(f.mac, f.xid, [opt.messageType(DHCPREQUEST), opt.requestedIp(f.requestedIp), ...common(f)]);
  },
  /** RFC 2131 section 4.4.3: INFORM from a configured address (ciaddr), no option 50. */
  dhcpInform(f: ClientFields & { readonly ciaddr: string }): DhcpMessage {
    return dhcpRequestMessage(f.mac, f.xid, [opt.messageType(DHCPINFORM), ...common(f)], { ciaddr: f.ciaddr });
  },
};

/** Option 125 a TR-069 device sends: enterprise 3561, sub-options 1-3 (OUI, serial, product class) (DHCP-012). */
export function deviceOption125(serial: string): DhcpOption {
  return opt.viVendorSpecific125([{ enterprise: BBF_ENTERPRISE, subopts: [{ code: 1, data: '02C0DE' }, { code: 2, data: serial }, { code: 3, data: 'provcert-phone' }] }]);
}
