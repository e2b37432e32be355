/**
 * TFTP packet values. The UDP datagram is the packet (RFC 1350 section 5): decode reads from
 * `offset` to the end of the input. Strings are octet strings (one char per byte).
 */

/** One option of an RRQ/WRQ/OACK, in wire order, name as written (RFC 2347 names are case-insensitive). */
export interface TftpOption {
  readonly name: string;
  readonly value: string;
}

export interface TftpRequest {
  readonly opcode: 'RRQ' | 'WRQ';
  readonly filename: string;
  /** As written; netascii/octet/mail compare case-insensitively (RFC 1350 section 5). */
  readonly mode: string;
  readonly options: readonly TftpOption[];
}

export interface TftpData {
  readonly opcode: 'DATA';
  readonly block: number;
  /** Any length: the block size is negotiated (RFC 2348), so the codec sets no bound. */
  readonly data: Uint8Array;
}

export interface TftpAck {
  readonly opcode: 'ACK';
  readonly block: number;
  /** Bytes after the 4-byte ACK, kept for byte-exact re-encoding (finding tftp-trailing-bytes). */
  readonly trailing?: Uint8Array;
}

export interface TftpError {
  readonly opcode: 'ERROR';
  readonly code: number;
  readonly message: string;
  /** Bytes after the message's NUL (some servers pad), kept (finding tftp-trailing-bytes). */
  readonly trailing?: Uint8Array;
}

export interface TftpOack {
  readonly opcode: 'OACK';
  readonly options: readonly TftpOption[];
}

/** An opcode outside 1..6, kept raw (style-examples.md #3). */
export interface TftpUnknown {
  readonly opcode: 'unknown';
  readonly code: number;
  readonly payload: Uint8Array;
}

export type TftpPacket = TftpRequest | TftpData | TftpAck | TftpError | TftpOack | TftpUnknown;
