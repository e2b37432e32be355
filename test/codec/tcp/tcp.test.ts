import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws, throwsDecode, hexBytes } from '../../helpers/codec-laws.js';
import { tcp, tcpFlagNames, tcpWithChecksum } from '../../../lib/codec/tcp/tcp.js';
import { parseIpv4 } from '../../../lib/codec/ipv4/address.js';
import { normaliseBytes, tcpArb } from '../../helpers/arbitraries/net.js';

const SEED = 20261125;

// A Linux SYN: MSS 65495, SACK-permitted, timestamps, NOP, window scale 7.
const SYN = hexBytes('a2f6 1f90 5d1c0e57 00000000 a002 ffd7 fe30 0000 0204ffd7 0402080a 0c6d5d2e 00000000 01030307');

t.test('tcp: codec laws (typed and unknown options)', async (t) => {
  assertCodecLaws(t, tcp, tcpArb, [{ name: 'linux syn', bytes: SYN }], {
    seed: SEED, normalise: normaliseBytes,
    truncationMayDecode: (p, full) => p.length >= (full[12]! >>> 4) * 4,
  });
});

t.test('tcp: header fields and typed options', async (t) => {
  const d = tcp.decode(SYN);
  t.equal(d.value.srcPort, 0xa2f6);
  t.equal(d.value.dstPort, 8080);
  t.equal(d.value.seq, 0x5d1c0e57);
  t.same(tcpFlagNames(d.value.flags), ['SYN']);
  t.same(d.value.options, [
    { kind: 'mss', mss: 65495 }, { kind: 'sack-permitted' }, { kind: 'timestamps', tsval: 0x0c6d5d2e, tsecr: 0 },
    { kind: 'nop' }, { kind: 'window-scale', shift: 7 },
  ]);
});

t.test('tcp: malformed options are kept raw with a finding', async (t) => {
  const seg = hexBytes('0001 0002 00000000 00000000 6000 0000 0000 0000 0203 0101');
  const d = tcp.decode(seg);
  t.equal(d.findings[0]?.code, 'tcp-option-bad-length');
  t.equal(Buffer.from(tcp.encode(d.value)).toString('hex'), Buffer.from(seg).toString('hex'));
  const seg2 = hexBytes('0001 0002 00000000 00000000 6000 0000 0000 0000 0101 0209');
  const d2 = tcp.decode(seg2);
  t.equal(d2.findings[0]?.code, 'tcp-option-malformed');
  t.equal(Buffer.from(tcp.encode(d2.value)).toString('hex'), Buffer.from(seg2).toString('hex'));
  throwsDecode(t, () => tcp.decode(hexBytes('0001 0002 00000000 00000000 4000 0000 0000 0000')), 'PC_ERR_DECODE_INVALID', (e) => e.offset === 12);
});

t.test('tcp: checksum verified over the pseudo header (property)', async (t) => {
  const pseudo = { src: parseIpv4('127.0.0.1'), dst: parseIpv4('127.0.0.1') };
  fc.assert(fc.property(tcpArb, fc.nat(), (v, at) => {
    const wire = tcp.encode(tcpWithChecksum(v, pseudo));
    if (tcp.decode(wire, 0, { pseudo }).findings.some((f) => f.code === 'tcp-bad-checksum')) return false;
    const i = at % wire.length;
    if (i === 12 || i === 16 || i === 17) return true; // data offset and the checksum itself
    wire[i] ^= 0x10;
    return tcp.decode(wire, 0, { pseudo }).findings.some((f) => f.code === 'tcp-bad-checksum');
  }), { seed: SEED, numRuns: 200 });
  t.pass('checked');
});
