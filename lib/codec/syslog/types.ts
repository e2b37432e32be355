/**
 * Syslog message values. Text is kept as octet strings (one char per byte; utf8FromOctets reads
 * UTF-8), and every field keeps the exact text read so that encode(decode(x)) is x.
 */

export interface SdParam {
  readonly name: string;
  /** Unescaped value (RFC 5424 section 6.3.3: \" \\ \] ). */
  readonly value: string;
  /** Exact PARAM-VALUE text when re-escaping `value` would not give it back (e.g. a stray '\'). */
  readonly raw?: string;
}

export interface SdElement {
  readonly id: string;
  readonly params: readonly SdParam[];
}

interface SyslogBase {
  /** PRIVAL 0..191; absent when the message has no PRI (finding syslog-missing-pri). */
  readonly pri?: number;
  /** Exact PRI digits when not canonical (leading zeros). */
  readonly priText?: string;
}

/** RFC 5424 section 6. `null` is the NILVALUE '-'. */
export interface Rfc5424Message extends SyslogBase {
  readonly format: 'rfc5424';
  readonly pri: number;
  readonly version: number;
  /** Raw TIMESTAMP text (RFC 3339 profile), kept as written. */
  readonly timestamp: string | null;
  readonly hostname: string | null;
  readonly appName: string | null;
  readonly procId: string | null;
  readonly msgId: string | null;
  readonly structuredData: readonly SdElement[] | null;
  /** MSG after the BOM if any; absent when the message ends after STRUCTURED-DATA. */
  readonly msg?: string;
  /** MSG started with the UTF-8 BOM (RFC 5424 section 6.4). */
  readonly bom?: true;
}

/** RFC 3164 section 4.1 (BSD): PRI, HEADER (TIMESTAMP SP HOSTNAME SP), MSG (TAG + CONTENT). */
export interface Rfc3164Message extends SyslogBase {
  readonly format: 'rfc3164';
  /** Raw timestamp: 'Mmm dd hh:mm:ss' or an RFC 3339 stamp; absent when none was recognised. */
  readonly timestamp?: string;
  readonly hostname?: string;
  /** TAG before '[pid]' / ':' (RFC 3164 section 4.1.3). */
  readonly tag?: string;
  readonly pid?: string;
  /** false when the tag's ':' is not followed by a space. */
  readonly tagSpace?: false;
  readonly content: string;
  /** A NUL ended the datagram (common in BSD senders; finding syslog-trailing-nul). */
  readonly trailingNul?: true;
}

export type SyslogMessage = Rfc5424Message | Rfc3164Message;

/** One message on a TCP stream (RFC 6587 section 3.4). */
export type SyslogFrame =
  | { readonly framing: 'octet-counting'; readonly message: SyslogMessage }
  | { readonly framing: 'non-transparent'; readonly trailer: '\n' | '\u0000'; readonly message: SyslogMessage };
