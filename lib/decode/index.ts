/** `provcert decode`: capture frames as records with named per-protocol fields (docs/decode.md). */
export { decodeCapture, type DecodeItem } from './decode-file.js';
export { createDissectors } from './dissectors.js';
export { toRecord, type AppEntry, type AppRecord, type DecodeRecord, type RecordError } from './record.js';
export { summaryLine } from './summary.js';
export { dhcpRecord, type DhcpRecord, type DhcpOptionRecord, type DhcpOptionValue } from './app-dhcp.js';
export { tftpRecord, sipRecord, syslogRecord, type TftpRecord, type SipRecord, type SyslogRecord } from './app-text.js';
export { httpRecord, cwmpRecord, type HttpRecord, type CwmpRecord } from './app-http.js';
export { DHCP_PORTS, HTTP_PORTS, SIP_PORT, SYSLOG_PORT, TFTP_PORT, type DecodeOptions } from './ports.js';
