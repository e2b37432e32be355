import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_NAMES, findDriver, knownNames, listDrivers, registerDriver, resolveTarget, unregisterDriver } from '../../lib/targets/registry.js';
import type { RunningTarget, Service, TargetDriver, TargetEnv, TargetSpec } from '../../lib/targets/types.js';
import { hasStack, runCli } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/targets/', import.meta.url));
const events: string[] = [];

function fake(name: string, serves: Service[], opts: { fail?: boolean; crash?: boolean } = {}): TargetDriver {
  return {
    name, kind: 'process', serves,
    async start(spec: TargetSpec): Promise<RunningTarget> {
      if (opts.fail) throw new Error(`${name} failed`);
      events.push(`start ${spec.name}`);
      return {
        spec, serverIp: spec.serverIp, versions: { [name]: '1.0' }, logs: [`/logs/${name}.log`],
        ports: Object.fromEntries(serves.map((s, i) => [s, 1000 + i])),
        exited: opts.crash ? Promise.resolve(`${name} crashed`) : new Promise(() => {}),
        async stop() { events.push(`stop ${name}`); },
      };
    },
  };
}

const DRIVERS = [fake('t-dhcp', ['dhcp']), fake('t-files', ['http', 'tftp']), fake('t-both', ['dhcp', 'http']), fake('t-fail', ['sip'], { fail: true }), fake('t-crash', ['syslog'], { crash: true })];
for (const d of DRIVERS) registerDriver(d);
t.teardown(() => { for (const d of DRIVERS) unregisterDriver(d.name); });
const env = { outDir: '/nonexistent', content: { dir: '/nonexistent', files: new Map() }, seed: 1, phones: [] } as TargetEnv;

t.test('drivers: registered ones, the file kinds, and the conventions names are known', async (t) => {
  t.ok(findDriver('command'));
  t.ok(findDriver('external'));
  t.equal(findDriver('t-dhcp')?.name, 't-dhcp');
  t.ok(listDrivers().some((d) => d.name === 't-files'));
  for (const n of BUILTIN_NAMES) t.ok(knownNames().includes(n), `${n} is a known name`);
  t.throws(() => registerDriver(fake('t-dhcp', ['dhcp'])), { code: 'PC_ERR_INTERNAL' });
  t.throws(() => registerDriver(fake('command', ['dhcp'])), { code: 'PC_ERR_INTERNAL' });
});

t.test('unknown names are config errors listing the known ones', async (t) => {
  await t.rejects(resolveTarget('frobnicate', '/'), { code: 'PC_ERR_CONFIG', message: /^unknown target 'frobnicate': known names are builtin, dnsmasq, kea, isc-dhcp, tftpd-hpa, atftpd, nginx, .*t-dhcp.*container:<name>, or a target file/ });
  await t.rejects(resolveTarget('t-dhcp+nope', '/'), { code: 'PC_ERR_CONFIG', message: /unknown target 't-dhcp\+nope'/ });
  await t.rejects(resolveTarget('t-dhcp+', '/'), { code: 'PC_ERR_CONFIG', message: /empty part/ });
  await t.rejects(resolveTarget('  ', '/'), { code: 'PC_ERR_CONFIG' });
  await t.rejects(resolveTarget('command', '/'), { code: 'PC_ERR_CONFIG', message: /unknown target 'command'/ }, 'kinds are not names');
});

t.test('a+b: parts must not serve the same thing; started in order, stopped in reverse', async (t) => {
  await t.rejects(resolveTarget('t-dhcp+t-both', '/'), { code: 'PC_ERR_CONFIG', message: "target 't-dhcp+t-both': t-dhcp and t-both both serve dhcp; combine servers that serve different things (e.g. kea+nginx)" });
  await t.rejects(resolveTarget('t-dhcp+t-dhcp', '/'), { code: 'PC_ERR_CONFIG', message: /same server twice/ });
  const r = await resolveTarget('t-dhcp+t-files', '/');
  t.same(r.drivers.map((d) => d.name), ['t-dhcp', 't-files']);
  t.same(r.spec.serves, ['dhcp', 'http', 'tftp']);
  t.equal(r.spec.name, 't-dhcp+t-files');
  events.length = 0;
  const running = await r.start(env);
  t.same(running.ports, { dhcp: 1000, http: 1000, tftp: 1001 });
  t.same(running.logs, ['/logs/t-dhcp.log', '/logs/t-files.log']);
  t.same(running.versions, { 't-dhcp': '1.0', 't-files': '1.0' });
  await running.stop();
  t.same(events, ['start t-dhcp', 'start t-files', 'stop t-files', 'stop t-dhcp']);
});

t.test('a+b: a part that fails to start stops the parts already started; a crash of one part is the crash of all', async (t) => {
  events.length = 0;
  await t.rejects((await resolveTarget('t-dhcp+t-fail', '/')).start(env), /t-fail failed/);
  t.same(events, ['start t-dhcp', 'stop t-dhcp']);
  const r = await (await resolveTarget('t-dhcp+t-crash', '/')).start(env);
  t.equal(await r.exited, 't-crash crashed');
});

