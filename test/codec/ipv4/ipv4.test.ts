import t from 'tap';
import { assertCodecLaws, throwsDecode, hexBytes } from '../../helpers/codec-laws.js';
import { ipv4, ipv4WithChecksum } from '../../../lib/codec/ipv4/ipv4.js';
import { ipv6 } from '../../../lib/codec/ipv4/ipv6.js';
import { formatIpv6 } from '../../../lib/codec/ipv4/address.js';
import { internetChecksum } from '../../../lib/codec/ipv4/checksum.js';
import { ipv4Arb, ipv6Arb, normaliseBytes } from '../../helpers/arbitraries/net.js';

const SEED = 20261125;

// RFC 1071 style vector: a real DHCP DISCOVER IPv4 header (0.0.0.0 -> 255.255.255.255), checksum 0x79a6.
const REAL = hexBytes('4500 0148 0000 0000 4011 79a6 00000000 ffffffff') ;

t.test('ipv4: codec laws', async (t) => {
  const real = new Uint8Array(0x148);
  real.set(REAL);
  assertCodecLaws(t, ipv4, ipv4Arb, [{ name: 'dhcp discover header', bytes: real }], { seed: SEED, normalise: normaliseBytes });
});

t.test('ipv4: checksum verified, wrong one is a finding', async (t) => {
  const real = new Uint8Array(0x148);
  real.set(REAL);
  t.same(ipv4.decode(real).findings, []);
  real[11] ^= 0xff;
  const d = ipv4.decode(real);
  t.equal(d.findings[0]?.code, 'ipv4-bad-checksum');
  t.equal(d.findings[0]?.offset, 10);
  t.match(d.findings[0]?.message, /expected 0x79a6/);
  const fixed = ipv4WithChecksum(d.value);
  t.equal(fixed.checksum, 0x79a6);
  t.equal(internetChecksum(ipv4.encode(fixed), 0, 20), 0);
});

t.test('ipv4: flags, fragment offset, options kept raw, padding ignored', async (t) => {
  // MF set, offset 185 (1480 bytes), one 4-byte option (NOP NOP NOP EOL), 4 payload bytes + 6 padding bytes.
  const p = ipv4WithChecksum({ tos: 0, id: 0x1234, flags: { reserved: false, dontFragment: false, moreFragments: true }, fragmentOffset: 185, ttl: 64, protocol: 17, checksum: 0, src: '10.77.0.1', dst: '10.77.0.2', options: Uint8Array.of(1, 1, 1, 0), payload: Uint8Array.of(1, 2, 3, 4) });
  const wire = new Uint8Array(ipv4.encodingLength(p) + 6);
  wire.set(ipv4.encode(p));
  const d = ipv4.decode(wire);
  t.equal(d.bytesRead, 28);
  t.equal(d.value.fragmentOffset, 185);
  t.ok(d.value.flags.moreFragments);
  t.same([...d.value.options], [1, 1, 1, 0]);
  t.same(d.findings, []);
});

t.test('ipv4: invalid and cut packets', async (t) => {
  const bad = (b: Uint8Array, code: string): void => throwsDecode(t, () => ipv4.decode(b), code, (e) => e.proto === 'ipv4');
  bad(hexBytes('6500 0014 0000 0000 4011 0000 00000000 00000000'), 'PC_ERR_DECODE_INVALID');
  bad(hexBytes('4400 0014 0000 0000 4011 0000 00000000 00000000'), 'PC_ERR_DECODE_INVALID');
  bad(hexBytes('4500 0010 0000 0000 4011 0000 00000000 00000000'), 'PC_ERR_DECODE_INVALID');
  const cut = hexBytes('4500 0020 0000 0000 4011 0000 00000000 00000000 0102');
  bad(cut, 'PC_ERR_DECODE_TRUNCATED');
  const partial = ipv4.decode(cut, 0, { partial: true });
  t.equal(partial.value.payload.length, 2);
  t.ok(partial.findings.some((f) => f.code === 'ipv4-payload-cut'));
});

t.test('ipv6: minimal header codec laws and RFC 5952 text', async (t) => {
  assertCodecLaws(t, ipv6, ipv6Arb, [], { seed: SEED, normalise: normaliseBytes });
  t.equal(formatIpv6(hexBytes('20010db8000000000000000000000001')), '2001:db8::1');
  t.equal(formatIpv6(hexBytes('fe800000000000000000000000000000')), 'fe80::');
  t.equal(formatIpv6(hexBytes('00000000000000000000000000000001')), '::1');
  t.equal(formatIpv6(hexBytes('20010db8000100000001000000000001')), '2001:db8:1:0:1::1');
});
