import t from 'tap';
import fc from 'fast-check';
import { coverageView, DEFAULT_UNCOVERED_REASON, summarize, summarizeBySuite } from '../../lib/report/summary.js';
import { buildReport } from '../../lib/report/model.js';
import { REQUIREMENTS } from '../../lib/requirements/index.js';
import { arbResult, sampleMeta, sampleResults } from './sample.js';

const SEED = 1234;

t.test('summarize counts each verdict once and MUST failures among fails', async (t) => {
  fc.assert(
    fc.property(fc.array(arbResult('target'), { maxLength: 30 }), (results) => {
      const s = summarize(results);
      const n = (v: string) => results.filter((r) => r.verdict === v).length;
      return s.total === results.length && s.pass === n('pass') && s.fail === n('fail') && s.error === n('error') &&
        s.skip === n('skip') && s.na === n('n/a') && s.mustFailures === results.filter((r) => r.verdict === 'fail' && r.level === 'MUST').length &&
        summarizeBySuite(results).reduce((a, row) => a + row.summary.total, 0) === results.length;
    }),
    { seed: SEED, numRuns: 200 },
  );
  t.pass('200 runs');
});

t.test('coverage: covered plus uncovered is every requirement of the side, each once', async (t) => {
  const { results, phoneResults } = sampleResults();
  const server = coverageView(results, ['server', 'both'], { 'TR69-002': 'later issue' });
  const serverIds = [...REQUIREMENTS.values()].filter((r) => r.subject !== 'phone').map((r) => r.id).sort();
  t.same([...server.covered, ...server.uncovered].map((r) => r.id).sort(), serverIds);
  t.equal(server.total, serverIds.length);
  const dhcp001 = server.covered.find((c) => c.id === 'DHCP-001');
  t.same(dhcp001?.tests, [
    { id: 'dhcp.offer.echoes-xid', verdict: 'pass' },
    { id: 'dhcp.offer.server-identifier', verdict: 'fail' },
    { id: 'dhcp.v6.advertise', verdict: 'n/a' },
  ], 'tests and verdicts per requirement');
  t.equal(server.uncovered.find((u) => u.id === 'TR69-002')?.reason, 'later issue', 'reason given by the runner');
  t.equal(server.uncovered.find((u) => u.id === 'TFTP-008')?.reason, DEFAULT_UNCOVERED_REASON);
  const phone = coverageView(phoneResults, ['phone']);
  t.equal(phone.total, [...REQUIREMENTS.values()].filter((r) => r.subject === 'phone').length);
  t.same(phone.covered.map((c) => c.id).sort(), ['ACCESS-006', 'RESYNC-001', 'RESYNC-003', 'UPG-004', 'UPG-005']);
});

t.test('buildReport keeps the target and phone sections apart', async (t) => {
  const { results, phoneResults } = sampleResults();
  const r = buildReport(sampleMeta(), { results, phoneResults, complete: true, finishedAt: '2025-01-15T10:02:07.500Z' });
  t.equal(r.summary.total, results.length);
  t.equal(r.phoneSummary.total, phoneResults.length);
  t.equal(r.summary.mustFailures, 1, 'dhcp.offer.server-identifier');
  t.equal(r.phoneSummary.mustFailures, 1, 'access.set-password.dhcp');
  t.same(r.outcome, { exitCode: 1, reason: '2 MUST-level failure(s)' });
  t.notOk(r.coverage.server.covered.some((c) => REQUIREMENTS.get(c.id)?.subject === 'phone'), 'no phone requirement in the server view');
  t.notOk(r.coverage.phone.covered.some((c) => REQUIREMENTS.get(c.id)?.subject !== 'phone'));
  t.equal(r.tool.name, 'provcert');
});