t.test('container:<name> takes built-in server names', async (t) => {
  await t.rejects(resolveTarget('container:nope', '/'), { code: 'PC_ERR_CONFIG', message: /unknown container target 'container:nope'/ });
  await t.rejects(resolveTarget('container:builtin', '/'), { code: 'PC_ERR_CONFIG' });
  const generic = findDriver('container');
  // The container drivers register exact names (container:dnsmasq); the generic one is the fallback.
  if (!generic) {
    if (!findDriver('container:dnsmasq')) {
      await t.rejects(resolveTarget('container:dnsmasq', '/'), { code: 'PC_ERR_CONFIG', message: /no container driver in this build/ });
    }
    registerDriver({ ...fake('container', ['dhcp', 'dns', 'tftp', 'http', 'https']), kind: 'container' });
    t.teardown(() => unregisterDriver('container'));
  }
  const one = await resolveTarget('container:dnsmasq', '/');
  t.equal(one.spec.name, 'container:dnsmasq');
  t.equal(one.spec.kind, 'container');
  registerDriver({ ...fake('container:t-files', ['http']), kind: 'container' });
  t.teardown(() => unregisterDriver('container:t-files'));
  const exact = await resolveTarget('container:t-files', '/');
  t.same(exact.drivers.map((d) => [d.name, d.serves]), [['container:t-files', ['http']]], 'an exact container driver wins');
  // A combination runs in ONE container of the one image: only the image's servers combine.
  await t.rejects(resolveTarget('container:t-dhcp+t-files', '/'), { code: 'PC_ERR_CONFIG', message: /container:t-dhcp, container:t-files is not one of dnsmasq, tftpd-hpa/ });
});

t.test('container:a+b is one driver (one container, one address); process and container parts do not mix', async (t) => {
  for (const name of ['container:kea+nginx', 'container:kea+container:nginx']) {
    const combo = await resolveTarget(name, '/');
    t.same(combo.drivers.map((d) => [d.kind, d.name]), [['container', 'container:kea+nginx']], `${name}: one container driver`);
    t.same(combo.spec.serves, ['dhcp', 'http', 'https'], 'it serves what both parts serve');
    t.equal(combo.spec.name, name, 'the spec keeps the name as typed');
    t.equal(combo.spec.kind, 'container');
    await t.rejects(combo.start(env), { code: 'PC_ERR_TARGET', message: /container:kea\+nginx runs only in the lab/ }, 'no lab: refused before podman is touched');
  }
  const three = await resolveTarget('container:isc-dhcp+tftpd-hpa+nginx', '/');
  t.same(three.drivers.map((d) => d.name), ['container:isc-dhcp+tftpd-hpa+nginx']);
  t.same(three.spec.serves, ['dhcp', 'tftp', 'http', 'https']);
  await t.rejects(resolveTarget('container:kea+dnsmasq', '/'), { code: 'PC_ERR_CONFIG', message: /container:kea and container:dnsmasq both serve dhcp/ }, 'overlap is checked per part');
  for (const mixed of ['kea+container:nginx', 'isc-dhcp+container:atftpd+container:nginx', 'isc-dhcp+container:atftpd', 'nginx+container:dnsmasq']) {
    await t.rejects(resolveTarget(mixed, '/'), { code: 'PC_ERR_CONFIG', message: /mixes process and container servers/ }, `${mixed} is refused`);
  }
  await t.rejects(resolveTarget('kea+container:nginx', '/'), { code: 'PC_ERR_CONFIG', message: "target 'kea+container:nginx' mixes process and container servers (kea / container:nginx): they would run at different addresses, and the DHCP options of one would name the wrong server; use 'container:kea+nginx' (one container) or 'kea+nginx' (processes)" });
  const dir = mkdtempSync(join(tmpdir(), 'provcert-reg-mixed-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = await runCli(['run', '--mode', 'loopback', '--target', 'kea+container:nginx', '--out', join(dir, 'out')]);
  t.equal(r.code, 2, 'provcert run: exit 2 (configuration)');
  t.match(r.stderr, /mixes process and container servers.*use 'container:kea\+nginx'/);
  t.notOk(hasStack(r.stdout + r.stderr), 'no stack trace');
});

t.test('files: command and external targets, loopback ports', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-reg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cmd = await resolveTarget('tiny.yaml', FIXTURES);
  t.equal(cmd.drivers[0]?.name, 'command');
  t.equal(cmd.spec.ports?.http, 80, 'lab: standard ports');
  const lo = await resolveTarget(join(FIXTURES, 'tiny.yaml'), '/', { loopback: true });
  t.equal(lo.spec.serverIp, '127.0.0.1');
  t.ok((lo.spec.ports?.http ?? 0) > 1024 && (lo.spec.ports?.tftp ?? 0) > 1024, 'loopback: unprivileged ports');
  t.match(lo.spec.profileRule, new RegExp(`^http://127\\.0\\.0\\.1:${lo.spec.ports?.http}/cfg/\\$MA\\.xml$`), 'placeholders use the chosen ports');
  const running = await lo.start({ ...env, outDir: join(dir, 'out'), content: { dir, files: new Map() } });
  t.equal((await fetch(`http://127.0.0.1:${running.ports.http}/env`)).status, 200, 'started through the registry');
  await running.stop();
  const ext = await resolveTarget('external.json', FIXTURES);
  t.equal(ext.drivers[0]?.name, 'external');
  await t.rejects(resolveTarget('missing.yaml', FIXTURES), { code: 'PC_ERR_CONFIG', message: /target file not found/ });
});
