/**
 * Well-known ports the decode wiring uses (IANA service names registry,
 * https://www.iana.org/assignments/service-names-port-numbers/), the same ones Wireshark's
 * dissectors register for by default.
 */
export const DHCP_PORTS: readonly number[] = [67, 68]; // RFC 2131 section 4.1
export const TFTP_PORT = 69; // RFC 1350 section 4
export const SIP_PORT = 5060; // RFC 3261 section 19.1.2
export const SYSLOG_PORT = 514; // RFC 5426 section 3.3 (UDP); RFC 6587 TCP uses it in practice
/** HTTP: 80, 443 when it is not TLS, 8080 (http-alt), 7547 (CWMP ACS/CPE, TR-069 section 3.4). */
export const HTTP_PORTS: readonly number[] = [80, 443, 8080, 7547];

export interface DecodeOptions {
  /** Extra UDP ports decoded as DHCP (the emulator's loopback mode uses serverPort and serverPort+1). */
  readonly dhcpPorts?: readonly number[];
  /** TFTP transfers (client endpoints) remembered at once; the oldest is forgotten beyond this. */
  readonly maxTftpTransfers?: number;
  /** HTTP connections whose request methods are remembered (HEAD responses have no body). */
  readonly maxHttpConnections?: number;
}
