/**
 * DNS code tables.
 * Registry: IANA "Domain Name System (DNS) Parameters",
 *   https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml
 * RR types from RFC 1035 section 3.2.2 (A, NS, CNAME, PTR, TXT...), RFC 3596 (AAAA), RFC 2782 (SRV),
 * RFC 6891 (OPT); RCODEs from RFC 1035 section 4.1.1 and RFC 2136.
 */

export const DNS_PORT = 53;

/** Fixed header length (RFC 1035 section 4.1.1). */
export const HEADER_LENGTH = 12;
/** RFC 1035 section 2.3.4: labels 63 octets or less, names 255 octets or less (wire form). */
export const MAX_LABEL = 63;
export const MAX_NAME = 255;

export const DNS_TYPES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export type DnsTypeName = keyof typeof DNS_TYPES;

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(DNS_TYPES).map(([k, v]) => [v, k]));

/** 'A', 'SRV', or TYPE<n> (RFC 3597 section 5 presentation of unknown types). */
export function typeName(code: number): string {
  return TYPE_NAMES[code] ?? `TYPE${code}`;
}

export const DNS_CLASSES = { IN: 1, CH: 3, HS: 4, ANY: 255 } as const;

export const DNS_OPCODES: Readonly<Record<number, string>> = { 0: 'QUERY', 1: 'IQUERY', 2: 'STATUS', 4: 'NOTIFY', 5: 'UPDATE' };

export const DNS_RCODES = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export const RCODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(DNS_RCODES).map(([k, v]) => [v, k]));
