/**
 * Kea 2.2 DHCPv4 configuration (JSON). Pure: ConfigInput -> text. Kea knows no option 150/159/160 for
 * this use (platform-facts.md), so they get option-defs; 43 and 125 are given as raw bytes to a client
 * class, so their wire form is the same as the other servers'.
 */
import { hex, ipv4Bytes, option125Bytes, option43Bytes, CWMP_VENDOR_CLASS, type ConfigInput } from './provisioning-options.js';

export function renderKeaConfig(input: ConfigInput): string {
  const o = input.options;
  const config = {
    Dhcp4: {
      'interfaces-config': { interfaces: [`${input.iface}/${o.serverIp}`], 'dhcp-socket-type': 'raw' },
      'lease-database': { type: 'memfile', persist: true, name: `${input.outDir}/kea-leases4.csv`, 'lfc-interval': 0 },
      authoritative: true,
      'valid-lifetime': o.leaseSeconds,
      // RFC 6842: echo option 61 (Kea's default, written out so the config says it).
      'echo-client-id': true,
      'option-def': [
        { name: 'cisco-tftp-servers', code: 150, type: 'ipv4-address', array: true, space: 'dhcp4' },
      ],
      'client-classes': [
        {
          name: 'cwmp',
          // DHCP-009: Kea 2.2 expressions have no substring search, so this matches option 60
          // *starting* with dslforum.org (what TR-069 CPEs send); dnsmasq and dhcpd match anywhere.
          test: `substring(option[60].hex,0,${CWMP_VENDOR_CLASS.length}) == '${CWMP_VENDOR_CLASS}'`,
          'option-data': [
            { name: 'vendor-encapsulated-options', code: 43, 'csv-format': false, data: hex(option43Bytes(o)) },
            { name: 'vivso-suboptions', code: 125, 'csv-format': false, data: hex(option125Bytes(o)) },
          ],
        },
      ],
      subnet4: [
        {
          id: 1,
          subnet: `${o.network}/${o.prefix}`,
          pools: [{ pool: `${o.rangeStart} - ${o.rangeEnd}` }],
          'option-data': [
            { name: 'domain-name-servers', data: o.dnsServer },
            { name: 'domain-name', data: o.domain },
            { name: 'tftp-server-name', data: o.tftpServerName },
            { name: 'cisco-tftp-servers', code: 150, data: o.tftpServers.join(', ') },
            // Kea 2.2 defines 159 (v4-portparams, RFC 7618) and 160 (v4-captive-portal, RFC 7710) itself
            // and refuses to redefine them: their bytes are given raw, as the phone reads them.
            { code: 159, 'csv-format': false, data: hex(ipv4Bytes(o.provisioningServerIp)) },
            { code: 160, 'csv-format': false, data: hex(new TextEncoder().encode(o.provisioningUrl)) },
          ],
        },
      ],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
