/**
 * What every DHCP server target hands out, computed once from the target spec and the server address so
 * that dnsmasq, Kea and ISC dhcpd (as processes or in a container) serve the same provisioning data and
 * differ only in how each server encodes it. Pure: no files, no sockets.
 */
import type { TargetSpec } from '../types.js';
import { ProvcertError } from '../../errors.js';
import { ipv4Octets } from '../../codec/ipv4/address.js';
import { BBF_ENTERPRISE, CWMP_VENDOR_CLASS } from '../../codec/dhcp/index.js';

/** DNS name of the provisioning server inside the lab; the HTTPS server certificate's CN (HTTP-017). */
export const LAB_SERVER_NAME = 'prov.provcert.test';

// The protocol constants live with the DHCP codec; re-exported for the config builders.
export { BBF_ENTERPRISE, CWMP_VENDOR_CLASS };

/** Standard ports in the lab (TFTP-002: no port means 69/80/443). */
export const LAB_PORTS = { dhcp: 67, tftp: 69, http: 80, https: 443 } as const;

export interface ProvisioningOptions {
  serverIp: string;
  /** 10.77.n.0, 255.255.255.0, 24. */
  network: string;
  netmask: string;
  prefix: number;
  broadcast: string;
  /** Lease pool: first..last address in the lab /24 (hosts with fixed numbers stay below it). */
  rangeStart: string;
  rangeEnd: string;
  leaseSeconds: number;
  /** Option 6: the lab DNS server. */
  dnsServer: string;
  /** Option 15. */
  domain: string;
  /**
   * Option 66: TFTP server name (RFC 2132 section 9.4). LAB_SERVER_NAME when a lab DNS server other than
   * the server itself is handed out in option 6 (lib/lab/services points that name at the target), else
   * the address: without a DNS server that knows the name a phone could not use it (DHCP-004, DHCP-005).
   */
  tftpServerName: string;
  /** Option 150: TFTP server addresses (Cisco). */
  tftpServers: string[];
  /** Option 159: provisioning server, sent as a 4-octet IPv4 address (X-DHCP-001). */
  provisioningServerIp: string;
  /** Option 160: provisioning URL (the profile rule the phones are given). */
  provisioningUrl: string;
  /** Option 43 sub-option 1 for clients whose option 60 contains dslforum.org (DHCP-009). */
  acsUrl: string;
  /** Option 125, enterprise 3561: gateway association (DHCP-012, sub-options 4-6) and ACS URL (sub-option 11). */
  gateway: { oui: string; serial: string; productClass: string };
}

function parseIpv4(ip: string): number[] {
  const parts = ipv4Octets(ip);
  if (!parts) throw new ProvcertError('PC_ERR_CONFIG', `serverIp '${ip}' is not an IPv4 address`);
  return parts;
}

/** The profile URL handed out in option 160: the target's rule, else a default on a file service it has. */
export function defaultProvisioningUrl(spec: TargetSpec, serverIp: string): string {
  if (spec.profileRule) return spec.profileRule;
  if (spec.serves.includes('http')) return `http://${serverIp}/$PSN.xml`;
  if (spec.serves.includes('https')) return `https://${LAB_SERVER_NAME}/$PSN.xml`;
  return `tftp://${serverIp}/$PSN.xml`; // PROF-014 default rule /$PSN.xml, on the TFTP server
}

/**
 * The lab is one /24 (lib/lab/names.ts): the server is usually .1; fixed hosts use low numbers, so the
 * pool is .64-.253 (190 leases: enough for the phones one lab interface carries).
 * `dnsServer` other than `serverIp` means the run has a lab DNS (TargetEnv.dnsServer, lab services):
 * option 66 then carries the lab server name, which that DNS answers with the target's address.
 */
export function provisioningOptions(spec: TargetSpec, serverIp = spec.serverIp, dnsServer = serverIp): ProvisioningOptions {
  const [a, b, c] = parseIpv4(serverIp);
  parseIpv4(dnsServer);
  const net = `${a}.${b}.${c}`;
  return {
    serverIp,
    network: `${net}.0`,
    netmask: '255.255.255.0',
    prefix: 24,
    broadcast: `${net}.255`,
    rangeStart: `${net}.64`,
    rangeEnd: `${net}.253`, // .254 is the podman network's gateway (container targets)
    leaseSeconds: 3600,
    dnsServer,
    domain: LAB_SERVER_NAME.split('.').slice(1).join('.'),
    tftpServerName: dnsServer !== serverIp ? LAB_SERVER_NAME : serverIp,
    tftpServers: [serverIp],
    provisioningServerIp: serverIp,
    provisioningUrl: defaultProvisioningUrl(spec, serverIp),
    acsUrl: spec.acs?.url ?? `http://${serverIp}:7547/`,
    gateway: { oui: '02C0DE', serial: 'PROVCERT-LAB-GW', productClass: 'provcert-lab' },
  };
}

/** Sub-option list bytes: code, length, value (RFC 2132 section 8.4, RFC 3925 section 4). */
export function subOptions(entries: ReadonlyArray<readonly [number, string]>): Uint8Array {
  const out: number[] = [];
  for (const [code, text] of entries) {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > 255) throw new ProvcertError('PC_ERR_CONFIG', `sub-option ${code} is longer than 255 octets`);
    out.push(code, bytes.length, ...bytes);
  }
  return Uint8Array.from(out);
}

/** Option 43 value for CWMP clients: sub-option 1 = ACS URL (DHCP-009). */
export function option43Bytes(o: ProvisioningOptions): Uint8Array {
  return subOptions([[1, o.acsUrl]]);
}

/** Option 125 value: enterprise 3561, data length, sub-options 4, 5, 6 and 11 (DHCP-012, DHCP-013). */
export function option125Bytes(o: ProvisioningOptions): Uint8Array {
  const data = subOptions(option125SubOptions(o));
  if (data.length > 255) throw new ProvcertError('PC_ERR_CONFIG', 'option 125 data is longer than 255 octets');
  const e = BBF_ENTERPRISE;
  return Uint8Array.from([(e >>> 24) & 255, (e >>> 16) & 255, (e >>> 8) & 255, e & 255, data.length, ...data]);
}

export function option125SubOptions(o: ProvisioningOptions): Array<[number, string]> {
  return [[4, o.gateway.oui], [5, o.gateway.serial], [6, o.gateway.productClass], [11, o.acsUrl]];
}

export function ipv4Bytes(ip: string): Uint8Array {
  return Uint8Array.from(parseIpv4(ip));
}

export function hex(bytes: Uint8Array, sep = ''): string {
  return [...bytes].map((x) => x.toString(16).padStart(2, '0')).join(sep);
}

/** Everything a config renderer needs: a pure function of this gives the config text. */
export interface ConfigInput {
  readonly spec: TargetSpec;
  readonly options: ProvisioningOptions;
  /** Interface the server listens on (in its namespace or container). */
  readonly iface: string;
  /** Folder for config, state and logs (as the server sees it). */
  readonly outDir: string;
  /** Folder with the files to serve (as the server sees it). */
  readonly contentDir: string;
}

/** A value to be written inside double quotes in a config file: no quotes, backslashes or control characters. */
export function quotable(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\\\x00-\x1f\x7f]/.test(value)) throw new ProvcertError('PC_ERR_CONFIG', `${what} contains a quote, backslash or control character: ${JSON.stringify(value)}`);
  return value;
}
