import t from 'tap';
import { assertCodecLaws, throwsDecode } from '../../helpers/codec-laws.js';
import { udp, udpWithChecksum } from '../../../lib/codec/udp/udp.js';
import { parseIpv4 } from '../../../lib/codec/ipv4/address.js';
import { normaliseBytes, udpArb } from '../../helpers/arbitraries/net.js';
import fc from 'fast-check';

const SEED = 20261125;

const pseudo = { src: parseIpv4('10.77.0.1'), dst: parseIpv4('10.77.0.2') };

t.test('udp: codec laws', async (t) => {
  assertCodecLaws(t, udp, udpArb, [], { seed: SEED, normalise: normaliseBytes });
});

t.test('udp: checksum over the pseudo header (property), 0 = none, mismatch = finding', async (t) => {
  fc.assert(fc.property(udpArb, (v) => {
    const good = udpWithChecksum(v, pseudo);
    const wire = udp.encode(good);
    if (udp.decode(wire, 0, { pseudo }).findings.length !== 0) return false;
    wire[8 % wire.length] ^= 0x01; // flip a bit in the header
    return udp.decode(wire, 0, { pseudo }).findings.some((f) => f.code === 'udp-bad-checksum') || good.checksum === 0;
  }), { seed: SEED, numRuns: 200 });
  const none = udp.encode({ srcPort: 68, dstPort: 67, checksum: 0, payload: Uint8Array.of(1, 2, 3) });
  t.same(udp.decode(none, 0, { pseudo }).findings, []);
  t.equal(udp.decode(none, 0, { pseudo, ipv6: true }).findings[0]?.code, 'udp-zero-checksum-ipv6');
});

t.test('udp: bad length and cut datagrams', async (t) => {
  throwsDecode(t, () => udp.decode(Uint8Array.of(0, 1, 0, 2, 0, 4, 0, 0)), 'PC_ERR_DECODE_INVALID', (e) => e.offset === 4);
  const cut = Uint8Array.of(0, 1, 0, 2, 0, 20, 0, 0, 9, 9);
  throwsDecode(t, () => udp.decode(cut), 'PC_ERR_DECODE_TRUNCATED');
  const p = udp.decode(cut, 0, { partial: true, pseudo });
  t.equal(p.value.payload.length, 2);
  t.same(p.findings.map((f) => f.code), ['udp-payload-cut']);
});
