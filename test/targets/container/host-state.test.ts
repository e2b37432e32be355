/** What is removed from the host after a podman network: pure planning over iptables -S listings. */
import t from 'tap';
import { plannedRemovals, splitRule } from '../../../lib/targets/container/host-state.js';

t.test('splitRule keeps quoted comments as one argument', async (t) => {
  t.same(splitRule('-A NETAVARK-1D8721804F16F -d 10.77.200.0/24 -m comment --comment "name: \\"pc-x\\" id: 1" -j ACCEPT'),
    ['-A', 'NETAVARK-1D8721804F16F', '-d', '10.77.200.0/24', '-m', 'comment', '--comment', 'name: "pc-x" id: 1', '-j', 'ACCEPT']);
});

t.test('only rules of our subnet/bridge and chains left empty are removed', async (t) => {
  const before = new Set(['-P FORWARD ACCEPT', '-N OTHER', '-A OTHER -s 10.1.0.0/16 -j ACCEPT']);
  const after = [
    '-P FORWARD ACCEPT',
    '-N OTHER',
    '-N NETAVARK_FORWARD',
    '-N NETAVARK-ABC',
    '-A FORWARD -m comment --comment "netavark firewall plugin rules" -j NETAVARK_FORWARD',
    '-A OTHER -s 10.1.0.0/16 -j ACCEPT',
    '-A NETAVARK_FORWARD -d 10.77.200.0/24 -j ACCEPT',
    '-A NETAVARK_FORWARD -d 10.88.0.0/16 -j ACCEPT',
    '-A NETAVARK-ABC -d 10.77.200.0/24 -j ACCEPT',
  ];
  const plan = plannedRemovals(before, after, ['10.77.200.0/24', 'podman1']);
  t.same(plan.rules, ['-A NETAVARK_FORWARD -d 10.77.200.0/24 -j ACCEPT', '-A NETAVARK-ABC -d 10.77.200.0/24 -j ACCEPT']);
  t.same(plan.chains, ['NETAVARK-ABC'], 'NETAVARK_FORWARD still serves another network: kept');
  const alone = plannedRemovals(before, after.filter((l) => !l.includes('10.88.')), ['10.77.200.0/24']);
  t.same(alone.chains, ['NETAVARK_FORWARD', 'NETAVARK-ABC'], 'chains made since the snapshot and left empty go');
  t.ok(alone.rules.includes('-A FORWARD -m comment --comment "netavark firewall plugin rules" -j NETAVARK_FORWARD'), 'with the jump into them');
  t.same(plannedRemovals(new Set(after), after, ['10.77.200.0/24']), { rules: [], chains: [] }, 'nothing new: nothing removed');
});
