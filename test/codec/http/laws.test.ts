import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertCodecLaws, checkTruncations, type Vector } from '../../helpers/codec-laws.js';
import { httpRequestArb, httpResponseArb } from '../../helpers/arbitraries/http.js';
import { httpRequestCodec, httpResponseCodec } from '../../../lib/codec/http/index.js';

const SEED = 9112;
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/http/${name}`, import.meta.url))));

t.test('http_request_laws_arbitrary', async (t) => {
  assertCodecLaws(t, httpRequestCodec, httpRequestArb, [], { seed: SEED, numRuns: 150 });
});

t.test('http_response_laws_arbitrary', async (t) => {
  assertCodecLaws(t, httpResponseCodec, httpResponseArb, [], { seed: SEED, numRuns: 150 });
});

t.test('http_request_laws_real_vectors', async (t) => {
  // The perl-cwmp dumps are real CPE POSTs: each re-encodes byte-identically up to bytesRead
  // (bare-LF heads and the chunked body included), and every truncation fails with TRUNCATED.
  const vectors: Vector[] = ['BANT-R_7.4.1.7_Inform.http', 'BANT-R_7.4.1.7_Fault.http', 'Thomson-6.2.15.5_Inform_chunked.http'].map((name) => ({
    name,
    bytes: fixture(name),
  }));
  assertCodecLaws(t, httpRequestCodec, httpRequestArb, vectors, { seed: SEED, numRuns: 5, maxTruncations: 400 });
});

t.test('http_request_truncation_every_prefix_of_chunked_vector', async (t) => {
  const bytes = fixture('Thomson-6.2.15.5_Inform_chunked.http');
  const full = bytes.subarray(0, httpRequestCodec.decode(bytes).bytesRead);
  checkTruncations(t, httpRequestCodec, full, { maxTruncations: full.length });
  t.pass('every prefix checked');
});
