import t from 'tap';
import { randomBytes } from 'node:crypto';
import { canUseNetns } from '../../../lib/lab/sys.js';
import { NetnsLab } from '../../../lib/lab/netns-lab.js';
import { containerDriver, imageExists, imageRef } from '../../../lib/targets/container/index.js';
import { podman } from '../../../lib/targets/container/podman-env.js';
import { reapOrphans } from '../../../lib/targets/container/orphans.js';

const can = canUseNetns();
const unavailable = !can.ok ? can.reason : containerDriver('dnsmasq').unavailable?.();
const skip = unavailable ?? (imageExists() ? false : 'the server image is not built (scripts/build-image.sh)');

/** A stopped container labelled with a lab id, on a podman network named after that lab: what a SIGKILLed run leaves. */
function leftovers(id: string): { container: string; network: string } {
  const network = `pc${id}-test`;
  podman(['network', 'create', '--internal', '--disable-dns', network]);
  const container = podman(['create', '--label', `org.provcert.lab=${id}`, '--network', network, imageRef(), 'true']).trim().slice(0, 12);
  return { container, network };
}

const containerIds = (id: string) => podman(['ps', '-a', '--filter', `label=org.provcert.lab=${id}`, '--format', '{{.ID}}'], { allowFail: true }).split('\n').filter(Boolean);
const networks = (id: string) => podman(['network', 'ls', '--format', '{{.Name}}'], { allowFail: true }).split('\n').filter((n) => n.startsWith(`pc${id}-`));

t.test('reapOrphans removes the containers and networks of a lab that is gone, and keeps a live lab\'s', { skip }, async (t) => {
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }]);
  const deadId = randomBytes(3).toString('hex');
  t.teardown(async () => {
    for (const id of [deadId, lab.id]) {
      for (const c of containerIds(id)) podman(['rm', '-f', '-t', '0', c], { allowFail: true });
      for (const n of networks(id)) podman(['network', 'rm', '-f', n], { allowFail: true });
    }
    await lab.destroy();
  });
  const dead = leftovers(deadId);
  const alive = leftovers(lab.id);
  const removed = reapOrphans();
  t.ok(removed.some((r) => r.includes(dead.container)), `the dead lab's container is reported (${removed.join('; ')})`);
  t.same(containerIds(deadId), [], 'the dead lab\'s container is gone');
  t.same(networks(deadId), [], 'and its network');
  t.same(containerIds(lab.id), [alive.container], 'the live lab\'s container stays');
  t.same(networks(lab.id), [alive.network], 'and its network');
  t.notOk(removed.some((r) => r.includes(lab.id)), 'nothing of the live lab is reported');
});
