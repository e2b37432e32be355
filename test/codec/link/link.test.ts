import t from 'tap';
import { assertCodecLaws, throwsDecode, hexBytes } from '../../helpers/codec-laws.js';
import { ethernet } from '../../../lib/codec/link/ethernet.js';
import { sll, sll2 } from '../../../lib/codec/link/sll.js';
import { ethernetArb, normaliseBytes, sll2Arb, sllArb } from '../../helpers/arbitraries/net.js';

const SEED = 20261125;


t.test('ethernet: codec laws (VLAN and QinQ tags included)', async (t) => {
  assertCodecLaws(t, ethernet, ethernetArb, [
    // broadcast ARP-type frame, untagged
    { name: 'untagged', bytes: hexBytes('ffffffffffff 001122334455 0806 0001') },
    // QinQ: S-tag 0x88a8 vid 100, C-tag 0x8100 pcp 5 vid 10, IPv4
    { name: 'qinq', bytes: hexBytes('ffffffffffff 001122334455 88a8 0064 8100 a00a 0800 4500') },
  ], { seed: SEED, normalise: normaliseBytes, truncationMayDecode: (p, full) => p.length >= full.length - ethernet.decode(full).value.payload.length });
});

t.test('ethernet: tags, 802.3 length finding, tag bound', async (t) => {
  const d = ethernet.decode(hexBytes('ffffffffffff 001122334455 88a8 0064 8100 b00a 0800 45'));
  t.same(d.value.vlans, [{ tpid: 0x88a8, pcp: 0, dei: false, vid: 100 }, { tpid: 0x8100, pcp: 5, dei: true, vid: 10 }]);
  t.equal(d.value.etherType, 0x0800);
  t.equal(d.value.payload.length, 1);
  const llc = ethernet.decode(hexBytes('ffffffffffff 001122334455 0026 4242'));
  t.equal(llc.findings[0]?.code, 'ethernet-8023-length');
  const many = hexBytes(`ffffffffffff001122334455${'81000001'.repeat(9)}0800`);
  throwsDecode(t, () => ethernet.decode(many), 'PC_ERR_DECODE_LIMIT');
});

t.test('sll and sll2: codec laws', async (t) => {
  assertCodecLaws(t, sll, sllArb, [
    { name: 'outgoing ethernet ipv4', bytes: hexBytes('0004 0001 0006 020000000001 0000 0800 45') },
  ], { seed: SEED, normalise: normaliseBytes, truncationMayDecode: (p) => p.length >= 16 });
  assertCodecLaws(t, sll2, sll2Arb, [
    { name: 'host ipv4 on ifindex 3', bytes: hexBytes('0800 0000 00000003 0001 00 06 020000000001 0000 45') },
  ], { seed: SEED, normalise: normaliseBytes, truncationMayDecode: (p) => p.length >= 20 });
});

t.test('sll: fields', async (t) => {
  const d = sll.decode(hexBytes('0004 0001 0006 020000000001 0000 0800 45'));
  t.equal(d.value.packetType, 4);
  t.equal(d.value.address, '02:00:00:00:00:01');
  t.equal(d.value.protocol, 0x0800);
  const d2 = sll2.decode(hexBytes('86dd 0000 00000003 0001 02 06 020000000001 0000 60'));
  t.equal(d2.value.interfaceIndex, 3);
  t.equal(d2.value.packetType, 2);
  t.equal(d2.value.protocol, 0x86dd);
});
