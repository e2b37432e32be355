/**
 * HTTP/1.1 message framing (RFC 9112) for captures and the emulator.
 * `httpRequestCodec` / `httpResponseCodec` follow the Codec<T> contract; the response codec
 * decodes without knowledge of the request (use decodeResponse for HEAD and eof).
 */
import type { Codec } from '../types.js';
import { decodeRequest, decodeResponse } from './decode.js';
import { encodeMessage, encodingLength } from './encode.js';
import { PROTO } from './lines.js';
import type { HttpRequest, HttpResponse } from './types.js';

export * from './types.js';
export { decodeRequest, decodeResponse } from './decode.js';
export { encodeMessage, encodingLength } from './encode.js';
export { buildRequest, buildResponse, type RequestInput, type ResponseInput, type FieldInput } from './build.js';
export { encodeChunked, encodeChunks } from './chunked.js';
export { HTTP_STATUS_REASONS, reasonPhrase, statusClass } from './codes.js';
export { MAX_HEAD_BYTES } from './lines.js';

export const httpRequestCodec: Codec<HttpRequest> = {
  proto: PROTO,
  encode: (v) => encodeMessage(v),
  decode: (bytes, offset = 0) => decodeRequest(bytes, offset),
  encodingLength: (v) => encodingLength(v),
};

export const httpResponseCodec: Codec<HttpResponse> = {
  proto: PROTO,
  encode: (v) => encodeMessage(v),
  decode: (bytes, offset = 0) => decodeResponse(bytes, offset),
  encodingLength: (v) => encodingLength(v),
};
