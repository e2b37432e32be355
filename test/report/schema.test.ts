import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { ReportWriter } from '../../lib/report/writer.js';
import { baselineFromResults } from '../../lib/report/baseline.js';
import { arbResult, sampleMeta, sampleResults } from './sample.js';
import { reportErrors, validateReport } from './validate.js';

const SEED = 20250115;

function tmp(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

t.test('every report.json the writer produces validates, from the first to the final one', async (t) => {
  const dir = tmp(t);
  let run = 0;
  fc.assert(
    fc.property(fc.array(arbResult('target'), { maxLength: 8 }), fc.array(arbResult('phone'), { maxLength: 4 }), fc.boolean(), fc.boolean(), (results, phone, withBaseline, interrupt) => {
      const out = join(dir, `run-${run++}`);
      const baseline = withBaseline ? { baseline: baselineFromResults('dnsmasq', results.slice(0, 3), () => 'see docs/server-findings.md#sample') } : undefined;
      const w = ReportWriter.create(out, sampleMeta(baseline ? { baseline } : {}));
      const file = join(out, 'report.json');
      if (reportErrors(readJson(file)) !== '') return false;
      for (const r of results) {
        w.add(r);
        if (reportErrors(readJson(file)) !== '') return false;
      }
      for (const r of phone) w.add(r, 'phone');
      if (interrupt) w.finishSync();
      else w.finishSync({ interrupted: false });
      const final = readJson(file) as { complete: boolean; results: unknown[] };
      return reportErrors(final) === '' && final.complete === !interrupt && final.results.length === results.length;
    }),
    { seed: SEED, numRuns: 40 },
  );
  t.pass('40 random runs validated after every add and at the end');
});

t.test('the realistic sample validates, async finish included', async (t) => {
  const out = tmp(t);
  const { results, phoneResults } = sampleResults();
  const w = ReportWriter.create(out, sampleMeta());
  for (const r of results) w.add(r);
  for (const r of phoneResults) w.add(r, 'phone');
  const report = await w.finish();
  t.equal(reportErrors(readJson(join(out, 'report.json'))), '');
  t.same(readJson(join(out, 'report.json')), JSON.parse(JSON.stringify(report)), 'file equals the returned report');
});

t.test('the schema rejects what the types forbid (it can fail)', async (t) => {
  const out = tmp(t);
  const w = ReportWriter.create(out, sampleMeta());
  w.add(sampleResults().results[1] as never);
  const good = readJson(join(out, 'report.json')) as { results: Record<string, unknown>[]; summary: Record<string, unknown> } & Record<string, unknown>;
  t.ok(validateReport(good), 'baseline document is valid');
  const mutate = (f: (r: typeof good) => void) => {
    const copy = structuredClone(good);
    f(copy);
    return validateReport(copy);
  };
  t.notOk(mutate((r) => { delete r.results[0]!['requirementId']; }), 'fail without requirementId');
  t.notOk(mutate((r) => { r.results[0]!['verdict'] = 'flaky'; }), 'unknown verdict');
  t.notOk(mutate((r) => { r.results[0]!['verdict'] = 'pass'; }), 'pass carrying expected/observed');
  t.notOk(mutate((r) => { r.results[0]!['requirements'] = ['dhcp-1']; }), 'malformed requirement ID');
  t.notOk(mutate((r) => { r.results[0]!['id'] = 'NoDots'; }), 'test ID not dotted');
  t.notOk(mutate((r) => { r.results[0]!['surprise'] = 1; }), 'unknown result field');
  t.notOk(mutate((r) => { delete r.summary['mustFailures']; }), 'summary without mustFailures');
  t.notOk(mutate((r) => { r['startedAt'] = 'yesterday'; }), 'timestamp not ISO 8601');
  t.notOk(mutate((r) => { (r['results'] as unknown[]).push({ ...good.results[0], evidence: { frames: [0] } }); }), 'frame numbers start at 1');
});
