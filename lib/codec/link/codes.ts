/**
 * EtherType values the pipeline dispatches on.
 * Registry: https://www.iana.org/assignments/ieee-802-numbers/ieee-802-numbers.xhtml
 */
export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100, // IEEE 802.1Q C-tag
  QINQ: 0x88a8, // IEEE 802.1ad S-tag
  VLAN_LEGACY_QINQ: 0x9100, // pre-802.1ad double tagging, still seen in the wild
  IPV6: 0x86dd,
  PPPOE_SESSION: 0x8864,
} as const;

/** TPIDs that introduce a VLAN tag (IEEE 802.1Q §9.5, 802.1ad). */
export const VLAN_TPIDS: ReadonlySet<number> = new Set([ETHERTYPE.VLAN, ETHERTYPE.QINQ, ETHERTYPE.VLAN_LEGACY_QINQ]);

/** Values <= 1500 in the type field are an IEEE 802.3 length, not an EtherType (IEEE 802.3 §3.2.6). */
export const MAX_8023_LENGTH = 1500;

export const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  0x0800: 'ipv4', 0x0806: 'arp', 0x8100: 'vlan', 0x88a8: 'qinq', 0x9100: 'qinq-legacy', 0x86dd: 'ipv6', 0x8864: 'pppoe-session',
};

/** Linux cooked capture packet types (sll.pkttype). https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html */
export const SLL_PACKET_TYPE: Readonly<Record<number, string>> = {
  0: 'host', 1: 'broadcast', 2: 'multicast', 3: 'otherhost', 4: 'outgoing',
};
