import t from 'tap';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { runCli, hasStack } from '../helpers/cli.js';

const good = '<flat-profile>\n<Provision_Enable ua="na">Yes</Provision_Enable>\n<Foo>1</Foo>\n</flat-profile>\n';
const bad = '<flat-profile>\n<GPP_A ua="xx">1</GPP_A>\n</flat-profile>\n';

t.test('valid profile: exit 0, findings as FILE:line:col: severity code [REQ] message', async (t) => {
  const dir = t.testdir({ 'p.xml': good });
  const r = await runCli(['profile', 'lint', 'p.xml'], { cwd: dir });
  t.equal(r.code, 0);
  t.match(r.stdout, /^p\.xml:3:1: warning unknown-parameter \[PROF-007\] Foo is not in/m);
  t.match(r.stderr, /valid \(2 parameters, 0 errors, 1 warnings\)/);
  const quiet = await runCli(['profile', 'lint', 'p.xml', '--no-warnings'], { cwd: dir });
  t.equal(quiet.stdout, '');
  t.equal(quiet.code, 0);
});

t.test('invalid profile: exit 1; --json gives one object', async (t) => {
  const dir = t.testdir({ 'b.xml': bad });
  const r = await runCli(['profile', 'lint', 'b.xml'], { cwd: dir });
  t.equal(r.code, 1);
  t.match(r.stdout, /^b\.xml:2:1: error ua-invalid \[PROF-010\]/m);
  const j = await runCli(['profile', 'lint', '--json', 'b.xml'], { cwd: dir });
  t.equal(j.code, 1);
  const parsed = JSON.parse(j.stdout) as { ok: boolean; findings: { code: string }[] };
  t.equal(parsed.ok, false);
  t.ok(parsed.findings.some((f) => f.code === 'ua-invalid'));
  t.notOk(hasStack(r.stderr + r.stdout + j.stderr));
});

t.test('gzip is inflated by content; a gzip bomb is refused with exit 1', async (t) => {
  const dir = t.testdir({});
  writeFileSync(`${dir}/p.cfg`, gzipSync(Buffer.from(good)));
  writeFileSync(`${dir}/bomb.xml`, gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
  const r = await runCli(['profile', 'lint', 'p.cfg'], { cwd: dir });
  t.equal(r.code, 0);
  t.match(r.stderr, /gzip inflated/);
  const b = await runCli(['profile', 'lint', 'bomb.xml'], { cwd: dir });
  t.equal(b.code, 1);
  t.match(b.stderr, /PC_ERR_PROFILE_LIMIT/);
  t.notOk(hasStack(b.stderr));
});

t.test('encrypted body: one line pointing to profile decrypt, exit 1', async (t) => {
  const dir = t.testdir({ 'e.cfg': 'Salted__12345678\u0001\u0002' });
  const r = await runCli(['profile', 'lint', 'e.cfg'], { cwd: dir });
  t.equal(r.code, 1);
  t.match(r.stderr, /encrypted.*provcert profile decrypt/);
  t.equal(r.stderr.trim().split('\n').length, 1);
});

t.test('unreadable file: one clear line, exit 1, no stack', async (t) => {
  const dir = t.testdir({ sub: {} });
  for (const f of ['missing.xml', 'sub']) {
    const r = await runCli(['profile', 'lint', f], { cwd: dir });
    t.equal(r.code, 1, f);
    t.match(r.stderr, new RegExp(`PC_ERR_IO.*cannot read ${f}`));
    t.notOk(hasStack(r.stderr));
  }
  const big = t.testdir({ 'big.xml': good });
  const r = await runCli(['profile', 'lint', 'big.xml', '--max-bytes', '10'], { cwd: big });
  t.equal(r.code, 1);
  t.match(r.stderr, /PC_ERR_PROFILE_LIMIT/);
});

t.test('usage errors exit 2; --help exits 0', async (t) => {
  for (const argv of [['profile', 'lint'], ['profile', 'lint', 'a', 'b'], ['profile', 'lint', '--nope', 'a'], ['profile', 'lint', 'a', '--max-depth', 'x']]) {
    const r = await runCli(argv);
    t.equal(r.code, 2, argv.join(' '));
    t.notOk(hasStack(r.stderr));
  }
  const h = await runCli(['profile', 'lint', '--help']);
  t.equal(h.code, 0);
  t.match(h.stdout, /usage: provcert profile lint FILE/);
});
