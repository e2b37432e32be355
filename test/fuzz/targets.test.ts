/**
 * Module, URL and command targets, argv splitting, oracles, minimiser and the CLI contract
 * (exit codes, bounds, --resume, --replay, no stacks).
 */
import t from 'tap';
import fc from 'fast-check';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStack, runCli } from '../helpers/cli.js';
import { splitArgv } from '../../lib/fuzz/targets/argv.js';
import { moduleTarget } from '../../lib/fuzz/targets/module.js';
import { urlTarget, isAllowedHost } from '../../lib/fuzz/targets/url.js';
import { commandTarget } from '../../lib/fuzz/targets/command.js';
import { judge } from '../../lib/fuzz/oracles.js';
import { ddmin, makeBudget, budgeted } from '../../lib/fuzz/minimise.js';
import { fuzzCaseArb } from '../../lib/fuzz/gen/index.js';
import { referenceVerdict } from '../../lib/fuzz/reference.js';
import { ORACLES, type Observation } from '../../lib/fuzz/types.js';

const FIX = fileURLToPath(new URL('../fixtures/fuzz/', import.meta.url));
const opts = { cmds: [], timeoutMs: 1500, rssLimitKb: 96 * 1024, crashExit: 128, cwd: process.cwd() };
const tmp = (t: { teardown(f: () => void): void }) => { const d = mkdtempSync(join(tmpdir(), 'provcert-fuzz-t-')); t.teardown(() => rmSync(d, { recursive: true, force: true })); return d; };
const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

t.test('splitArgv: quotes and escapes without a shell', async (t) => {
  t.same(splitArgv(`xmllint --noout -`), ['xmllint', '--noout', '-']);
  t.same(splitArgv(`a 'b c' "d \\"e\\"" f\\ g ''`), ['a', 'b c', 'd "e"', 'f g', '']);
  t.same(splitArgv('echo $HOME;rm'), ['echo', '$HOME;rm'], 'no expansion, no command separation');
  t.throws(() => splitArgv(`a 'b`), { code: 'PC_ERR_USAGE' });
  t.throws(() => splitArgv('   '), { code: 'PC_ERR_USAGE' });
});

t.test('generated cases carry the reference verdict of their bytes', async (t) => {
  const cases = fc.sample(fuzzCaseArb({ layers: ['profile', 'xml', 'wrapper', 'gzip', 'value', 'rule'] }), { seed: 3, numRuns: 60 });
  for (const c of cases) t.same(c.reference, referenceVerdict(c.bytes), `${c.mutations.join(' ')}`);
  t.ok(cases.filter((c) => c.layer === 'profile').every((c) => c.reference.valid), 'plain generated profiles are valid');
  const again = fc.sample(fuzzCaseArb({ layers: ['xml'] }), { seed: 3, numRuns: 5 }).map((c) => Buffer.from(c.bytes).toString('hex'));
  t.same(fc.sample(fuzzCaseArb({ layers: ['xml'] }), { seed: 3, numRuns: 5 }).map((c) => Buffer.from(c.bytes).toString('hex')), again, 'same seed, same inputs');
});

t.test('oracles: precedence and signatures', async (t) => {
  const cfg = { enabled: new Set(ORACLES), diffStdout: true };
  const obs = (o: Partial<Observation>): Observation => ({ outcome: 'accept', stdout: '', stderr: '', durationMs: 1, ...o });
  const valid = { valid: true, reason: 'ok' };
  const invalid = { valid: false, reason: 'doctype-refused' };
  t.equal(judge([obs({ outcome: 'crash', exitCode: 139, stderr: 'boom at 0x1234\n' })], valid, cfg)?.oracle, 'crash');
  t.match(judge([obs({ outcome: 'crash', signal: 'SIGSEGV' })], valid, cfg)?.signature, /^crash-sigSEGV-/);
  t.equal(judge([obs({ outcome: 'crash', errorName: 'TypeError', stderr: 'TypeError: x' })], valid, cfg)?.oracle, 'untyped-error');
  t.equal(judge([obs({})], invalid, cfg)?.signature, 'accepts-invalid-doctype-refused');
  t.equal(judge([obs({ outcome: 'reject', exitCode: 1 })], valid, cfg)?.oracle, 'rejects-valid');
  t.equal(judge([obs({})], valid, cfg), undefined);
  t.equal(judge([obs({}), obs({ outcome: 'reject' })], valid, cfg)?.oracle, 'differential');
  t.equal(judge([obs({ stdout: 'a' }), obs({ stdout: 'b' })], valid, { ...cfg, diffStdout: false }), undefined, '--diff-exit-only');
  const e1 = judge([obs({ outcome: 'crash', exitCode: 134, stderr: 'abort at line 12' })], valid, cfg);
  const e2 = judge([obs({ outcome: 'crash', exitCode: 134, stderr: 'abort at line 99' })], valid, cfg);
  t.equal(e1?.signature, e2?.signature, 'numbers are normalised out of the signature');
});

t.test('ddmin finds a 1-minimal input', async (t) => {
  const input = b(`${'x'.repeat(300)}<!DOCTYPE${'y'.repeat(300)}`);
  const budget = makeBudget(10_000, 5000);
  const out = await ddmin(input, budgeted(async (x) => Buffer.from(x).includes('DOCTYPE'), budget), budget);
  t.equal(Buffer.from(out).toString(), 'DOCTYPE');
});

