/**
 * SIP message values (RFC 3261 section 7). Text is kept as octet strings (one char per byte) so
 * that captured messages re-encode byte-for-byte; `raw` fields hold non-canonical spellings.
 */

export interface SipHeader {
  /** As written: 'Via', 'v', 'CALL-ID' (canonicalHeaderName maps it). */
  readonly name: string;
  /** Value with folding replaced by one SP and surrounding SP/HT removed (RFC 3261 section 7.3.1). */
  readonly value: string;
  /**
   * The exact line (name to end, folds included, final EOL excluded) when it is not
   * `${name}: ${value}`. It wins over name/value on encode: drop it when changing the value.
   */
  readonly raw?: string;
  /** The line ended with a bare LF instead of CRLF (finding sip-bare-lf). */
  readonly lf?: true;
}

interface SipMessageBase {
  /** Octets before the start line: CRLF keep-alives (RFC 3261 section 7.5) or junk (a finding). */
  readonly preamble?: string;
  /** Exact start line when its spacing is not canonical. Wins on encode. */
  readonly startLineRaw?: string;
  readonly startLineLf?: true;
  /** In wire order, with case, compact forms and repetitions kept. */
  readonly headers: readonly SipHeader[];
  /** The empty line ending the header section was a bare LF. */
  readonly blankLineLf?: true;
  readonly body: Uint8Array;
}

export interface SipRequest extends SipMessageBase {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  /** 'SIP/2.0' */
  readonly version: string;
}

export interface SipResponse extends SipMessageBase {
  readonly kind: 'response';
  readonly version: string;
  readonly status: number;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;
