import t from 'tap';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertCodecLaws, type Vector } from '../../helpers/codec-laws.js';
import { cwmpEnvelopeArb, METHOD_NAMES, rpcArb } from '../../helpers/arbitraries/cwmp.js';
import { cwmpCodec, type CwmpEnvelope } from '../../../lib/codec/cwmp/index.js';

const SEED = 69;
const dir = fileURLToPath(new URL('../../fixtures/cwmp/', import.meta.url));
const good = readdirSync(dir).filter((f) => f.endsWith('.xml') && !f.startsWith('bogus'));

/** Canonical encoding drops the prefixes as written; everything else must survive. */
function withoutWritten(v: CwmpEnvelope): Omit<CwmpEnvelope, 'written'> {
  const { written: _w, ...rest } = v;
  return rest;
}

t.test('cwmp_envelope_laws_arbitrary', async (t) => {
  assertCodecLaws(t, cwmpCodec, cwmpEnvelopeArb, [], { seed: SEED, numRuns: 200 });
});

t.test('cwmp_every_typed_method_round_trips', async (t) => {
  // One property per method, so that a method the mixed arbitrary rarely draws is still covered.
  for (const method of METHOD_NAMES) {
    fc.assert(
      fc.property(rpcArb(method), (body) => {
        const v: CwmpEnvelope = { version: '1.2', header: { id: 'x' }, body };
        const back = cwmpCodec.decode(cwmpCodec.encode(v));
        t.strictSame(back.value, v, `${method} round trip`);
        t.same(back.findings.filter((f) => f.code !== 'cwmp-unknown-event-code'), [], `${method}: no findings on canonical output`);
      }),
      { seed: SEED, numRuns: 15 },
    );
  }
});

t.test('cwmp_real_vectors_are_lossy_but_idempotent', async (t) => {
  // Real envelopes use arbitrary formatting and prefixes: the canonical encoder cannot give the
  // same bytes back, so the law is decode(encode(decode(x))) == decode(x).
  const vectors: Vector[] = good.map((name) => ({ name, bytes: new Uint8Array(readFileSync(dir + name)), lossy: 'canonical envelope: whitespace, prefixes and attribute order of the original are not kept' }));
  assertCodecLaws(t, cwmpCodec, cwmpEnvelopeArb, vectors, { seed: SEED, numRuns: 5 });
  for (const v of vectors) {
    const first = cwmpCodec.decode(v.bytes).value;
    const again = cwmpCodec.decode(cwmpCodec.encode(first)).value;
    t.strictSame(again, withoutWritten(first), `${v.name}: idempotent through the canonical encoding`);
  }
});
