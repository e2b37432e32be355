/**
 * DHCP messages as typed parameters (not bytes): the emulator encodes them with lib/codec/dhcp.
 * Option numbers follow RFC 2132 and the Cisco option table (DHCP-002, DHCP-004).
 */

export type DhcpClientMessage = 'DHCPDISCOVER' | 'DHCPREQUEST';

export interface DhcpClientOptions {
  /** Option 55 parameter request list. */
  readonly parameterRequestList: readonly number[];
  /** Option 60 vendor class identifier, contains dslforum.org (DHCP-008). */
  readonly vendorClassId: string;
  /** Option 50 (SELECTING / INIT-REBOOT only). */
  readonly requestedIp?: string;
  /** Option 54 (SELECTING only). */
  readonly serverId?: string;
}

export interface DhcpSend {
  readonly message: DhcpClientMessage;
  readonly xid: number;
  /** ciaddr: set while RENEWING/REBINDING (RFC 2131 4.3.2 table 4). */
  readonly ciaddr?: string;
  /** Unicast to the server while RENEWING, broadcast otherwise (RFC 2131 4.4.5). */
  readonly destination: 'broadcast' | string;
  readonly options: DhcpClientOptions;
}

/** The options of an OFFER/ACK the model reads, already decoded by the emulator. */
export interface DhcpServerOptions {
  readonly serverId?: string;
  /** Option 51, seconds. */
  readonly leaseSeconds?: number;
  /** Options 58/59, seconds (DHCP-020). */
  readonly renewalSeconds?: number;
  readonly rebindingSeconds?: number;
  /** Option 66: TFTP server name. */
  readonly tftpServerName?: string;
  /** Option 150: TFTP server addresses. */
  readonly tftpServers?: readonly string[];
  /** Option 159: provisioning server IP. */
  readonly provisioningServer?: string;
  /** Option 160: provisioning URL. */
  readonly provisioningUrl?: string;
  /** Option 43 sub-options 1 (ACS URL) and 2 (ProvisioningCode) (DHCP-009). */
  readonly vendorSpecific?: { readonly acsUrl?: string; readonly provisioningCode?: string };
  /** Option 125 (enterprise 3561) ACS URL, when a server carries one there (DHCP-011). */
  readonly vendorIdentifying?: { readonly acsUrl?: string };
}