t.test('module target: crash, hang and heap blow-up; the worker is restarted', async (t) => {
  const m = await moduleTarget(`${FIX}buggy-module.mjs#parse`, opts);
  t.teardown(() => m.close());
  t.equal((await m.run(b('<flat-profile/>'))).outcome, 'accept');
  t.equal((await m.run(b('junk'))).outcome, 'reject');
  const crash = await m.run(b('<flat-profile><![CDATA[x]]></flat-profile>'));
  t.equal(crash.outcome, 'crash');
  t.equal(crash.errorName, 'TypeError');
  const hang = await m.run(b('<flat-profile><A ua="">v</A></flat-profile>'));
  t.equal(hang.outcome, 'hang');
  t.equal((await m.run(b('<flat-profile/>'))).outcome, 'accept', 'a fresh worker after the hang');
  const mem = await m.run(b(`<flat-profile><A>${'v'.repeat(200)}</A></flat-profile>`));
  t.equal(mem.outcome, 'memory');
  t.equal((await m.run(b('<device/>'))).outcome, 'accept', 'a fresh worker after the blow-up');
  await t.rejects(moduleTarget(`${FIX}missing.mjs`, opts), { code: 'PC_ERR_CONFIG' });
});

t.test('url target: loopback only; status, body and dropped connections observed', async (t) => {
  t.ok(isAllowedHost('127.0.0.1') && isAllowedHost('[::1]') && isAllowedHost('10.77.3.4') && isAllowedHost('192.0.2.9') && isAllowedHost('localhost'));
  t.notOk(isAllowedHost('8.8.8.8') || isAllowedHost('example.com') || isAllowedHost('10.78.0.1') || isAllowedHost('192.0.3.1'));
  t.throws(() => urlTarget('http://example.com/up', 'PUT', opts), { code: 'PC_ERR_CONFIG' });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString('latin1'); });
    req.on('end', () => {
      if (body.includes('<!DOCTYPE')) { res.statusCode = 500; res.end('entity expansion failed'); }
      else if (body.includes('CDATA')) req.socket.destroy();
      else if (body.startsWith('<flat-profile')) { res.statusCode = 201; res.end('stored'); }
      else { res.statusCode = 400; res.end('bad'); }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  const u = urlTarget(`http://127.0.0.1:${port}/upload`, 'PUT', opts);
  const ok = await u.run(b('<flat-profile/>'));
  t.match(ok, { outcome: 'accept', status: 201, stdout: 'stored' });
  t.match(await u.run(b('nope')), { outcome: 'reject', status: 400 });
  t.match(await u.run(b('<!DOCTYPE x><flat-profile/>')), { outcome: 'crash', status: 500 });
  t.equal((await u.run(b('<![CDATA[')))?.outcome, 'crash', 'connection dropped');
  const dir = tmp(t);
  const r = await runCli(['fuzz', '--url', `http://127.0.0.1:${port}/upload`, '--layers', 'xml', '--oracles', 'crash', '--runs', '120', '--time', '20', '--seed', '5', '--out', dir, '--minimise-time', '10']);
  t.equal(r.code, 1, r.stdout);
  t.ok(readdirSync(join(dir, 'findings')).some((s) => s.startsWith('crash-500')), 'HTTP 500 on a DOCTYPE is found');
});

t.test('command target: {file} substitution, stdin, missing program', async (t) => {
  const c = commandTarget(`${process.execPath} ${FIX}accepts-doctype.mjs {file}`, opts);
  t.teardown(() => c.close());
  t.equal((await c.run(b('<flat-profile></flat-profile>'))).outcome, 'accept');
  t.equal((await c.run(b('<flat-profile>'))).outcome, 'reject');
  t.throws(() => commandTarget('/nonexistent/prog', opts), { code: 'PC_ERR_CONFIG' });
});

t.test('CLI: bounds, usage errors, findings, resume and replay', async (t) => {
  for (const args of [['--runs', '0'], ['--time', '0'], ['--layers', 'nope'], ['--method', 'GET', '--url', 'http://127.0.0.1/'], ['--url', 'http://192.168.1.1/'], ['--cmd', 'a', '--module', 'b'], ['--bogus']]) {
    const r = await runCli(['fuzz', ...args, '--out', tmp(t)]);
    t.equal(r.code, 2, `exit 2 for ${args.join(' ')}`);
    t.notOk(hasStack(r.stderr), 'no stack');
  }
  const help = await runCli(['fuzz', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /--runs N/);
  const out = tmp(t);
  const first = await runCli(['fuzz', '--runs', '60', '--time', '20', '--seed', '11', '--out', out]);
  t.equal(first.code, 0, `own parser: no findings (${first.stdout})`);
  t.notOk(hasStack(first.stderr + first.stdout));
  t.match(first.stderr, /fuzz: \d+ execs, [\d.]+ execs\/s, 0 finding/);
  const state1 = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
  t.match(state1, { version: 1, seed: 11, sessions: 1, runs: 60 });
  t.ok(readdirSync(join(out, 'corpus')).length > 0, 'the corpus grew');
  const second = await runCli(['fuzz', '--runs', '30', '--time', '20', '--out', out, '--resume', '--json']);
  t.equal(second.code, 0);
  t.equal(JSON.parse(second.stdout).seed, 12, 'the resumed session uses the next seed');
  t.match(JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')), { sessions: 2, runs: 90 });
  const noState = await runCli(['fuzz', '--runs', '5', '--out', tmp(t), '--resume']);
  t.equal(noState.code, 2, 'nothing to resume');
  const file = join(out, 'replay.xml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, '<flat-profile><Resync_Periodic>60</Resync_Periodic></flat-profile>');
  const rep = await runCli(['fuzz', '--replay', file]);
  t.equal(rep.code, 0);
  t.match(rep.stdout, /own-parser: accept/);
  t.ok(existsSync(join(out, 'fuzz.json')));
});
