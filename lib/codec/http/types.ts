/**
 * Typed view of HTTP/1.x messages (RFC 9112). Header fields keep order, case and repetition;
 * the body keeps the octets as they were on the wire (`raw`) next to the payload (`data`).
 */

export interface HttpField {
  /** Field name exactly as written (case kept). */
  readonly name: string;
  /** Field value without surrounding OWS; obs-fold replaced by one SP (RFC 9112 section 5.2). */
  readonly value: string;
  /**
   * The octets between the colon and the line end, as latin1 text, only when they differ from
   * `' ' + value` (extra OWS, no space, obs-fold). Lets real captures re-encode byte-identically.
   */
  readonly raw?: string;
}

/** How the body length was determined (RFC 9112 section 6.3). */
export type HttpFraming = 'none' | 'length' | 'chunked' | 'close';

export interface HttpChunkInfo {
  /** Chunk size in octets (0 only for the last chunk). */
  readonly size: number;
  /** chunk-ext as written, e.g. ';name=value' ('' when none). */
  readonly extensions: string;
}

export interface HttpBody {
  readonly framing: HttpFraming;
  /** Octets after the header section that belong to this message (chunk framing included). */
  readonly raw: Uint8Array;
  /** Payload: `raw` without chunk framing (transfer codings other than chunked are not undone). */
  readonly data: Uint8Array;
  /** Chunked only: every chunk including the last (size 0). */
  readonly chunks?: readonly HttpChunkInfo[];
  /** Chunked only: trailer fields. */
  readonly trailers?: readonly HttpField[];
}

interface HttpMessageBase {
  /** 'HTTP/1.1' or 'HTTP/1.0' (other 1.x minor versions are kept with a finding). */
  readonly version: string;
  readonly headers: readonly HttpField[];
  readonly body: HttpBody;
  /** Present only when every line of the head ended with a bare LF (RFC 9112 section 2.2). */
  readonly lineEnding?: '\n';
}

export interface HttpRequest extends HttpMessageBase {
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
}

export interface HttpResponse extends HttpMessageBase {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type HttpMessage = HttpRequest | HttpResponse;

export interface DecodeResponseOptions {
  /** Method of the request this answers: HEAD (and 2xx to CONNECT) responses have no body. */
  readonly requestMethod?: string;
  /** True when the connection has closed: a response without length framing ends here. */
  readonly eof?: boolean;
}

/** All values of a field (case-insensitive name), in order. */
export function fieldValues(fields: readonly HttpField[], name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
}

/** The value of a field, repeated fields joined with ', ' (RFC 9110 section 5.3). */
export function fieldValue(fields: readonly HttpField[], name: string): string | undefined {
  const vals = fieldValues(fields, name);
  return vals.length === 0 ? undefined : vals.join(', ');
}
