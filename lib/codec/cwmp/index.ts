/**
 * CWMP (TR-069 Amendment 6, CWMP 1.0-1.4) SOAP codec: bytes are the HTTP body (the XML).
 * Decoding is tolerant (findings); encoding is canonical, so real envelopes re-encode to an
 * equivalent, not byte-identical, text.
 */
import type { Codec } from '../types.js';
import { decodeEnvelope, encodeEnvelope, envelopeLength } from './envelope.js';
import type { CwmpEnvelope } from './types.js';
import { PROTO } from './xml-tree.js';

export * from './types.js';
export * from './codes.js';
export { decodeEnvelope, encodeEnvelope, envelopeXml } from './envelope.js';
export { MAX_XML_BYTES, MAX_DEPTH, MAX_ELEMENTS } from './xml-tree.js';
export { RPC_FIELDS } from './rpc-schema.js';

export const cwmpCodec: Codec<CwmpEnvelope> = {
  proto: PROTO,
  encode: (v) => encodeEnvelope(v),
  decode: (bytes, offset = 0) => decodeEnvelope(bytes, offset),
  encodingLength: (v) => envelopeLength(v),
};
