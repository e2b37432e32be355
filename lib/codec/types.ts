/**
 * The codec contract every lib/codec/<proto> module follows (style-examples.md #1, #7).
 * Decoding never throws anything but DecodeError (with proto and byte offset); deviations that
 * can still be framed come back as findings.
 */

export interface CodecFinding {
  /** Stable, lower-case kebab code, e.g. 'dhcp-nul-terminated-string'. */
  readonly code: string;
  /** Where in the decoded value: 'options.66', 'header.Event'. */
  readonly path: string;
  /** Absolute byte offset in the input. */
  readonly offset: number;
  readonly message: string;
  /** Requirement the deviation relates to, when there is one. */
  readonly requirementId?: string;
}

export interface Decoded<T> {
  readonly value: T;
  /** Bytes consumed from `offset`. */
  readonly bytesRead: number;
  readonly findings: readonly CodecFinding[];
}

export interface Codec<T> {
  readonly proto: string;
  encode(value: T): Uint8Array;
  /** Decodes one message starting at `offset` (default 0). Throws only DecodeError. */
  decode(bytes: Uint8Array, offset?: number): Decoded<T>;
  encodingLength(value: T): number;
}
