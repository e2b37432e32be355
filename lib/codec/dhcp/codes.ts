/**
 * DHCPv4 code tables.
 * Option codes: IANA "BOOTP Vendor Extensions and DHCP Options",
 *   https://www.iana.org/assignments/bootp-dhcp-parameters/bootp-dhcp-parameters.xhtml
 * Message types: RFC 2132 section 9.6 (1..8), RFC 3203 (9), RFC 4388 (10..13), RFC 6926 (14..18),
 *   RFC 7724 (19..20) — the "DHCP Message Type 53 Values" table of the same registry.
 * Codes 150, 159 and 160 are vendor practice rather than IANA meaning; see the notes per row.
 */

/** The four bytes that follow the BOOTP header in a DHCP message (RFC 2131 section 3, RFC 1497). */
export const MAGIC_COOKIE = 0x63825363;

export const OPTION_PAD = 0;
export const OPTION_END = 255;
export const BROADCAST_FLAG = 0x8000;

/** Broadband Forum's IANA enterprise number, used inside option 125 (RFC 3925; TR-069 Annex F). */
export const BBF_ENTERPRISE = 3561;
/** TR-069 Amendment 6 section 3.1 / Annex F: option 60 containing this string asks for ACS discovery. */
export const CWMP_VENDOR_CLASS = 'dslforum.org';

/** Byte layout of the fixed BOOTP header (RFC 2131 section 2, figure 1). */
export const HEADER_LENGTH = 236;
export const SNAME_OFFSET = 44;
export const SNAME_LENGTH = 64;
export const FILE_OFFSET = 108;
export const FILE_LENGTH = 128;
export const OPTIONS_OFFSET = 240;

export const OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'Pad',
  1: 'Subnet Mask',
  2: 'Time Offset',
  3: 'Router',
  4: 'Time Server',
  5: 'Name Server',
  6: 'Domain Server',
  7: 'Log Server',
  12: 'Hostname',
  13: 'Boot File Size',
  15: 'Domain Name',
  17: 'Root Path',
  26: 'MTU Interface',
  28: 'Broadcast Address',
  33: 'Static Route',
  42: 'NTP Servers',
  43: 'Vendor Specific',
  44: 'NETBIOS Name Srv',
  46: 'NETBIOS Node Type',
  50: 'Address Request',
  51: 'Address Time',
  52: 'Overload',
  53: 'DHCP Msg Type',
  54: 'DHCP Server Id',
  55: 'Parameter List',
  56: 'DHCP Message',
  57: 'DHCP Max Msg Size',
  58: 'Renewal Time',
  59: 'Rebinding Time',
  60: 'Class Id',
  61: 'Client Id',
  66: 'Server-Name',
  67: 'Bootfile-Name',
  77: 'User-Class',
  81: 'Client FQDN',
  82: 'Relay Agent Information',
  101: 'TCode',
  114: 'DHCP Captive-Portal',
  119: 'Domain Search',
  121: 'Classless Static Route',
  124: 'V-I Vendor Class',
  125: 'V-I Vendor-Specific Information',
  143: 'OPTION_V4_SZTP_REDIRECT',
  145: 'FORCERENEW_NONCE_CAPABLE',
  // RFC 5859: TFTP server address (Cisco's option 150).
  150: 'TFTP server address',
  // IANA: OPTION_V4_PORTPARAMS (RFC 7618); Cisco MPP uses it for the provisioning server (X-DHCP-001).
  159: 'Provisioning server (Cisco MPP) / OPTION_V4_PORTPARAMS',
  // Unassigned since RFC 8910 moved Captive-Portal to 114; phones use it for a provisioning URL.
  160: 'Provisioning URL (vendor practice)',
  161: 'OPTION_MUD_URL_V4',
  255: 'End',
};

export function optionName(code: number): string {
  return OPTION_NAMES[code] ?? `OPTION_${code}`;
}

/** RFC 2132 section 9.6 and later RFCs: values of option 53. */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'DHCPDISCOVER',
  2: 'DHCPOFFER',
  3: 'DHCPREQUEST',
  4: 'DHCPDECLINE',
  5: 'DHCPACK',
  6: 'DHCPNAK',
  7: 'DHCPRELEASE',
  8: 'DHCPINFORM',
  9: 'DHCPFORCERENEW',
  10: 'DHCPLEASEQUERY',
  11: 'DHCPLEASEUNASSIGNED',
  12: 'DHCPLEASEUNKNOWN',
  13: 'DHCPLEASEACTIVE',
  14: 'DHCPBULKLEASEQUERY',
  15: 'DHCPLEASEQUERYDONE',
  16: 'DHCPACTIVELEASEQUERY',
  17: 'DHCPLEASEQUERYSTATUS',
  18: 'DHCPTLS',
};

