import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import fc from 'fast-check';
import { baselineFromResults, compareBaseline, loadBaseline, parseBaseline, type Baseline } from '../../lib/report/baseline.js';
import { runOutcome, summarize } from '../../lib/report/summary.js';
import type { Result, Verdict } from '../../lib/report/types.js';
import { arbResult, sampleResults } from './sample.js';
import { validateBaseline } from './validate.js';

const SEED = 99;
const REASON = 'dnsmasq omits it: docs/server-findings.md#dnsmasq-no-option-54';
const template = sampleResults().results[0] as Result;

function result(id: string, verdict: Verdict): Result {
  const base = { ...template, id };
  switch (verdict) {
    case 'pass': return { ...base, verdict };
    case 'fail': return { ...base, verdict, requirementId: 'DHCP-001', expected: 'e', observed: 'o', message: 'm' };
    case 'error': return { ...base, verdict, message: 'm' };
    default: return { ...base, verdict, reason: 'r' };
  }
}

t.test('classification table: every (expected, observed) pair gets its label', async (t) => {
  const V: Verdict[] = ['pass', 'fail', 'error', 'skip', 'n/a'];
  const failing = (v: Verdict) => v === 'fail' || v === 'error';
  for (const expected of V) {
    for (const observed of V) {
      const baseline: Baseline = { target: 'dnsmasq', tests: expected === 'pass' ? {} : { 'dhcp.x.y': { verdict: expected, reason: REASON } } };
      const [entry] = compareBaseline([result('dhcp.x.y', observed)], baseline).entries;
      let want: string;
      if (expected === observed) want = 'unchanged';
      else if (observed === 'pass') want = 'xfail->PASS';
      else if (expected === 'pass') want = 'NEW';
      else if (failing(observed) && !failing(expected)) want = 'pass->FAIL';
      else want = 'changed';
      t.equal(entry?.label, want, `${expected} -> ${observed}: ${want}`);
      const fatal = want === 'xfail->PASS' || want === 'pass->FAIL' || (want === 'NEW' && failing(observed));
      t.equal(entry?.failsRun, fatal, `${expected} -> ${observed} ${fatal ? 'fails' : 'does not fail'} the run`);
    }
  }
});

t.test('baseline tests that did not run are `missing`, and do not fail the run', async (t) => {
  const baseline: Baseline = { target: 'dnsmasq', tests: { 'dhcp.a.b': { verdict: 'fail', reason: REASON } } };
  const c = compareBaseline([result('tftp.a.b', 'pass')], baseline, 'expected/dnsmasq.json');
  t.same(c.entries.map((e) => [e.test, e.label]), [['tftp.a.b', 'unchanged'], ['dhcp.a.b', 'missing']]);
  t.equal(c.counts.missing, 1);
  t.equal(c.failed, false);
  t.equal(c.file, 'expected/dnsmasq.json');
});

t.test('a baseline made from a run matches that run; flipping one verdict is caught', async (t) => {
  fc.assert(
    fc.property(fc.uniqueArray(arbResult('target'), { selector: (r) => r.id, minLength: 1, maxLength: 10 }), fc.nat(), (results, pick) => {
      const baseline = baselineFromResults('dnsmasq', results, () => REASON);
      if (!validateBaseline(baseline)) return false;
      const same = compareBaseline(results, baseline);
      if (same.failed || same.counts.unchanged !== results.length) return false;
      const i = pick % results.length;
      const r = results[i]!;
      const flipped = [...results];
      flipped[i] = r.verdict === 'pass' ? result(r.id, 'fail') : result(r.id, 'pass');
      const c = compareBaseline(flipped, baseline);
      const entry = c.entries.find((e) => e.test === r.id);
      return c.failed && entry?.label === (r.verdict === 'pass' ? 'NEW' : 'xfail->PASS');
    }),
    { seed: SEED, numRuns: 100 },
  );
  t.pass('100 runs');
});

t.test('the run outcome follows the baseline when there is one, MUST failures otherwise', async (t) => {
  const results = [result('dhcp.a.b', 'fail'), result('dhcp.c.d', 'pass')];
  const s = summarize(results);
  const none = summarize([]);
  t.equal(runOutcome(s, none).exitCode, 1, 'MUST failure without baseline');
  t.equal(runOutcome(summarize([{ ...results[0]!, level: 'SHOULD' } as Result]), none).exitCode, 0, 'SHOULD failure alone does not fail the run');
  const broke = summarize([result('dhcp.c.d', 'pass'), { ...result('dhcp.e.f', 'pass'), verdict: 'error', message: 'target crashed' } as Result]);
  t.equal(runOutcome(broke, none).exitCode, 1, 'a test that could not run (error) fails the run');
  t.match(runOutcome(broke, none).reason, /1 test\(s\) could not run/);
  const expected = compareBaseline(results, { target: 'dnsmasq', tests: { 'dhcp.a.b': { verdict: 'fail', reason: REASON } } });
  t.equal(runOutcome(s, none, expected).exitCode, 0, 'known failure in the baseline');
  const unexpected = compareBaseline(results, { target: 'dnsmasq', tests: { 'dhcp.c.d': { verdict: 'fail', reason: REASON } } });
  t.equal(runOutcome(s, none, unexpected).exitCode, 1);
  t.match(runOutcome(s, none, unexpected).reason, /1 new failure\(s\), 1 unexpected pass/);
});

t.test('loadBaseline validates against schemas/baseline.schema.json', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-baseline-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
  const good = { target: 'dnsmasq', tests: { 'dhcp.offer.server-identifier': { verdict: 'fail', reason: REASON } } };
  t.same(loadBaseline(write('good.json', JSON.stringify(good))), good);
  t.throws(() => loadBaseline(join(dir, 'absent.json')), { code: 'PC_ERR_CONFIG', message: /cannot read baseline .*ENOENT/ });
  t.throws(() => loadBaseline(write('bad.json', '{ nope')), { code: 'PC_ERR_CONFIG', message: /not JSON/ });
  const bad = (v: unknown, why: string, msg: RegExp) => t.throws(() => parseBaseline(v, 'x.json'), { code: 'PC_ERR_CONFIG', message: msg }, why);
  bad({ target: 'dnsmasq', tests: { 'dhcp.a.b': { verdict: 'pass', reason: REASON } } }, 'pass is not listed', /verdict/);
  bad({ target: 'dnsmasq', tests: { 'dhcp.a.b': { verdict: 'fail', reason: 'because' } } }, 'reason must point into server-findings.md', /reason/);
  bad({ target: 'dnsmasq', tests: { 'Not An ID': { verdict: 'fail', reason: REASON } } }, 'test IDs are dotted', /x\.json/);
  bad({ tests: {} }, 'target is required', /target/);
  bad({ target: 'dnsmasq', tests: {}, extra: 1 }, 'unknown keys', /additional/);
});
