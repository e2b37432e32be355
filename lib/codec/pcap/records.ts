/**
 * Records common to the pcap and pcapng streaming readers, so the frame pipeline treats both alike.
 */
import type { CodecFinding } from '../types.js';

export type ByteOrder = 'le' | 'be';

export interface CapturePacket {
  readonly kind: 'packet';
  /** Absolute byte offset of the record (pcap record header / pcapng block) in the file. */
  readonly offset: number;
  /** pcapng interface ID within its section (always 0 for classic pcap). */
  readonly interfaceId: number;
  /** LINKTYPE_* value (pcap/codes.ts). */
  readonly linkType: number;
  /** Exact nanoseconds since the epoch (pcapng if_tsoffset already applied). */
  readonly tsNs: bigint;
  readonly caplen: number;
  readonly origlen: number;
  readonly data: Uint8Array;
  /** pcapng opt_comment values of the packet (several are allowed); empty for classic pcap. */
  readonly comments: readonly string[];
  /** caplen < origlen: the capture cut the packet (snaplen). */
  readonly snaplenCut: boolean;
  readonly findings: readonly CodecFinding[];
}

/** The stream ended inside a record: everything before `offset` was delivered. */
export interface CaptureTruncated {
  readonly kind: 'truncated';
  /** Offset of the incomplete record. */
  readonly offset: number;
  /** Bytes the record announces (or the minimum needed to learn its length). */
  readonly needed: number;
  readonly available: number;
  readonly message: string;
}

/** The stream cannot be framed any further (bad magic, impossible length). Parsing stops. */
export interface CaptureInvalid {
  readonly kind: 'invalid';
  readonly offset: number;
  readonly code: 'PC_ERR_DECODE_INVALID' | 'PC_ERR_DECODE_LIMIT';
  readonly message: string;
}

export function truncatedRecord(offset: number, needed: number, available: number, what: string): CaptureTruncated {
  return { kind: 'truncated', offset, needed, available, message: `file ends inside ${what} at offset ${offset}: ${available} of ${needed} bytes present` };
}