export const DHCPDISCOVER = 1;
export const DHCPOFFER = 2;
export const DHCPREQUEST = 3;
export const DHCPDECLINE = 4;
export const DHCPACK = 5;
export const DHCPNAK = 6;
export const DHCPRELEASE = 7;
export const DHCPINFORM = 8;

export function messageTypeName(type: number): string {
  return MESSAGE_TYPES[type] ?? `MESSAGE_TYPE_${type}`;
}

/** Option 52 values (RFC 2132 section 9.3). */
export const OVERLOAD_FILE = 1;
export const OVERLOAD_SNAME = 2;
export const OVERLOAD_BOTH = 3;

export type FindingSeverity = 'info' | 'warning' | 'error';

/**
 * Every finding code the DHCP codec emits, with its severity. `info` marks tolerated practice
 * (dnsmasq's NUL after option 66, END inside option 43), `warning` a deviation the value still
 * survives, `error` a deviation that loses information (options not parsed).
 */
export const DHCP_FINDINGS = {
  'dhcp-op-unknown': { severity: 'warning', summary: 'op is neither BOOTREQUEST (1) nor BOOTREPLY (2).' },
  'dhcp-flags-reserved': { severity: 'warning', summary: 'Reserved flag bits are set; RFC 2131 section 2 says they MUST be zero.', requirementId: 'X-DHCP-006' },
  'dhcp-hlen-invalid': { severity: 'warning', summary: 'hlen is larger than the 16-byte chaddr field.' },
  'dhcp-bad-cookie': { severity: 'error', summary: 'The magic cookie is not 99.130.83.99; the vendor area is kept raw and no options are read.', requirementId: 'X-DHCP-007' },
  'dhcp-end-missing': { severity: 'warning', summary: 'An option area has no END (255) option.' },
  'dhcp-option-overruns-field': { severity: 'error', summary: 'An option in the overloaded sname/file field runs past the field; the rest of the field is kept raw.', requirementId: 'X-DHCP-005' },
  'dhcp-overload-invalid': { severity: 'warning', summary: 'Option 52 is not one octet of value 1, 2 or 3; no field is read as options.', requirementId: 'X-DHCP-005' },
  'dhcp-overload-misplaced': { severity: 'warning', summary: 'Option 52 appears inside sname/file; RFC 2131 section 4.1 puts it in the options field. Ignored.', requirementId: 'X-DHCP-005' },
  'dhcp-option-split': { severity: 'info', summary: 'An option appears in several instances and was concatenated (RFC 3396).', requirementId: 'X-DHCP-004' },
  'dhcp-option-length': { severity: 'warning', summary: 'An option has a length its definition does not allow; its typed view is left out.' },
  'dhcp-string-nul-terminated': { severity: 'info', summary: 'A string option ends with NUL; RFC 2132 section 2 tells receivers to delete it.', requirementId: 'X-DHCP-002' },
  'dhcp-string-embedded-nul': { severity: 'warning', summary: 'A string option contains a NUL before its end.' },
  'dhcp-string-not-utf8': { severity: 'warning', summary: 'A string option is not valid UTF-8; it is read as Latin-1.' },
  'dhcp-message-type-unknown': { severity: 'warning', summary: 'Option 53 holds a value not in the message type registry.' },
  'dhcp-max-size-too-small': { severity: 'warning', summary: 'Option 57 is below the 576 minimum of RFC 2132 section 9.10.' },
  'dhcp-43-end-terminated': { severity: 'info', summary: 'Option 43 ends with an END (255) byte, as dnsmasq sends; RFC 2132 section 8.4 allows it.', requirementId: 'X-DHCP-003' },
  'dhcp-43-not-tlv': { severity: 'info', summary: 'Option 43 is not a code/length/value sequence; it is kept as raw vendor data.', requirementId: 'X-DHCP-003' },
  'dhcp-suboptions-malformed': { severity: 'warning', summary: 'Option 82, 124 or 125 does not follow its sub-option layout; its typed view is left out.', requirementId: 'DHCP-013' },
} as const satisfies Record<string, { severity: FindingSeverity; summary: string; requirementId?: string }>;

export type DhcpFindingCode = keyof typeof DHCP_FINDINGS;

/** Adds the requirement a finding relates to, from DHCP_FINDINGS, when the table names one. */
export function withRequirement<F extends { readonly code: string; readonly requirementId?: string }>(f: F): F {
  const row: { requirementId?: string } | undefined = (DHCP_FINDINGS as Record<string, { requirementId?: string }>)[f.code];
  return row?.requirementId !== undefined && f.requirementId === undefined ? { ...f, requirementId: row.requirementId } : f;
}
