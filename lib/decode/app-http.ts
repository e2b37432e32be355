/**
 * HTTP message -> named record fields, with the CWMP envelope when the body is SOAP in a cwmp
 * namespace (TR-069 Amendment 6 section 3.4: CWMP rides on HTTP POST bodies). Content codings
 * gzip/deflate are undone (bounded) before looking for CWMP, as Wireshark does for display.
 */
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import type { HttpMessage } from '../codec/http/index.js';
import { fieldValue } from '../codec/http/index.js';
import { decodeEnvelope, type CwmpEnvelope } from '../codec/cwmp/index.js';
import { isProvcertError } from '../errors.js';
import { readable } from './app-text.js';

/** Largest decompressed body looked at for CWMP. */
export const MAX_DECODED_BODY = 16 * 1024 * 1024;

export interface CwmpRecord {
  readonly version?: string;
  /** cwmp:ID header. */
  readonly id?: string;
  readonly holdRequests?: boolean;
  /** RPC element name ('Inform', 'GetParameterValuesResponse', 'Fault', or an unknown method's name). */
  readonly rpc?: string;
  /** Inform: EventCode of each EventStruct. */
  readonly events?: readonly string[];
  readonly faultCode?: number;
  /** The body is in a cwmp namespace but could not be decoded. */
  readonly error?: { readonly code: string; readonly offset: number; readonly message: string };
}

export interface HttpRecord {
  readonly proto: 'http';
  readonly kind: 'request' | 'response';
  readonly version: string;
  readonly method?: string;
  readonly uri?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly framing: string;
  /** Payload octets after removing chunked framing (content codings still applied). */
  readonly bodyLength: number;
  /** Octets after removing content codings, when one was undone. */
  readonly decodedBodyLength?: number;
  readonly cwmp?: CwmpRecord;
}

const CWMP_NS = 'urn:dslforum-org:cwmp-';

function undoContentCoding(coding: string | undefined, data: Uint8Array): Uint8Array | undefined {
  const c = coding?.trim().toLowerCase();
  const opts = { maxOutputLength: MAX_DECODED_BODY };
  try {
    if (c === 'gzip' || c === 'x-gzip') return gunzipSync(data, opts);
    if (c === 'deflate') return inflateSync(data, opts);
    if (c === 'br') return brotliDecompressSync(data, opts);
  } catch {
    return undefined;
  }
  return undefined;
}

function cwmpOf(env: CwmpEnvelope): CwmpRecord {
  const b = env.body;
  const rpc = b.method === 'unknown' ? b.name : b.method;
  return {
    version: env.version, ...(env.header.id !== undefined ? { id: env.header.id } : {}),
    ...(env.header.holdRequests !== undefined ? { holdRequests: env.header.holdRequests } : {}),
    rpc,
    ...(b.method === 'Inform' ? { events: b.events.map((e) => e.eventCode) } : {}),
    ...(b.method === 'Fault' && b.detail ? { faultCode: b.detail.faultCode } : {}),
  };
}

export function cwmpRecord(body: Uint8Array): CwmpRecord | undefined {
  if (!Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes(CWMP_NS)) return undefined;
  try {
    return cwmpOf(decodeEnvelope(body).value);
  } catch (e) {
    if (!isProvcertError(e)) throw e;
    return { error: { code: e.code, offset: e.offset ?? 0, message: e.message } };
  }
}

export function httpRecord(m: HttpMessage): HttpRecord {
  const start = m.kind === 'request' ? { method: m.method, uri: m.target } : { status: m.status, reason: readable(m.reason) };
  const decoded = m.body.data.length > 0 ? undoContentCoding(fieldValue(m.headers, 'content-encoding'), m.body.data) : undefined;
  const cwmp = cwmpRecord(decoded ?? m.body.data);
  return {
    proto: 'http', kind: m.kind, version: m.version, ...start,
    headers: m.headers.map((h) => ({ name: h.name, value: readable(h.value) })),
    framing: m.body.framing, bodyLength: m.body.data.length,
    ...(decoded ? { decodedBodyLength: decoded.length } : {}),
    ...(cwmp ? { cwmp } : {}),
  };
}
