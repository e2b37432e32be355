import t from 'tap';
import fc from 'fast-check';
import { renderJunit } from '../../lib/report/junit.js';
import { buildReport } from '../../lib/report/model.js';
import { stripInvalidChars } from '../../lib/report/escape.js';
import type { Result } from '../../lib/report/types.js';
import { arbResult, sampleMeta, sampleResults } from './sample.js';
import { findAll, parseXml } from './xml.js';

const SEED = 4711;
const report = (results: Result[], phoneResults: Result[] = []) => buildReport(sampleMeta(), { results, phoneResults, complete: true });

t.test('the sample junit.xml parses back with one testcase per result and the right outcome elements', async (t) => {
  const { results, phoneResults } = sampleResults();
  const root = parseXml(renderJunit(report(results, phoneResults)));
  t.equal(root.name, 'testsuites');
  const cases = findAll(root, 'testcase');
  const all = [...results, ...phoneResults];
  t.equal(cases.length, all.length, 'one testcase per result');
  t.equal(root.attributes['tests'], String(all.length));
  all.forEach((r, i) => {
    const c = cases[i]!;
    t.equal(c.attributes['name'], r.id);
    t.equal(c.attributes['classname'], r.suite, 'classname = suite');
    const props = findAll(c, 'property');
    t.same(props.filter((p) => p.attributes['name'] === 'requirement').map((p) => p.attributes['value']), r.requirements, `${r.id}: requirement properties`);
    t.equal(props.find((p) => p.attributes['name'] === 'level')?.attributes['value'], r.level);
    const kinds = c.children.map((ch) => ch.name).filter((n) => n !== 'properties' && n !== 'system-out');
    const want = { pass: [], fail: ['failure'], error: ['error'], skip: ['skipped'], 'n/a': ['skipped'] }[r.verdict];
    t.same(kinds, want, `${r.id}: ${r.verdict} -> ${want.join(',') || 'no element'}`);
    if (r.verdict === 'n/a') t.equal(findAll(c, 'skipped')[0]?.attributes['message'], `n/a: ${r.reason}`, 'n/a is skipped with its reason');
    if (r.verdict === 'fail') t.equal(findAll(c, 'failure')[0]?.attributes['type'], r.requirementId);
  });
  const suites = findAll(root, 'testsuite');
  t.same(suites.map((s) => s.attributes['name']), ['dhcp', 'tftp', 'http', 'dns', 'phone-model.resync', 'phone-model.upgrade', 'phone-model.access']);
  const dhcp = suites[0]!;
  t.equal(dhcp.attributes['failures'], '1');
  t.equal(dhcp.attributes['skipped'], '2');
  t.equal(dhcp.attributes['tests'], '5');
});

t.test('any results, hostile strings included, give well-formed XML whose values round-trip', async (t) => {
  fc.assert(
    fc.property(fc.array(arbResult('target'), { maxLength: 6 }), (results) => {
      const root = parseXml(renderJunit(report(results)));
      const cases = findAll(root, 'testcase');
      if (cases.length !== results.length) return false;
      // Testcases come grouped per suite, suites in order of first appearance.
      const suites = [...new Set(results.map((r) => r.suite))];
      const ordered = suites.flatMap((s) => results.filter((r) => r.suite === s));
      return ordered.every((r, i) => {
        const c = cases[i]!;
        if (c.attributes['name'] !== r.id) return false;
        if (r.verdict === 'fail' || r.verdict === 'error') {
          const el = findAll(c, r.verdict === 'fail' ? 'failure' : 'error')[0];
          return el?.attributes['message'] === stripInvalidChars(r.message);
        }
        if (r.verdict === 'skip') return findAll(c, 'skipped')[0]?.attributes['message'] === stripInvalidChars(r.reason);
        return true;
      });
    }),
    { seed: SEED, numRuns: 150 },
  );
  t.pass('150 random result sets');
});

t.test('an empty run is still a valid junit file', async (t) => {
  const root = parseXml(renderJunit(report([])));
  t.equal(root.attributes['tests'], '0');
  t.equal(findAll(root, 'testsuite').length, 0);
});
