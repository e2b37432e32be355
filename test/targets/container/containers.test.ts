import t from 'tap';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { containerDriver, labLeftovers } from '../../../lib/targets/container/index.js';
import { makeFixture, udhcpcLease, hexOpt, curl, tftpGet } from '../process/lab-fixture.js';

const can = canUseNetns();
const dnsmasq = containerDriver('dnsmasq');
const nginx = containerDriver('nginx');
const skip = !can.ok ? can.reason : dnsmasq.unavailable?.() ?? (!hasCommand('udhcpc') || !hasCommand('curl') ? 'udhcpc or curl not installed' : false);
const ipForward = () => readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
const iptablesMentions = (s: string) => ['filter', 'nat'].some((tb) => spawnSync('iptables', ['-w', '-t', tb, '-S'], { encoding: 'utf8' }).stdout.includes(s));

t.test('container:dnsmasq on the lab segment: a phone namespace gets a lease with the options; cleanup is complete', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  const forwardBefore = ipForward();
  const target = await dnsmasq.start(f.spec('container:dnsmasq', ['dhcp', 'tftp']), f.env);
  t.teardown(() => target.stop());
  t.match(target.serverIp, /^10\.77\.(2[0-4]\d|25[0-4])\.1$/, 'server in the podman range');
  t.match(target.versions['dnsmasq'], /^\d+\.\d+/);
  const subnet = target.serverIp.replace(/\.1$/, '.0/24');
  const lease = udhcpcLease(f, 'ph0', { request: [66, 150, 160] });
  t.equal(lease['serverid'], target.serverIp, 'the OFFER came from the container');
  t.equal(lease['ip']?.split('.').slice(0, 3).join('.'), target.serverIp.split('.').slice(0, 3).join('.'), `lease ${lease['ip']} in the podman subnet`);
  t.equal(lease['tftp'], target.serverIp, 'option 66');
  t.equal(hexOpt(lease, 160)?.toString().replace(/\0+$/, ''), `tftp://${target.serverIp}/$PSN.xml`, 'option 160');
  t.ok(readFileSync(target.logs[0] ?? '', 'utf8').includes('DHCPACK'), 'daemon log on the host');
  await target.stop();
  t.match(await target.exited, /stopped/);
  t.same(labLeftovers(f.lab.id), { containers: [], networks: [] }, 'no container or network left');
  t.notOk(iptablesMentions(subnet), 'no iptables rule for the subnet left');
  t.equal(ipForward(), forwardBefore, 'ip_forward restored');
  t.notMatch(spawnSync('ip', ['-4', 'addr'], { encoding: 'utf8' }).stdout, new RegExp(subnet.replace(/\.0\/24$/, '\\.').replace(/\./g, '\\.')), 'no address of the podman subnet left in the host namespace');
});

t.test('container:nginx over HTTP from the lab; crash detection; cleanup', { skip: skip || nginx.unavailable?.() || false }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  process.env['PROVCERT_PKI_DIR'] = join(f.dir, 'pki');
  const target = await nginx.start(f.spec('container:nginx', ['http', 'https']), f.env);
  t.teardown(() => target.stop());
  t.same(target.ports, { http: 80, https: 443 });
  // The client gets an address in the podman subnet (the segment is one L2 network).
  const cliIp = target.serverIp.replace(/\.1$/, '.50');
  f.lab.exec('cli', ['ip', 'addr', 'add', `${cliIp}/24`, 'dev', f.lab.host('cli').iface]);
  const r = curl(f, 'cli', [`http://${target.serverIp}/CP-8841-3PCC.xml`]);
  t.equal(r.status, 200, `HTTP 200 ${r.stderr}`);
  t.equal(r.body, new TextDecoder().decode(f.files.get('CP-8841-3PCC.xml')));
  t.equal(curl(f, 'cli', ['-k', `https://${target.serverIp}/CP-8841-3PCC.xml`]).status, 400, 'HTTPS without a client certificate: 400');
  // Kill the container's PID 1 from the host: exited resolves.
  const pid = spawnSync('podman', ['inspect', '--format', '{{.State.Pid}}', spawnSync('podman', ['ps', '-q', '--filter', `label=org.provcert.lab=${f.lab.id}`], { encoding: 'utf8', env: { ...process.env, CONTAINERS_CONF: 'config/containers.conf' } }).stdout.trim()], { encoding: 'utf8', env: { ...process.env, CONTAINERS_CONF: 'config/containers.conf' } }).stdout.trim();
  t.match(pid, /^\d+$/, 'container PID found');
  process.kill(Number(pid), 'SIGKILL');
  const msg = await Promise.race([target.exited, new Promise<string>((res) => setTimeout(() => res('timeout'), 10_000))]);
  t.match(msg, /exited on its own/);
  await target.stop();
  t.same(labLeftovers(f.lab.id), { containers: [], networks: [] });
  t.notMatch(spawnSync('ip', ['-4', 'addr'], { encoding: 'utf8' }).stdout, new RegExp(`${target.serverIp.replace(/\.1$/, '').replace(/\./g, '\\.')}\\.`), 'bridge address gone after a crash too');
});

for (const server of ['kea', 'isc-dhcp'] as const) {
  const driver = containerDriver(server);
  t.test(`container:${server} on the lab segment: a phone namespace gets a lease with the provisioning options; cleanup is complete`, { skip: skip || driver.unavailable?.() || false }, async (t) => {
    const f = makeFixture();
    t.teardown(() => f.cleanup());
    const target = await driver.start(f.spec(`container:${server}`, ['dhcp']), f.env);
    t.teardown(() => target.stop());
    t.match(target.serverIp, /^10\.77\.(2[0-4]\d|25[0-4])\.1$/, 'server in the podman range');
    const lease = udhcpcLease(f, 'ph0', { request: [66, 150, 160] });
    t.equal(lease['serverid'], target.serverIp, 'the OFFER came from the container');
    t.equal(lease['ip']?.split('.').slice(0, 3).join('.'), target.serverIp.split('.').slice(0, 3).join('.'), `lease ${lease['ip']} in the podman subnet`);
    t.ok(hexOpt(lease, 160)?.toString().includes(target.serverIp), 'option 160 names the server');
    await target.stop();
    t.same(labLeftovers(f.lab.id), { containers: [], networks: [] }, 'no container or network left');
  });
}

const tftpd = containerDriver('tftpd-hpa');
t.test('container:tftpd-hpa serves the content over TFTP to the lab; cleanup is complete', { skip: skip || tftpd.unavailable?.() || (!hasCommand('tftp') && 'tftp-hpa not installed') || false }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  const target = await tftpd.start(f.spec('container:tftpd-hpa', ['tftp']), f.env);
  t.teardown(() => target.stop());
  const cliIp = target.serverIp.replace(/\.1$/, '.51');
  f.lab.exec('cli', ['ip', 'addr', 'add', `${cliIp}/24`, 'dev', f.lab.host('cli').iface]);
  const got = tftpGet(f, 'cli', target.serverIp, 'big.bin');
  t.ok(got.ok, `TFTP get ${got.text}`);
  t.equal(got.bytes.toString(), 'x'.repeat(5000), 'multi-block file intact');
  await target.stop();
  t.same(labLeftovers(f.lab.id), { containers: [], networks: [] }, 'no container or network left');
});
