/**
 * fast-check arbitraries for HTTP/1.1 requests and responses, built through the product's
 * builders so that framing fields match the body (Content-Length or chunked with extensions
 * and trailers).
 */
import fc from 'fast-check';
import { buildRequest, buildResponse, encodeChunks, type HttpField, type HttpRequest, type HttpResponse } from '../../../lib/codec/http/index.js';

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
export const tokenArb = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });

/** Field value: visible latin1 and inner spaces, no surrounding whitespace (canonical form). */
const vchar = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c));
export const fieldValueArb = fc
  .array(fc.oneof({ weight: 8, arbitrary: vchar }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t') }), { maxLength: 30 })
  .map((cs) => cs.join('').replace(/^[ \t]+|[ \t]+$/g, ''));

const FRAMING_NAMES = new Set(['content-length', 'transfer-encoding']);
export const fieldArb: fc.Arbitrary<HttpField> = fc
  .record({ name: tokenArb, value: fieldValueArb })
  .filter((f) => !FRAMING_NAMES.has(f.name.toLowerCase()));

const targetArb = fc.oneof(
  fc.constant('/'),
  fc.constant('*'),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)).filter((p) => p.length > 0 && !/[\x00-\x20\x7f-\uffff]/.test(p)),
  fc.constant('http://acs.example:7547/cwmp?x=1'),
);
const versionArb = fc.constantFrom('HTTP/1.1', 'HTTP/1.0');
const bodyArb = fc.uint8Array({ maxLength: 200 });

/** Chunked shape: sizes to split the body, extensions and trailers. */
const chunkShapeArb = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
  ext: fc.constantFrom('', ';a', ';name=value', ';q="x y"', ' ; k = v'),
  trailers: fc.array(fieldArb, { maxLength: 2 }),
});

function withChunkExtensions<T extends HttpRequest | HttpResponse>(m: T, ext: string): T {
  if (m.body.framing !== 'chunked' || ext === '') return m;
  const sizes = (m.body.chunks ?? []).filter((c) => c.size > 0).map((c) => c.size);
  const specs: { data: Uint8Array; extensions: string }[] = [];
  let o = 0;
  for (const s of sizes) {
    specs.push({ data: m.body.data.subarray(o, o + s), extensions: ext });
    o += s;
  }
  const enc = encodeChunks(specs, m.body.trailers ?? [], ext);
  return { ...m, body: { ...m.body, raw: enc.raw, chunks: enc.chunks } };
}

export const httpRequestArb: fc.Arbitrary<HttpRequest> = fc
  .record({
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'OPTIONS'), tokenArb),
    target: targetArb,
    version: versionArb,
    headers: fc.array(fieldArb, { maxLength: 6 }),
    body: bodyArb,
    chunked: fc.option(chunkShapeArb, { nil: undefined }),
  })
  .map((r) => {
    const m = buildRequest({
      method: r.method,
      target: r.target,
      version: r.chunked ? 'HTTP/1.1' : r.version,
      headers: r.headers,
      body: r.body,
      ...(r.chunked ? { chunked: r.chunked.sizes.length ? r.chunked.sizes : true, trailers: r.chunked.trailers } : {}),
    });
    return r.chunked ? withChunkExtensions(m, r.chunked.ext) : m;
  });

const statusArb = fc.oneof(fc.constantFrom(200, 204, 301, 302, 304, 401, 404, 500, 503), fc.integer({ min: 100, max: 599 }));

export const httpResponseArb: fc.Arbitrary<HttpResponse> = fc
  .record({
    status: statusArb,
    reason: fc.option(fieldValueArb, { nil: undefined }),
    version: versionArb,
    headers: fc.array(fieldArb, { maxLength: 6 }),
    body: bodyArb,
    chunked: fc.option(chunkShapeArb, { nil: undefined }),
  })
  .map((r) => {
    const m = buildResponse({
      status: r.status,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      version: r.chunked ? 'HTTP/1.1' : r.version,
      headers: r.headers,
      body: r.body,
      ...(r.chunked ? { chunked: r.chunked.sizes.length ? r.chunked.sizes : true, trailers: r.chunked.trailers } : {}),
    });
    return r.chunked ? withChunkExtensions(m, r.chunked.ext) : m;
  });
