/**
 * Builders for complete, valid messages (style-examples.md #17): framing fields are added
 * from the body so that what is built decodes back to itself.
 */
import { encodeChunked } from './chunked.js';
import { reasonPhrase } from './codes.js';
import type { HttpBody, HttpField, HttpRequest, HttpResponse } from './types.js';

export type FieldInput = readonly HttpField[] | readonly (readonly [string, string])[];

export interface BodyInput {
  /** Payload; strings are UTF-8 encoded. */
  readonly body?: Uint8Array | string;
  /** Send chunked: `true` for one chunk, or chunk sizes. */
  readonly chunked?: boolean | readonly number[];
  readonly trailers?: FieldInput;
}

export interface RequestInput extends BodyInput {
  readonly method: string;
  readonly target: string;
  readonly version?: string;
  readonly headers?: FieldInput;
}

export interface ResponseInput extends BodyInput {
  readonly status: number;
  readonly reason?: string;
  readonly version?: string;
  readonly headers?: FieldInput;
  /** Request method: a HEAD response gets Content-Length but no body. */
  readonly requestMethod?: string;
}

const EMPTY = new Uint8Array(0);

function fields(input: FieldInput | undefined): HttpField[] {
  if (!input) return [];
  return input.map((f) => (Array.isArray(f) ? { name: f[0], value: f[1] } : { ...(f as HttpField) }));
}

function has(fs: readonly HttpField[], name: string): boolean {
  return fs.some((f) => f.name.toLowerCase() === name);
}

function toBytes(b: Uint8Array | string | undefined): Uint8Array {
  if (b === undefined) return EMPTY;
  return typeof b === 'string' ? new TextEncoder().encode(b) : b;
}

function makeBody(input: BodyInput, headers: HttpField[], mayHaveBody: boolean, needsLength: boolean): HttpBody {
  const data = toBytes(input.body);
  if (!mayHaveBody) return { framing: 'none', raw: EMPTY, data: EMPTY };
  if (input.chunked) {
    if (!has(headers, 'transfer-encoding')) headers.push({ name: 'Transfer-Encoding', value: 'chunked' });
    const trailers = fields(input.trailers);
    const c = encodeChunked(data, { ...(Array.isArray(input.chunked) ? { sizes: input.chunked as readonly number[] } : {}), trailers });
    return { framing: 'chunked', raw: c.raw, data: new Uint8Array(data), chunks: c.chunks, trailers };
  }
  if (data.length === 0 && !needsLength && !has(headers, 'content-length')) return { framing: 'none', raw: EMPTY, data: EMPTY };
  if (!has(headers, 'content-length')) headers.push({ name: 'Content-Length', value: String(data.length) });
  const raw = new Uint8Array(data);
  return { framing: 'length', raw, data: raw };
}

export function buildRequest(input: RequestInput): HttpRequest {
  const headers = fields(input.headers);
  const body = makeBody(input, headers, true, toBytes(input.body).length > 0);
  return { kind: 'request', method: input.method, target: input.target, version: input.version ?? 'HTTP/1.1', headers, body };
}

export function buildResponse(input: ResponseInput): HttpResponse {
  const headers = fields(input.headers);
  const s = input.status;
  // RFC 9112 section 6.3 item 1: 1xx, 204 and 304 never have a body.
  const bodiless = (s >= 100 && s < 200) || s === 204 || s === 304;
  let body: HttpBody;
  if (input.requestMethod?.toUpperCase() === 'HEAD') {
    if (!bodiless && !has(headers, 'content-length') && !input.chunked) headers.push({ name: 'Content-Length', value: String(toBytes(input.body).length) });
    body = { framing: 'none', raw: EMPTY, data: EMPTY };
  } else {
    // A response without framing would be read to close: always frame it.
    body = makeBody(input, headers, !bodiless, true);
  }
  return { kind: 'response', version: input.version ?? 'HTTP/1.1', status: s, reason: input.reason ?? reasonPhrase(s), headers, body };
}
