/**
 * The DHCPv4 message as it is on the wire (RFC 2131 section 2). The value keeps everything needed
 * to re-encode a captured message byte for byte: options in wire order with Pad bytes, duplicates
 * and unknown codes, which field each option sits in (option overload, RFC 2131 section 4.1), and
 * per area whether END was present and what followed it. The typed reading of options is a separate
 * view (view.ts) so that the raw list stays the single truth.
 */

/** Where an option sits: the options field (default), or an overloaded file/sname field. */
export type DhcpArea = 'options' | 'file' | 'sname';

export interface DhcpOption {
  /** 0 is a Pad byte (no length, `data` empty); 255 (END) is never an item: see DhcpAreaFraming. */
  readonly code: number;
  /** Exactly the bytes of this instance; an RFC 3396 long option is several instances. */
  readonly data: Uint8Array;
  /** Absent for the options field; 'file' / 'sname' for options carried in an overloaded field. */
  readonly area?: 'file' | 'sname';
}

export interface DhcpAreaFraming {
  /** END (255) closes the area. False when options simply run to the end of the area (a finding). */
  readonly end: boolean;
  /**
   * Bytes after END up to the end of the area (padding), or the unparsed rest of the area after a
   * bad cookie or an option that overran its field. Kept so that re-encoding is byte-identical.
   */
  readonly trailer: Uint8Array;
}

export interface DhcpFraming {
  readonly options?: DhcpAreaFraming;
  /** Present when the file field carries options (option 52 = 1 or 3). */
  readonly file?: DhcpAreaFraming;
  /** Present when the sname field carries options (option 52 = 2 or 3). */
  readonly sname?: DhcpAreaFraming;
}

export interface DhcpMessage {
  /** 1 BOOTREQUEST, 2 BOOTREPLY. */
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  /** Transaction ID, unsigned 32 bit. */
  readonly xid: number;
  readonly secs: number;
  /** Bit 15 (0x8000) is the broadcast flag; the other bits MUST be zero (RFC 2131 section 2). */
  readonly flags: number;
  /** Dotted-quad IPv4 addresses. */
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** Client hardware address field: 16 bytes when decoded; shorter values are zero-padded on encode. */
  readonly chaddr: Uint8Array;
  /** The 64-byte sname field, or empty when it carries options (then framing.sname is set). */
  readonly sname: Uint8Array;
  /** The 128-byte file field, or empty when it carries options (then framing.file is set). */
  readonly file: Uint8Array;
  /** Normally MAGIC_COOKIE; anything else means the rest is kept raw in framing.options.trailer. */
  readonly cookie: number;
  /** Options in wire order: options field, then file, then sname (RFC 2131 section 4.1). */
  readonly options: readonly DhcpOption[];
  /** How each area is closed. Absent parts encode canonically: END, no trailing padding, field zero-filled. */
  readonly framing?: DhcpFraming;
}

/** A code/length/value sub-option (option 43, 82, 125). */
export interface DhcpSubOption {
  readonly code: number;
  readonly data: Uint8Array;
}
