import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { ProvcertError } from '../../lib/errors.js';
import { ReportWriter, linkLatest } from '../../lib/report/writer.js';
import type { Report, Result } from '../../lib/report/types.js';
import { sampleMeta, sampleResults } from './sample.js';
import { reportErrors } from './validate.js';

function tmp(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-writer-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const sample = sampleResults();
const pass = sample.results[0] as Result;

t.test('create writes an empty, incomplete report.json at once', async (t) => {
  const dir = join(tmp(t), 'a', 'b');
  ReportWriter.create(dir, sampleMeta());
  const r = readReport(dir);
  t.equal(r.complete, false);
  t.equal(r.results.length, 0);
  t.equal(r.summary.total, 0);
  t.equal(r.finishedAt, undefined);
  t.equal(reportErrors(r), '');
});

t.test('add rewrites report.json each time; finish writes the four artefacts, report.json last and complete', async (t) => {
  const dir = tmp(t);
  const w = ReportWriter.create(dir, sampleMeta());
  sample.results.forEach((r, i) => {
    w.add(r);
    t.equal(readReport(dir).results.length, i + 1, `after add ${i + 1}`);
  });
  for (const r of sample.phoneResults) w.add(r, 'phone');
  t.notOk(existsSync(join(dir, 'index.html')), 'no html before finish');
  const report = await w.finish();
  for (const f of ['report.json', 'junit.xml', 'index.html', 'summary.md']) t.ok(existsSync(join(dir, f)), f);
  t.equal(readReport(dir).complete, true);
  t.equal(readReport(dir).finishedAt, '2025-01-15T10:02:07.500Z');
  t.equal(report.summary.total, sample.results.length);
  t.equal(report.phoneSummary.total, sample.phoneResults.length);
  t.same(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
  t.equal(await w.finish(), report, 'finish twice returns the same report');
  t.throws(() => w.add(pass), { code: 'PC_ERR_INTERNAL' }, 'add after finish');
});

t.test('finishSync (SIGINT) writes every artefact from what was recorded, marked interrupted', async (t) => {
  const dir = tmp(t);
  const w = ReportWriter.create(dir, sampleMeta());
  w.add(pass);
  w.add(sample.results[1] as Result);
  const r = w.finishSync();
  t.equal(r.complete, false);
  t.equal(r.interrupted, true);
  t.equal(readReport(dir).interrupted, true);
  t.match(readFileSync(join(dir, 'junit.xml'), 'utf8'), /tests="2"/);
  t.match(readFileSync(join(dir, 'index.html'), 'utf8'), /run interrupted/);
  t.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /run interrupted/);
});

t.test('requirement IDs are checked when a result is added', async (t) => {
  const w = ReportWriter.create(tmp(t), sampleMeta());
  t.throws(() => w.add({ ...pass, requirements: ['DHCP-999'] }), { code: 'PC_ERR_REQUIREMENT_UNKNOWN' });
  t.throws(() => w.add({ ...pass, requirements: ['RESYNC-001'] }), { code: 'PC_ERR_INTERNAL' }, 'phone-side requirement in a target result');
  t.doesNotThrow(() => w.add({ ...pass, requirements: ['RESYNC-001'] }, 'phone'), 'fine as a phone result');
  const fail = sample.results[1] as Result;
  t.throws(() => w.add({ ...fail, requirementId: 'TFTP-005' } as Result), { code: 'PC_ERR_INTERNAL' }, 'failed requirement not among the requirements');
  t.throws(() => w.add({ ...pass, requirements: [] }), { code: 'PC_ERR_INTERNAL' }, 'a result without requirements');
  t.throws(() => w.add({ ...pass, id: 'DHCP Offer' }), { code: 'PC_ERR_INTERNAL' }, 'a test ID that is not dotted lower-case');
  t.equal(w.current().results.length, 0, 'rejected results are not recorded');
});

t.test('a baseline for another target is a configuration error', async (t) => {
  t.throws(() => ReportWriter.create(tmp(t), sampleMeta({ baseline: { baseline: { target: 'kea', tests: {} } } })), { code: 'PC_ERR_CONFIG' });
});

t.test('an unwritable folder is PC_ERR_IO', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'file'), 'x');
  const e = (() => { try { ReportWriter.create(join(dir, 'file', 'sub'), sampleMeta()); } catch (err) { return err; } return undefined; })();
  t.ok(e instanceof ProvcertError);
  t.equal((e as ProvcertError).code, 'PC_ERR_IO');
});

t.test('report.json parses at every moment, also after kill -9 in a stream of add() calls', async (t) => {
  const dir = join(tmp(t), 'run');
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./child-writer.ts', import.meta.url)), dir], { stdio: 'ignore' });
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let reads = 0;
  let maxSeen = 0;
  // Read as fast as possible while the child writes; bounded by 60 s.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!existsSync(join(dir, 'report.json'))) { await new Promise((r) => setTimeout(r, 5)); continue; }
    const text = readFileSync(join(dir, 'report.json'), 'utf8');
    const report = JSON.parse(text) as Report; // throws (fails the test) on a torn file
    reads++;
    maxSeen = Math.max(maxSeen, report.results.length);
    if (maxSeen >= 150) break;
    await new Promise((r) => setImmediate(r));
  }
  t.ok(maxSeen >= 150, `child wrote ${maxSeen} results`);
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL', 'child killed with SIGKILL in the middle');
  const after = readReport(dir);
  t.ok(after.results.length >= maxSeen, `after the kill: ${after.results.length} results, valid JSON`);
  t.equal(after.complete, false, 'the report says it is not complete');
  t.equal(reportErrors(after), '', 'and still matches the schema');
  t.ok(reads > 10, `${reads} reads during the run all parsed`);
});

t.test('linkLatest points reports/latest at the run and replaces an older link', async (t) => {
  const reports = tmp(t);
  const a = join(reports, '2025-01-15T10-00-00');
  const b = join(reports, '2025-01-15T11-00-00');
  mkdirSync(a);
  mkdirSync(b);
  const link = linkLatest(a);
  t.equal(link, join(reports, 'latest'));
  t.equal(readlinkSync(link), '2025-01-15T10-00-00', 'relative link');
  linkLatest(b);
  t.equal(readlinkSync(link), '2025-01-15T11-00-00', 'replaced');
  t.ok(lstatSync(link).isSymbolicLink());
  t.throws(() => linkLatest(join(reports, 'latest')), { code: 'PC_ERR_IO' }, 'a run folder named latest');
  const other = tmp(t);
  mkdirSync(join(other, 'latest'));
  mkdirSync(join(other, 'run'));
  t.throws(() => linkLatest(join(other, 'run')), { code: 'PC_ERR_IO' }, 'a real folder called latest is not replaced');
  t.ok(lstatSync(join(other, 'latest')).isDirectory());
});
