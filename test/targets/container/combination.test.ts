/**
 * container:kea+nginx: both daemons in ONE container at one address (issue 5 part 4): a phone gets a
 * lease whose option 160 names that address over HTTP, nginx serves the profile there over HTTP and
 * HTTPS, killing one daemon ends the target, and nothing is left afterwards.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { ifName } from '../../../lib/lab/names.js';
import { containerDriver, labLeftovers } from '../../../lib/targets/container/index.js';
import { makeFixture, udhcpcLease, hexOpt, curl } from '../process/lab-fixture.js';

const PODMAN_ENV = { ...process.env, CONTAINERS_CONF: 'config/containers.conf' };
const podman = (args: string[]) => spawnSync('podman', args, { encoding: 'utf8', env: PODMAN_ENV });

const driver = containerDriver(['kea', 'nginx']);
const can = canUseNetns();
const skip = !can.ok ? can.reason : driver.unavailable?.() ?? (!hasCommand('udhcpc') || !hasCommand('curl') ? 'udhcpc or curl not installed' : false);

t.test('container:kea+nginx: one container, one address; option 160 names it; HTTP and HTTPS there; a killed daemon ends the target; cleanup', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  process.env['PROVCERT_PKI_DIR'] = join(f.dir, 'pki');
  t.equal(driver.name, 'container:kea+nginx');
  t.same(driver.serves, ['dhcp', 'http', 'https']);
  const target = await driver.start(f.spec('container:kea+nginx', ['dhcp', 'http', 'https']), f.env);
  t.teardown(() => target.stop());
  t.match(target.serverIp, /^10\.77\.(2[0-4]\d|25[0-4])\.1$/, 'server in the podman range');
  t.same(target.ports, { dhcp: 67, http: 80, https: 443 }, 'the ports of both daemons');
  t.match(target.versions['kea'], /^\d+\.\d+/, `kea version ${JSON.stringify(target.versions)}`);
  t.match(target.versions['nginx'], /^\d+\.\d+/, 'nginx version');
  t.match(target.versions['image'], /^localhost\/provcert-servers:/);
  t.same(target.logs.map((l) => l.split('/').pop()), ['kea.log', 'nginx.log', 'supervisor.log'], 'a log per daemon and the supervisor log');
  const ids = podman(['ps', '-q', '--filter', `label=org.provcert.lab=${f.lab.id}`]).stdout.trim().split('\n').filter(Boolean);
  t.equal(ids.length, 1, 'exactly one container');
  t.equal(labLeftovers(f.lab.id).networks.length, 1, 'exactly one podman network');

  // DHCP from kea: the profile URL is nginx's, at the one shared address (DHCP-001).
  const lease = udhcpcLease(f, 'ph0', { request: [66, 150, 160] });
  t.equal(lease['serverid'], target.serverIp, 'the OFFER came from the container');
  t.equal(hexOpt(lease, 160)?.toString().replace(/\0+$/, ''), `http://${target.serverIp}/$PSN.xml`, 'option 160: http:// at the container address');

  // HTTP and HTTPS from nginx at the same address.
  const cliIp = target.serverIp.replace(/\.1$/, '.50');
  f.lab.exec('cli', ['ip', 'addr', 'add', `${cliIp}/24`, 'dev', f.lab.host('cli').iface]);
  const r = curl(f, 'cli', [`http://${target.serverIp}/CP-8841-3PCC.xml`]);
  t.equal(r.status, 200, `HTTP 200 ${r.stderr}`);
  t.equal(r.body, new TextDecoder().decode(f.files.get('CP-8841-3PCC.xml')), 'the profile');
  const https = curl(f, 'cli', ['-k', `https://${target.serverIp}/CP-8841-3PCC.xml`]);
  t.equal(https.status, 400, `HTTPS: TLS completes; without a client certificate nginx answers 400 (HTTP-019) ${https.stderr}`);
  t.match(readFileSync(target.logs[0] ?? '', 'utf8'), /DHCP4_LEASE_ALLOC|DHCPACK|lease/i, 'kea logs to its own file on the host');

  // Kill kea only (inside the container): the whole target ends, and says which daemon ended.
  const keaPid = readFileSync(join(dirname(target.logs[0] ?? ''), 'kea.daemon.pid'), 'utf8').trim();
  t.match(keaPid, /^\d+$/, 'the supervisor recorded kea\'s pid');
  t.equal(podman(['exec', ids[0] ?? '', 'kill', '-KILL', keaPid]).status, 0, 'kill -KILL kea in the container');
  const msg = await Promise.race([target.exited, new Promise<string>((res) => setTimeout(() => res('timeout'), 10_000))]);
  t.match(msg, /^container:kea\+nginx exited on its own \(1\): kea ended with status 137; see /, `exited: ${msg}`);
  await target.stop();
  t.same(labLeftovers(f.lab.id), { containers: [], networks: [] }, 'no container or network left');
  t.not(spawnSync('ip', ['link', 'show', 'dev', ifName(f.lab.id, 'c0')]).status, 0, 'the lab-to-podman veth is gone');
  t.notMatch(spawnSync('ip', ['-4', 'addr'], { encoding: 'utf8' }).stdout, new RegExp(`${target.serverIp.replace(/\.1$/, '').replace(/\./g, '\\.')}\\.`), 'no address of the podman subnet left in the host namespace');
});
