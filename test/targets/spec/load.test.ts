import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTargetFile, loadTargetFile, resolvePlaceholders } from '../../../lib/targets/spec/index.js';
import { ProvcertError } from '../../../lib/errors.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/targets/', import.meta.url));

function dir(t: { teardown(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-target-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  writeFileSync(join(d, 'srv.mjs'), '');
  writeFileSync(join(d, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
  return d;
}

/** Writes `text` as target.yaml (or another name) in d and checks it; messages are shown relative to d. */
function check(d: string, text: string, name = 'target.yaml', env: Record<string, string> = {}) {
  writeFileSync(join(d, name), text);
  return checkTargetFile(name, { cwd: d, env });
}

const MINIMAL = 'name: t\ncommand: [node, ./srv.mjs]\nserves: [http]\n';

t.test('a minimal command target gets its defaults', async (t) => {
  const d = dir(t);
  const r = check(d, MINIMAL);
  t.same(r.errors, []);
  t.same(r.warnings, []);
  t.equal(r.spec?.kind, 'command');
  t.equal(r.spec?.serverIp, '10.77.0.1');
  t.same(r.spec?.command, ['node', './srv.mjs'], 'argv[0] without / stays (PATH); arguments are left to the working directory');
  t.same(check(d, 'command: [./srv.mjs, x]\nserves: [http]\n').spec?.command, [join(d, 'srv.mjs'), 'x'], 'argv[0] with / resolves against the file');
  t.equal(check(d, 'command: [./srv.mjs]\nserves: [http]\n').spec?.name, 'target', 'name defaults to the file name');
  t.same(r.spec?.phones, []);
  t.equal(r.spec?.ports?.http, 80, 'standard ports by default');
  t.equal(r.spec?.file, join(d, 'target.yaml'));
});

t.test('the same file as JSON gives the same spec', async (t) => {
  const d = dir(t);
  const yaml = check(d, MINIMAL).spec;
  const json = check(d, JSON.stringify({ name: 't', command: ['node', './srv.mjs'], serves: ['http'] }), 'target.json').spec;
  t.same({ ...json, file: '' }, { ...yaml, file: '' });
});

t.test('every kind of invalid file has its exact message', async (t) => {
  const d = dir(t);
  const cases: Array<[string, string]> = [
    [`${MINIMAL}phones:\n  - mac: 00562b043615\n  - mac: 00562b04361\n`, 'target.yaml: phones[1].mac: must be 12 hex digits'],
    [`${MINIMAL}phones:\n  - serial: X\n`, "target.yaml: phones[0]: missing required key 'mac'"],
    ['name: t\ncommand: node\nserves: [http]\n', 'target.yaml: command: must be a list'],
    ['name: t\ncommand: []\nserves: [http]\n', 'target.yaml: command: must not be empty'],
    ['name: t\ncommand: [node]\nserves: [http, ftp]\n', 'target.yaml: serves[1]: "ftp" is not one of dhcp, dns, tftp, http, https, acs, sip, syslog'],
    ['name: t\ncommand: [node]\nserves: [http, http]\n', 'target.yaml: serves: lists "http" twice'],
    [`${MINIMAL}serverIp: 10.77.0.300\n`, 'target.yaml: serverIp: must be an IPv4 address'],
    [`${MINIMAL}ports: { http: 70000 }\n`, 'target.yaml: ports.http: must be <= 65535, got 70000'],
    [`${MINIMAL}firmware: { rule: r, version: v, size: -1, sha256: abc }\n`, 'target.yaml: firmware.size: must be >= 0, got -1'],
    [`${MINIMAL}firmware: { rule: r, version: v, size: 1, sha256: abc }\n`, 'target.yaml: firmware.sha256: must be 64 hex digits'],
    [`${MINIMAL}firmware: { rule: r, version: v, size: 1 }\n`, "target.yaml: firmware: missing required key 'sha256'"],
    [`${MINIMAL}acs: { url: ftp://x }\n`, 'target.yaml: acs.url: must be an http:// or https:// URL'],
    [`${MINIMAL}thresholds: { readyTimeoutMs: fast }\n`, 'target.yaml: thresholds.readyTimeoutMs: must be a number'],
    ['name: t\nserves: [http]\n', 'target.yaml: (root): says neither command, image/build nor urls: give exactly one (how the server is started or reached)'],
    ['name: t\ncommand: [node]\nimage: x\nserves: [http]\n', 'target.yaml: (root): gives command and image/build: give exactly one'],
    ['name: t\ncommand: [node]\n', 'target.yaml: serves: required for command targets: list what the server provides (dhcp, dns, tftp, http, https, acs, sip, syslog)'],
    [`${MINIMAL}key: a\nikm: yqdlZ-tYemfogSmv7Ws5PQ\n`, 'target.yaml: (root): gives both key and ikm: a target encrypts with one of them (ENC-002 or ENC-008)'],
    [`${MINIMAL}ikm: "ab+/"\n`, 'target.yaml: ikm: IKM is not valid base64url: only A-Z a-z 0-9 - _ are allowed (standard base64 uses + and /)'],
    [`${MINIMAL}phones:\n  - mac: 00562b043615\n    cert: ca.pem\n`, 'target.yaml: phones[0]: cert given without key: give both or neither'],
    [`${MINIMAL}serverCa: missing.pem\n`, 'target.yaml: serverCa: file not found: '],
    [`${MINIMAL}phones:\n  - mac: 00562b043615\n  - mac: 00562B043615\n`, 'target.yaml: phones[1].mac: 00562b043615 is also phones[0].mac'],
    [`${MINIMAL}onboarding: { initUrl: "http://x/i", customerIds: { 00562b043615: "1" }, expectedPermanentRule: r }\n`, 'target.yaml: onboarding.customerIds.00562b043615: is not the MAC of a phone in phones'],
    [`${MINIMAL}onboarding: { initUrl: "http://x/i", customerIds: { nomac: "1" }, expectedPermanentRule: r }\n`, "target.yaml: onboarding.customerIds: key 'nomac' must be a MAC (12 hex digits)"],
    ['name: t\nurls: { http: "http://127.0.0.1:1/" }\nserves: [http, dhcp]\n', 'target.yaml: serves: an external target is reached by urls, without DHCP: remove dhcp'],
    ['name: t\nurls: { http: "http://127.0.0.1:1/" }\nserves: [tftp]\n', 'target.yaml: serves: lists tftp but urls has no tftp URL'],
    ['name: t\nurls: { http: "tftp://127.0.0.1/" }\n', 'target.yaml: urls.http: must be an http:// URL'],
    [`${MINIMAL}kind: builtin\n`, "target.yaml: kind: 'builtin' targets are named, not written as files (provcert targets lists them)"],
    [`${MINIMAL}kind: external\n`, "target.yaml: kind: is 'external' but the file gives command (a command target)"],
    [`${MINIMAL}actions: {}\n`, 'target.yaml: actions: must not be empty'],
    ['- a\n- b\n', 'target.yaml: the file must hold one mapping (object) of keys, e.g. name: ..., command: [...]'],
    [`${MINIMAL}profileRule: "http://\${SERVERIP}/x"\n`, 'target.yaml: profileRule: unknown placeholder ${SERVERIP}'],
    [`${MINIMAL}key: "\${env:PROVCERT_TEST_UNSET}"\n`, 'target.yaml: key: environment variable PROVCERT_TEST_UNSET is not set (${env:PROVCERT_TEST_UNSET})'],
  ];
  for (const [text, message] of cases) {
    const r = check(d, text);
    t.equal(r.spec, undefined, `invalid: ${message}`);
    t.ok(r.errors.some((e) => e.startsWith(message)), `${message}\n  got: ${r.errors.join(' || ')}`);
  }
});

t.test('all errors of a file are reported together', async (t) => {
  const d = dir(t);
  const r = check(d, 'name: t\ncommand: [node]\nserves: [ftp]\nserverIp: x\nphones: [{ mac: zz }]\n');
  t.equal(r.errors.length, 3, r.errors.join('\n'));
  try {
    loadTargetFile(join(d, 'target.yaml'));
    t.fail('loadTargetFile accepted an invalid file');
  } catch (e) {
    t.ok(e instanceof ProvcertError && e.code === 'PC_ERR_CONFIG' && e.exitCode === 2, 'config error, exit 2');
    t.equal((e as Error).message.split('; ').length, 3, 'one message lists all three');
  }
});

t.test('syntax errors carry line and column; missing file is a config error', async (t) => {
  const d = dir(t);
  t.throws(() => check(d, 'name: t\ncommand: [node\n'), { code: 'PC_ERR_CONFIG', message: /^target\.yaml:\d+:\d+: YAML: / });
  t.throws(() => check(d, 'name: a\nname: b\n'), { code: 'PC_ERR_CONFIG', message: /YAML: Map keys must be unique/ });
  t.throws(() => check(d, '{"name": "t",\n "command": [}', 'target.json'), { code: 'PC_ERR_CONFIG', message: /^target\.json:2:\d+: JSON: / });
  t.throws(() => checkTargetFile('nope.yaml', { cwd: d }), { code: 'PC_ERR_CONFIG', message: 'nope.yaml: target file not found' });
  t.throws(() => checkTargetFile('.', { cwd: d }), { code: 'PC_ERR_CONFIG', message: /not a regular file/ });
});

t.test('unknown keys are warnings and are dropped', async (t) => {
  const d = dir(t);
  const r = check(d, `${MINIMAL}colour: red\nphones:\n  - mac: 00562b043615\n    shoe: 42\nfile: /elsewhere.yaml\n`);
  t.same(r.errors, []);
  t.same(r.warnings.sort(), [
    'target.yaml: colour: unknown key, ignored',
    'target.yaml: file: set by the loader; the value in the file is ignored',
    'target.yaml: phones[0].shoe: unknown key, ignored',
  ]);
  t.notOk('shoe' in (r.spec?.phones[0] ?? {}));
  t.equal(r.spec?.file, join(d, 'target.yaml'));
});

t.test('null means absent', async (t) => {
  const d = dir(t);
  const r = check(d, `${MINIMAL}serverIp: null\nkey: null\nikm: yqdlZ-tYemfogSmv7Ws5PQ\nphones:\n  - mac: 00562b043615\n    cert: null\n    key: null\nacs: null\n`);
  t.same(r.errors, []);
  t.equal(r.spec?.serverIp, '10.77.0.1');
  t.equal(r.spec?.key, undefined);
  t.equal(r.spec?.acs, undefined);
  t.notOk(r.spec && 'cert' in r.spec.phones[0]!);
  t.same(check(d, 'name: t\ncommand: [node]\nserves: [http]\nphones: [null]\n').errors, ['target.yaml: phones[0]: must be a mapping (object)'], 'null inside a list is not absent');
});

t.test('placeholders: server IP, ports, env, escapes, options', async (t) => {
  const d = dir(t);
  const text = `${MINIMAL}serverIp: "\${env:PC_IP}"\nprofileRule: "http://\${SERVER_IP}:\${PORT_HTTP}/$MA.xml?t=\${PORT_TFTP}&s=\${PORT_SIP}&l=$\${PORT_HTTP}"\nkey: "\${env:PC_KEY}"\n`;
  writeFileSync(join(d, 'target.yaml'), text);
  const env = { PC_IP: '10.77.9.1', PC_KEY: 's3cret' };
  const std = checkTargetFile('target.yaml', { cwd: d, env });
  t.same(std.errors, []);
  t.equal(std.spec?.profileRule, 'http://10.77.9.1:80/$MA.xml?t=69&s=5060&l=${PORT_HTTP}');
  t.equal(std.spec?.serverIp, '10.77.9.1');
  t.equal(std.spec?.key, 's3cret');
  const lo = checkTargetFile('target.yaml', { cwd: d, env, serverIp: '127.0.0.1', ports: { http: 40080, tftp: 40069 } });
  t.equal(lo.spec?.profileRule, 'http://127.0.0.1:40080/$MA.xml?t=40069&s=5060&l=${PORT_HTTP}', 'run options win over the file');
  t.equal(lo.spec?.serverIp, '127.0.0.1');
  const fixed = check(d, `${MINIMAL}ports: { http: 8080 }\nprofileRule: "\${PORT_HTTP}"\n`);
  t.equal(fixed.spec?.profileRule, '8080', "a file's fixed port wins");
  t.equal(fixed.spec?.ports?.http, 8080);
});

t.test('resolvePlaceholders on its own', async (t) => {
  const v = { serverIp: '10.77.0.1', ports: { http: 80 }, env: { A: 'x' } };
  t.equal(resolvePlaceholders('${SERVER_IP}:${PORT_HTTP}/${env:A}', v), '10.77.0.1:80/x');
  t.equal(resolvePlaceholders('$(MA) $MA $$ $${SERVER_IP}', v), '$(MA) $MA $$ ${SERVER_IP}', 'Cisco macros and escapes untouched');
  t.throws(() => resolvePlaceholders('${PORT_TFTP}', v, 'f: k'), { code: 'PC_ERR_CONFIG', message: 'f: k: ${PORT_TFTP} has no port here' });
  t.throws(() => resolvePlaceholders('${PORT_FTP}', v, 'f: k'), { code: 'PC_ERR_CONFIG', message: /^f: k: unknown placeholder \$\{PORT_FTP\}/ });
  t.throws(() => resolvePlaceholders('${env:B}', v, 'f: k'), { code: 'PC_ERR_CONFIG', message: 'f: k: environment variable B is not set (${env:B})' });
  t.throws(() => resolvePlaceholders('${env:1x}', v, 'f: k'), { code: 'PC_ERR_CONFIG' });
});

t.test('the example files load', async (t) => {
  const full = loadTargetFile(join(FIXTURES, 'full.yaml'), { env: { PROVCERT_EXAMPLE_KEY: 'k' } });
  t.same(full.warnings, []);
  t.equal(full.spec.phones.length, 2);
  t.equal(full.spec.phones[0]?.cert, join(FIXTURES, 'pki/phone1.crt'));
  t.equal(full.spec.phones[1]?.serial, 'FCH2B043616', 'default serial from the MAC');
  t.equal(full.spec.phones[1]?.model, 'CP-8841-3PCC');
  t.equal(full.spec.firmware?.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  t.equal(full.spec.acs?.url, 'http://10.77.0.1:7547/acs');
  t.equal(full.spec.actions?.url, 'http://10.77.0.1:8080/act');
  t.throws(() => loadTargetFile(join(FIXTURES, 'full.yaml'), { env: {} }), { code: 'PC_ERR_CONFIG', message: /PROVCERT_EXAMPLE_KEY is not set/ });
  const ext = loadTargetFile(join(FIXTURES, 'external.json'), { ports: { http: 1234, tftp: 1069 } });
  t.equal(ext.spec.kind, 'external');
  t.same(ext.spec.serves, ['http', 'tftp'], 'external serves default to the urls');
  t.equal(ext.spec.urls?.http, 'http://127.0.0.1:1234/');
  t.equal(loadTargetFile(join(FIXTURES, 'tiny.yaml')).spec.name, 'tiny');
});

t.test('the examples in docs/targets.md are valid target files', async (t) => {
  const d = dir(t);
  symlinkSync(join(FIXTURES, 'pki'), join(d, 'pki'));
  symlinkSync(join(FIXTURES, 'tiny-server.mjs'), join(d, 'tiny-server.mjs'));
  const md = readFileSync(fileURLToPath(new URL('../../../docs/targets.md', import.meta.url)), 'utf8');
  const blocks = [...md.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)];
  t.equal(blocks.length, 2, 'one YAML and one JSON example');
  for (const [, lang, body] of blocks) {
    const r = check(d, body as string, `example.${lang}`, { PROVCERT_EXAMPLE_KEY: 'k' });
    t.same(r.errors, [], `${lang} example`);
    t.same(r.warnings, [], `${lang} example has no unknown keys`);
  }
});
