import t from 'tap';
import fc from 'fast-check';
import { dhcpCodec } from '../../../lib/codec/dhcp/index.js';
import type { DhcpMessage } from '../../../lib/codec/dhcp/index.js';
import { assertCodecLaws, type Vector } from '../../helpers/codec-laws.js';
import { dhcpMessageArb } from '../../helpers/arbitraries/dhcp.js';
import { fixtureFiles, loadVectors } from './fixtures.js';

const SEED = 20240517;

/**
 * A DHCP message has no length field: a prefix that stops between two options of the options
 * field is indistinguishable from a message without END, and a prefix that cuts the padding after
 * END is a shorter padding. Both decode (the first with a dhcp-end-missing finding), and so does
 * a message with a bad cookie, whose vendor area is raw bytes; every other truncation must throw.
 */
function truncationMayDecode(prefix: Uint8Array, full: Uint8Array): boolean {
  const p = dhcpCodec.decode(prefix);
  if (p.findings.some((f) => f.code === 'dhcp-end-missing' && f.path === 'options')) return true;
  const decodedFull = dhcpCodec.decode(full);
  if (decodedFull.findings.some((f) => f.code === 'dhcp-bad-cookie')) return true;
  const whole = decodedFull.value;
  return JSON.stringify(optionsKey(p.value)) === JSON.stringify(optionsKey(whole)) && whole.framing?.options?.end === true;
}

function optionsKey(m: DhcpMessage): unknown {
  return m.options.map((o) => [o.code, o.area ?? '', Buffer.from(o.data).toString('hex')]);
}

t.test('dhcp codec laws over generated messages (seed ' + SEED + ')', async (t) => {
  assertCodecLaws(t, dhcpCodec, dhcpMessageArb(), [], { seed: SEED, numRuns: 150, truncationMayDecode });
});

t.test('dhcp codec laws over captured vectors', async (t) => {
  const vectors: Vector[] = [];
  for (const f of fixtureFiles()) {
    for (const v of loadVectors(f)) {
      // The tcpdump ASAN captures are cut short: they cannot be framed (fixtures.test.ts).
      if (f.startsWith('tcpdump-bootp-asan')) continue;
      vectors.push({ name: v.name, bytes: v.bytes });
    }
  }
  t.ok(vectors.length >= 40, `${vectors.length} captured messages`);
  assertCodecLaws(t, dhcpCodec, dhcpMessageArb(), vectors, { seed: SEED, numRuns: 5, truncationMayDecode });
});

t.test('mutated messages: decode throws only DecodeError, and whatever decodes re-encodes byte-identically', async (t) => {
  const { DecodeError } = await import('../../../lib/errors.js');
  let decoded = 0;
  let refused = 0;
  fc.assert(
    fc.property(dhcpMessageArb(), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }), fc.nat(), (msg, flips, cut) => {
      const bytes = dhcpCodec.encode(msg);
      for (const [at, v] of flips) bytes[at % bytes.length] = v;
      const input = bytes.subarray(0, Math.max(0, bytes.length - (cut % 8)));
      try {
        const d = dhcpCodec.decode(input);
        decoded++;
        return Buffer.from(dhcpCodec.encode(d.value)).equals(Buffer.from(input));
      } catch (e) {
        refused++;
        return e instanceof DecodeError && e.offset >= 0 && e.offset <= input.length;
      }
    }),
    { seed: SEED, numRuns: 400 },
  );
  t.ok(decoded > 0 && refused > 0, `both outcomes exercised (${decoded} decoded, ${refused} refused)`);
});
