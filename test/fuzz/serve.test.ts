/**
 * --serve (issue 7 part 2): the builtin server serves each fuzzed profile at its rule's path to a
 * fetcher. curl as the fetcher (per input, and as an external polling client), a deliberately
 * buggy python fetcher that crashes on CDATA (found, minimised, in the report), and "nothing
 * fetched" is not a finding. Also the report formats of a session (schemas/report.schema.json).
 */
import t, { type Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStack, runCli } from '../helpers/cli.js';
import { reportErrors } from '../report/validate.js';
import { isFetchOf, servedPath, serveTarget } from '../../lib/fuzz/targets/serve.js';
import type { FindingRecord } from '../../lib/fuzz/store.js';
import type { Report } from '../../lib/report/index.js';

const FIX = fileURLToPath(new URL('../fixtures/fuzz/', import.meta.url));
const has = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
const noCurl = has('curl') ? false : 'curl not installed';
const noPython = existsSync('/usr/bin/python3') ? false : '/usr/bin/python3 not installed';
const opts = { cmds: [], timeoutMs: 1500, rssLimitKb: 256 * 1024, crashExit: 128, cwd: process.cwd() };
const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

function tmp(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-fuzz-serve-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function findings(out: string): FindingRecord[] {
  const dir = join(out, 'findings');
  return existsSync(dir) ? readdirSync(dir).map((d) => JSON.parse(readFileSync(join(dir, d, 'finding.json'), 'utf8')) as FindingRecord) : [];
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

t.test('servedPath: the rule decides path and scheme, macros expanded', async (t) => {
  t.same(servedPath('/$MA.xml', '00562b043615'), { file: '00562b043615.xml', path: '/00562b043615.xml', scheme: 'tftp' }, 'TFTP-001: no scheme = tftp');
  t.match(servedPath('http://prov.example/cfg/$MA.xml?x=1', 'aabbccddeeff'), { file: 'cfg/aabbccddeeff.xml', scheme: 'http' });
  t.throws(() => servedPath('https://x/$MA.xml', '00562b043615'), { code: 'PC_ERR_CONFIG' }, 'https is not served');
  t.throws(() => servedPath('/$MA.xml', 'nope'), { code: 'PC_ERR_CONFIG' });
  t.throws(() => servedPath('(( broken', '00562b043615'), { code: 'PC_ERR_CONFIG' });
  const p = servedPath('/$MA.xml', '00562b043615');
  t.ok(isFetchOf('2026-01-01T00:00:00.000Z http 127.0.0.1:5000 GET /00562b043615.xml HTTP/1.1 -> 200 (3 octets)', p));
  t.ok(isFetchOf("2026-01-01T00:00:00.000Z tftp 127.0.0.1:5000 '00562b043615.xml' tid=4: RRQ (no options)", p));
  t.notOk(isFetchOf('2026-01-01T00:00:00.000Z http 127.0.0.1:5000 GET /00562b043615.xml.bak HTTP/1.1 -> 404', p));
});

t.test('serve target: curl fetches each input over TFTP and HTTP; its exit judges it', { skip: noCurl }, async (t) => {
  for (const scheme of ['tftp', 'http'] as const) {
    const rule = scheme === 'http' ? 'http://prov/$MA.xml' : '/$MA.xml';
    const s = await serveTarget({ rule, mac: '00562b043615', fetchCmd: 'curl -sS -f -o /dev/null {url}', httpPort: 0, tftpPort: 0, settleMs: 0 }, opts);
    t.teardown(() => s.close());
    t.match(s.url, new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+/00562b043615\\.xml$`));
    const o = await s.run(b('<flat-profile><A>1</A></flat-profile>'));
    t.equal(o.outcome, 'accept', `${scheme}: fetched and curl exited 0 (${o.stderr})`);
    t.ok(o.stdout.split('\n').some((l) => l.includes('00562b043615.xml')), `${scheme}: the server logged the fetch`);
  }
  const wrong = await serveTarget({ rule: '/$MA.xml', mac: '00562b043615', fetchCmd: 'curl -sS -f -o /dev/null {url}.other', httpPort: 0, tftpPort: 0, settleMs: 0 }, opts);
  t.teardown(() => wrong.close());
  const o = await wrong.run(b('<flat-profile/>'));
  t.equal(o.outcome, 'error', 'a fetcher that never fetched the input says nothing about it');
  t.match(o.stderr, /did not fetch/);
});

t.test('passive: an external curl polling the printed URL; nothing fetched is not a finding', { skip: noCurl }, async (t) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/00562b043615.xml`;
  // A bounded polling client (at most 400 fetches, 25 ms apart), killed at teardown.
  const poller = spawn('sh', ['-c', `i=0; while [ $i -lt 400 ]; do curl -s -o /dev/null ${url}; i=$((i+1)); sleep 0.025; done`], { stdio: 'ignore', detached: true });
  t.teardown(() => { try { process.kill(-(poller.pid as number), 'SIGKILL'); } catch { /* already gone */ } });
  const out = tmp(t);
  const r = await runCli(['fuzz', '--serve', '--rule', 'http://prov/$MA.xml', '--http-port', String(port), '--settle', '0', '--layers', 'profile',
    '--oracles', 'crash,hang', '--runs', '8', '--time', '30', '--timeout', '3000', '--seed', '4', '--out', out]);
  t.notOk(hasStack(r.stderr + r.stdout));
  t.equal(r.code, 0, `every input fetched, no finding (${r.stderr.slice(-300)})`);
  t.match(r.stderr, new RegExp(`serving each input at tftp://127\\.0\\.0\\.1:\\d+/00562b043615\\.xml and ${url.replace(/\./g, '\\.')}`));
  t.equal(JSON.parse(readFileSync(join(out, 'fuzz.json'), 'utf8')).runs, 8);

  const idle = tmp(t);
  const few = await runCli(['fuzz', '--serve', '--layers', 'profile', '--runs', '3', '--time', '30', '--timeout', '150', '--seed', '4', '--out', idle]);
  t.equal(few.code, 0, 'nobody fetched 3 inputs: not a finding');
  t.same(findings(idle), []);
  const many = await runCli(['fuzz', '--serve', '--layers', 'profile', '--runs', '30', '--time', '30', '--timeout', '100', '--seed', '4', '--out', tmp(t)]);
  t.equal(many.code, 1, 'ten in a row end the session');
  t.match(many.stderr, /PC_ERR_TARGET.*nothing fetched/);
  t.notOk(hasStack(many.stderr));
});

t.test('a buggy fetcher that crashes on CDATA is found, minimised and reported', { skip: noCurl || noPython }, async (t) => {
  const out = tmp(t);
  const fetcher = `${FIX}fetch-crash-cdata.py {url}`;
  const r = await runCli(['fuzz', '--serve', '--rule', 'http://prov/$MA.xml', '--fetch-cmd', fetcher, '--layers', 'xml', '--oracles', 'crash,hang',
    '--runs', '60', '--time', '40', '--seed', '42', '--minimise-time', '20', '--out', out]);
  t.notOk(hasStack(r.stderr + r.stdout));
  t.equal(r.code, 1, `a finding (${r.stdout})`);
  const f = findings(out).find((x) => x.oracle === 'crash');
  if (!f) return t.fail(`no crash finding: ${r.stdout}`);
  t.match(f.signature, /^crash-sigSEGV-/);
  const input = readFileSync(join(f.dir, 'input.bin'), 'latin1');
  t.match(input, /<!\[CDATA\[/, 'the reproducer keeps the pattern');
  t.ok(f.sizeAfter < 40, `minimised ${f.sizeBefore} -> ${f.sizeAfter} bytes`);
  t.match(readFileSync(join(f.dir, 'stdout.txt'), 'utf8'), /GET \/00562b043615\.xml HTTP\/1\.1 -> 200/, 'wire: the server log shows the fetch');
  const again = await runCli(['fuzz', '--replay', join(f.dir, 'input.bin'), '--serve', '--rule', 'http://prov/$MA.xml', '--fetch-cmd', fetcher, '--oracles', 'crash']);
  t.equal(again.code, 1, 'provcert fuzz --replay reproduces it');
  t.match(again.stdout, f.signature);

  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  t.equal(reportErrors(report), '', 'report.json is valid against schemas/report.schema.json');
  t.equal(report.complete, true);
  const fail = report.results.find((x) => x.verdict === 'fail');
  t.match(fail, { requirements: ['X-FUZZ-001'], requirementId: 'X-FUZZ-001', suite: 'fuzz', evidence: { replay: f.replay, seed: 42 } });
  t.ok(fail?.evidence.logs?.includes(`findings/${f.signature}/input.bin`), 'the minimised input is evidence');
  t.ok(report.results.some((x) => x.verdict === 'pass' && x.requirements[0] === 'X-FUZZ-003'), 'hang found nothing: a pass shows it was checked');
  t.equal(report.summary.mustFailures, 1);
  for (const file of ['junit.xml', 'index.html', 'summary.md']) t.ok(existsSync(join(out, file)), file);
  t.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<failure message="[^"]*" type="X-FUZZ-001"/);
  t.match(readFileSync(join(out, 'summary.md'), 'utf8'), /X-FUZZ-001/);
});

t.test('CLI: serve flags need --serve; bad rule or port is a usage/config error', async (t) => {
  for (const args of [['--rule', '/x'], ['--fetch-cmd', 'curl {url}'], ['--serve', '--rule', 'https://x/a.xml'], ['--serve', '--http-port', '70000'], ['--serve', '--cmd', 'cat']]) {
    const r = await runCli(['fuzz', ...args, '--runs', '1', '--out', tmp(t)]);
    t.equal(r.code, 2, `exit 2 for ${args.join(' ')}`);
    t.notOk(hasStack(r.stderr));
  }
});
