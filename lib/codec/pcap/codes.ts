/**
 * Link-layer header types shared by pcap (file header `network`) and pcapng (IDB LinkType).
 * Registry: https://www.tcpdump.org/linktypes.html (LINKTYPE_* values, not the DLT_* ones).
 */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101, // raw IPv4 or IPv6, version nibble decides
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const LINKTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'null', 1: 'ethernet', 101: 'raw', 113: 'linux-sll', 228: 'ipv4', 229: 'ipv6', 276: 'linux-sll2',
};

export function linkTypeName(linkType: number): string {
  return LINKTYPE_NAMES[linkType] ?? `linktype-${linkType}`;
}

/**
 * Classic pcap magic numbers as read big-endian from the first 4 bytes
 * (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html §4).
 */
export const PCAP_MAGIC = {
  MICRO_BE: 0xa1b2c3d4,
  MICRO_LE: 0xd4c3b2a1,
  NANO_BE: 0xa1b23c4d,
  NANO_LE: 0x4d3cb2a1,
} as const;

/** Upper bound on one packet record we accept (bounded memory; Wireshark uses 256 KiB for most links). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
