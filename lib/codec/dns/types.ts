/**
 * DNS message values (RFC 1035 section 4.1). Names are dotted text without the final dot ('' is the
 * root); a label byte that is '.', '\' or outside printable ASCII is written as a backslash escape
 * (`\.`, `\\`, `\DDD`, RFC 1035 section 5.1), so every wire label has one text form and back.
 */

export interface DnsHeaderFlags {
  /** QR: false query, true response. */
  readonly qr: boolean;
  readonly opcode: number;
  /** AA, TC, RD, RA (RFC 1035 section 4.1.1). */
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  /** The three bits RFC 1035 calls Z (today Z, AD, CD: RFC 4035 section 3.2), kept as written. */
  readonly z: number;
  readonly rcode: number;
}

export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/** Typed RDATA for the types the lab serves; everything else stays raw (style-examples.md #3). */
export type DnsRecordData =
  | { readonly kind: 'A'; readonly address: string }
  | { readonly kind: 'AAAA'; readonly address: string }
  | { readonly kind: 'CNAME' | 'PTR' | 'NS'; readonly target: string }
  | { readonly kind: 'TXT'; readonly strings: readonly Uint8Array[] }
  | { readonly kind: 'SRV'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | { readonly kind: 'raw'; readonly data: Uint8Array };

export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  /** Unsigned 32 bit as on the wire (RFC 2181 section 8 limits meaningful values to 2^31-1). */
  readonly ttl: number;
  readonly data: DnsRecordData;
}

export interface DnsMessage extends DnsHeaderFlags {
  readonly id: number;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
}
