/**
 * What the phone knows about itself and what the DHCP server told it: the sources of the
 * macros $MA/$MAU/$MAC, $PN, $PSN, $SN, $SWVER, $HWVER, $IP, $EXTIP, $CCERT (PROF-028..031, HTTP-021).
 */

export interface PhoneFacts {
  /** 12 lower-case hex digits, no separators. */
  readonly mac: string;
  /** Product name, e.g. CP-6841-3PCC (PROF-029). */
  readonly productName: string;
  /** Product series number, e.g. 6841-3PCC (PROF-029). */
  readonly productSeries: string;
  readonly serial: string;
  /** Running load, e.g. sip68xx.11-3-1MPP0001-123 (PROF-030). */
  readonly swVersion: string;
  readonly hwVersion: string;
  /** Load in the inactive partition, if any (UPG-004). */
  readonly inactiveLoad?: string;
  /** The unique client certificate is installed (HTTP-019, HTTP-021 $CCERT). */
  readonly clientCert: boolean;
  readonly extIp?: string;
}

export const DEFAULT_FACTS: PhoneFacts = {
  mac: '00562b043615',
  productName: 'CP-6841-3PCC',
  productSeries: '6841-3PCC',
  serial: 'FCH1234ABCD',
  swVersion: 'sip68xx.11-3-1MPP0001-123',
  hwVersion: '1.0',
  clientCert: true,
};

/** Provisioning and ACS data learned from the last DHCPACK (DHCP-002, DHCP-005, DHCP-007). */
export interface DhcpLearned {
  readonly ip: string;
  /** Option that supplied the provisioning server, per DHCP_Option_To_Use order, if any. */
  readonly provisioningOption?: 66 | 150 | 159 | 160;
  /** Host used for rules without a server part (DHCP-005). */
  readonly tftpServer?: string;
  /** Option 160: a full provisioning URL (X-DHCP-021). */
  readonly provisioningUrl?: string;
  /** ACS discovery result kept for the TR-069 sub-machine (DHCP-007, DHCP-011). */
  readonly acs?: { readonly option: 43 | 125; readonly url: string; readonly provisioningCode?: string };
}

export function macUpper(mac: string): string {
  return mac.toUpperCase();
}

export function macColons(mac: string): string {
  return (mac.match(/../g) ?? []).join(':');
}
