/**
 * The host names a DHCP reply hands a phone (DHCP-004, DHCP-005): option 66 (RFC 2132 section 9.4,
 * the TFTP server name), the host of every URL alternative in option 160, and the ACS URL hosts of
 * option 43 sub-option 1 (DHCP-009) and option 125 enterprise 3561 sub-option 11 (DHCP-013). IP
 * literals need no lookup and are left out; a trailing NUL is tolerated as elsewhere (X-DHCP-002).
 * Pure: no sockets.
 */
import { BBF_ENTERPRISE, viewOptions, type DhcpMessage, type DhcpSubOption } from '../../lib/codec/dhcp/index.js';
import { parseRule } from '../../lib/profile-rule/index.js';
import { isAddressLiteral } from '../helpers/dns-lookup.js';

/** A name and the options that carry it (`66`, `160`, `43.1`, `125.11`). */
export interface OptionName {
  readonly name: string;
  readonly sources: readonly string[];
}

function clean(s: string): string {
  return s.replace(/\0+$/, '').trim();
}

function subText(subs: readonly DhcpSubOption[] | undefined, code: number): string | undefined {
  const s = subs?.find((x) => x.code === code);
  return s === undefined ? undefined : clean(Buffer.from(s.data).toString('latin1'));
}

/** Host of an absolute http(s) URL (an ACS URL), or undefined when it does not parse. */
function urlHost(text: string): string | undefined {
  try {
    return new URL(text).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Hosts of the URL alternatives of an option 160 rule; macros in a host cannot be looked up as such. */
function ruleHosts(text: string): string[] {
  try {
    return parseRule(text, 'profile').alternatives.flatMap((a) => (a.url?.host !== undefined && !a.url.host.includes('$') ? [a.url.host] : []));
  } catch {
    return []; // dhcp.options.160-url judges a malformed rule
  }
}

/** Every host name the reply carries, each once (case-insensitive), in order of first appearance. */
export function optionHostNames(msg: DhcpMessage): OptionName[] {
  const v = viewOptions(msg).view;
  const found: Array<[string, string]> = [];
  if (v.tftpServerName !== undefined) found.push([clean(v.tftpServerName), '66']);
  if (v.provisioningUrl !== undefined) for (const h of ruleHosts(clean(v.provisioningUrl))) found.push([h, '160']);
  const acs43 = subText(v.vendorSpecific?.subOptions, 1);
  if (acs43 !== undefined) { const h = urlHost(acs43); if (h !== undefined) found.push([h, '43.1']); }
  const acs125 = subText(v.viVendorSpecific?.find((b) => b.enterprise === BBF_ENTERPRISE)?.subOptions, 11);
  if (acs125 !== undefined) { const h = urlHost(acs125); if (h !== undefined) found.push([h, '125.11']); }
  const byName = new Map<string, { name: string; sources: string[] }>();
  for (const [raw, source] of found) {
    const name = raw.replace(/\.$/, '');
    if (name === '' || isAddressLiteral(name)) continue;
    const key = name.toLowerCase();
    const entry = byName.get(key) ?? { name, sources: [] };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    byName.set(key, entry);
  }
  return [...byName.values()];
}
