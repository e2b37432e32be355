import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStack } from '../helpers/cli.js';
import { FIXTURES, readReport, ROOT, run, schemaErrors, tempOut } from '../helpers/runner.js';

const SUITES = join(FIXTURES, 'suites');

t.test('verdicts: pass, n/a (needs), skip, error, per-test timeout, SHOULD fail keeps exit 0', async (t) => {
  const out = tempOut(t);
  const r = await run(['--out', out, '--seed', '3', '--suite', 'fixture', '--test', 'fixture.verdict.pass,fixture.verdict.not-served,fixture.verdict.skip,fixture.verdict.error,fixture.verdict.should-fail,fixture.verdict.slow'], { env: { PROVCERT_SUITES_DIR: SUITES } });
  t.notOk(hasStack(r.stdout + r.stderr));
  const report = readReport(out);
  t.equal(r.code, 1, 'two tests broke (error, timeout): exit 1, although the only failure is SHOULD-level');
  t.match(report.outcome.reason, /no MUST-level failure, but 2 test\(s\) could not run/);
  t.equal(schemaErrors(report), '');
  const by = Object.fromEntries(report.results.map((x) => [x.id, x]));
  t.equal(by['fixture.verdict.pass']!.verdict, 'pass');
  const na = by['fixture.verdict.not-served']!;
  t.equal(na.verdict, 'n/a');
  t.match(na.verdict === 'n/a' ? na.reason : '', /does not serve acs/);
  t.equal(by['fixture.verdict.skip']!.verdict, 'skip');
  const err = by['fixture.verdict.error']!;
  t.equal(err.verdict, 'error');
  t.match(err.verdict === 'error' ? err.message : '', /TypeError: boom/);
  const slow = by['fixture.verdict.slow']!;
  t.equal(slow.verdict, 'error');
  t.match(slow.verdict === 'error' ? slow.message : '', /timed out after 400 ms/);
  t.ok(slow.durationMs < 5000, 'the timeout bounds the test');
  const should = by['fixture.verdict.should-fail']!;
  t.equal(should.verdict, 'fail');
  t.equal(should.level, 'SHOULD', 'a fail carries the level of the requirement it breaks');
  t.equal(report.summary.mustFailures, 0);
});

t.test('selection: --test, --requirement, unknown names are usage errors', async (t) => {
  const out = tempOut(t);
  const r = await run(['--out', out, '--seed', '3', '--requirement', 'DHCP-018']);
  t.equal(r.code, 0);
  const ids = readReport(out).results.map((x) => x.id).sort();
  t.same(ids, ['dhcp.ack.echoes-xid', 'dhcp.offer.echoes-xid']);
  const out2 = tempOut(t);
  const r2 = await run(['--out', out2, '--test', 'dhcp.offer.message-type']);
  t.equal(r2.code, 0);
  t.same(readReport(out2).results.map((x) => x.id), ['dhcp.offer.message-type']);
  for (const bad of [['--suite', 'nope'], ['--test', 'dhcp.no.such'], ['--requirement', 'NOPE-001'], ['--target', 'no-such-server'], ['--phones', 'x'], ['--bogus'], ['--mode', 'space']]) {
    const e = await run(['--out', tempOut(t), ...bad]);
    t.equal(e.code, 2, bad.join(' '));
    t.notOk(hasStack(e.stdout + e.stderr));
  }
});

t.test('--baseline: an expected failure keeps the run green, an unexpected pass fails it', async (t) => {
  const out = tempOut(t);
  const base = join(out, 'expected.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(base, JSON.stringify({ target: 'tiny-dhcp-no-xid', tests: { 'dhcp.offer.echoes-xid': { verdict: 'fail', reason: 'docs/server-findings.md#fixture' }, 'dhcp.offer.message-type': { verdict: 'fail', reason: 'docs/server-findings.md#fixture' } } }));
  const r = await run(['--target', join(FIXTURES, 'no-xid.yaml'), '--out', join(out, 'r'), '--test', 'dhcp.offer.echoes-xid,dhcp.offer.message-type', '--baseline', base]);
  t.equal(r.code, 1, 'xfail->PASS of message-type fails the run');
  const report = readReport(join(out, 'r'));
  t.equal(schemaErrors(report), '');
  t.equal(report.baseline?.counts['xfail->PASS'], 1);
  t.equal(report.baseline?.counts.unchanged, 1);
});

t.test('SIGINT mid-run: valid report.json (interrupted), junit and html rewritten', async (t) => {
  const out = tempOut(t);
  const script = join(ROOT, 'test', 'helpers', 'cli-entry.ts');
  const child = spawn(process.execPath, [...process.execArgv, script, 'run', '--mode', 'loopback', '--out', join(out, 'r'), '--suite', 'fixture', '--test', 'fixture.sleep.s0,fixture.sleep.s1,fixture.sleep.s2,fixture.sleep.s3,fixture.sleep.s4,fixture.sleep.s5', '--seed', '1'], {
    cwd: ROOT, env: { ...process.env, CI: 'true', PROVCERT_SUITES_DIR: SUITES }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  await new Promise<void>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`no second result within 60 s: ${stdout} ${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/\[2\/6\]/.test(stdout)) { clearTimeout(bound); resolve(); }
    });
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  t.equal(code, 130);
  t.notOk(hasStack(stderr), 'no stack');
  const report = readReport(join(out, 'r'));
  t.equal(schemaErrors(report), '');
  t.equal(report.interrupted, true);
  t.equal(report.complete, false);
  t.ok(report.results.length >= 2 && report.results.length < 6, `${report.results.length} results recorded`);
  t.ok(existsSync(join(out, 'r', 'junit.xml')) && existsSync(join(out, 'r', 'index.html')));
  t.equal((readFileSync(join(out, 'r', 'junit.xml'), 'utf8').match(/<testcase /g) ?? []).length, report.results.length, 'junit has the recorded results');
});
