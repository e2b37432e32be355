import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runCli, hasStack } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/targets/', import.meta.url));

function workdir(t: { teardown(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-cli-targets-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

t.test('provcert targets lists the built-in names, kinds and forms', async (t) => {
  const r = await runCli(['targets']);
  t.equal(r.code, 0);
  for (const n of ['builtin', 'dnsmasq', 'kea', 'isc-dhcp', 'tftpd-hpa', 'atftpd', 'nginx']) t.match(r.stdout, new RegExp(`^${n}\\s`, 'm'), `${n} listed`);
  t.match(r.stdout, /command\s+key command/);
  t.match(r.stdout, /external\s+key urls/);
  t.match(r.stdout, /combinations: A\+B/);
  t.match(r.stdout, /container:NAME/);
  const j = await runCli(['targets', '--json']);
  t.equal(j.code, 0);
  const doc = JSON.parse(j.stdout) as { targets: Array<{ name: string; kind: string; serves: string[]; available: boolean }>; kinds: Array<{ kind: string }> };
  t.same(doc.targets.slice(0, 7).map((x) => x.name), ['builtin', 'dnsmasq', 'kea', 'isc-dhcp', 'tftpd-hpa', 'atftpd', 'nginx']);
  t.same(doc.kinds.map((k) => k.kind), ['command', 'container', 'external']);
  // Every server also has a container:NAME row with its own availability (podman, image or mmdebstrap).
  for (const n of ['dnsmasq', 'kea', 'isc-dhcp', 'tftpd-hpa', 'atftpd', 'nginx']) {
    const c = doc.targets.find((x) => x.name === `container:${n}`);
    t.equal(c?.kind, 'container', `container:${n} listed`);
    t.same(c?.serves, doc.targets.find((x) => x.name === n)?.serves, `container:${n} serves what ${n} serves`);
  }
  t.notMatch(r.stdout, /no container driver/);
  t.ok(doc.targets.every((x) => typeof x.available === 'boolean' && Array.isArray(x.serves)));
  t.equal((await runCli(['targets', 'extra'])).code, 2);
  t.equal((await runCli(['targets', '--nope'])).code, 2);
  t.equal((await runCli(['targets', '--help'])).code, 0);
});

t.test('provcert target check: valid file, exit 0, resolved spec on stdout', async (t) => {
  const r = await runCli(['target', 'check', 'tiny.yaml'], { cwd: FIXTURES });
  t.equal(r.code, 0, r.stderr);
  const spec = parse(r.stdout) as Record<string, unknown>;
  t.equal(spec['name'], 'tiny');
  t.equal(spec['kind'], 'command');
  t.equal(spec['profileRule'], 'http://10.77.0.1:80/cfg/$MA.xml');
  t.match(r.stderr, /tiny\.yaml: valid \(0 errors, 0 warnings\)/);
  const full = await runCli(['target', 'check', 'full.yaml', '--json'], { cwd: FIXTURES, env: { PROVCERT_EXAMPLE_KEY: 'k' } });
  t.equal(full.code, 0, full.stderr);
  const doc = JSON.parse(full.stdout) as { valid: boolean; spec: { key: string } };
  t.equal(doc.valid, true);
  t.equal(doc.spec.key, 'k', '${env:NAME} from the environment of the command');
});

t.test('provcert target check: warnings for unknown keys, still valid', async (t) => {
  const d = workdir(t);
  writeFileSync(join(d, 'w.yaml'), 'name: w\nurls: { http: "http://127.0.0.1:8080/" }\ncolour: red\n');
  const r = await runCli(['target', 'check', 'w.yaml'], { cwd: d });
  t.equal(r.code, 0);
  t.match(r.stderr, /^warning: w\.yaml: colour: unknown key, ignored$/m);
});

t.test('provcert target check: invalid files exit 2 with one line per error and no stack', async (t) => {
  const d = workdir(t);
  writeFileSync(join(d, 'bad.yaml'), 'name: bad\ncommand: [node]\nserves: [http]\nphones:\n  - mac: 00562b043615\n  - mac: 00562b04361\n');
  const r = await runCli(['target', 'check', 'bad.yaml'], { cwd: d });
  t.equal(r.code, 2);
  t.match(r.stderr, /^error: bad\.yaml: phones\[1\]\.mac: must be 12 hex digits$/m);
  t.equal(r.stdout, '');
  const j = await runCli(['target', 'check', 'bad.yaml', '--json'], { cwd: d });
  t.equal(j.code, 2);
  t.same((JSON.parse(j.stdout) as { errors: string[] }).errors, ['bad.yaml: phones[1].mac: must be 12 hex digits']);
  writeFileSync(join(d, 'syntax.yaml'), 'name: [\n');
  writeFileSync(join(d, 'env.yaml'), 'command: [node]\nserves: [http]\nkey: "${env:NOT_SET_HERE}"\n');
  for (const [argv, pattern] of [
    [['target', 'check', 'syntax.yaml'], /PC_ERR_CONFIG.*syntax\.yaml:\d+:\d+: YAML/],
    [['target', 'check', 'missing.yaml'], /PC_ERR_CONFIG.*missing\.yaml: target file not found/],
    [['target', 'check', 'env.yaml'], /environment variable NOT_SET_HERE is not set/],
    [['target', 'check'], /missing FILE/],
    [['target', 'check', 'a', 'b'], /one FILE expected/],
  ] as const) {
    const x = await runCli([...argv], { cwd: d });
    t.equal(x.code, 2, argv.join(' '));
    t.match(x.stderr, pattern);
    t.notOk(hasStack(x.stderr + x.stdout), 'no stack');
  }
  const group = await runCli(['target'], { cwd: d });
  t.equal(group.code, 2);
  t.match(group.stderr, /target check/);
});
