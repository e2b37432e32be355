/**
 * pcapng block types and option codes.
 * Spec: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html (§4 block types, §4.2-4.7 options),
 * registry of link types: https://www.tcpdump.org/linktypes.html
 */
export const BLOCK_TYPE = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002, // obsolete Packet Block (draft Appendix A)
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  DSB: 0x0000000a, // Decryption Secrets Block
  CUSTOM_COPY: 0x00000bad,
  CUSTOM_NOCOPY: 0x40000bad,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Options valid in every block (§3.5). */
export const OPT = { ENDOFOPT: 0, COMMENT: 1, CUSTOM_STR: 2988, CUSTOM_BIN: 2989 } as const;

export const SHB_OPT = { HARDWARE: 2, OS: 3, USERAPPL: 4 } as const;

export const IDB_OPT = { NAME: 2, DESCRIPTION: 3, IPV4ADDR: 4, IPV6ADDR: 5, MACADDR: 6, EUIADDR: 7, SPEED: 8, TSRESOL: 9, TZONE: 10, FILTER: 11, OS: 12, FCSLEN: 13, TSOFFSET: 14, HARDWARE: 15 } as const;

export const EPB_OPT = { FLAGS: 2, HASH: 3, DROPCOUNT: 4, PACKETID: 5, QUEUE: 6, VERDICT: 7 } as const;

export const NRB_RECORD = { END: 0, IPV4: 1, IPV6: 2 } as const;

/** Default if_tsresol: 10^-6 s (§4.2). */
export const DEFAULT_TSRESOL = 6;

export const BLOCK_NAMES: Readonly<Record<number, string>> = {
  0x0a0d0d0a: 'shb', 1: 'idb', 2: 'pb', 3: 'spb', 4: 'nrb', 5: 'isb', 6: 'epb', 0x0a: 'dsb', 0xbad: 'custom', 0x40000bad: 'custom-nocopy',
};
