import t from 'tap';
import fc from 'fast-check';
import { defineTest, strongestLevel, toTestCase } from '../../lib/runner/define.js';
import { selectTests, notApplicableReason } from '../../lib/runner/select.js';
import { REQUIREMENTS } from '../../lib/requirements/index.js';
import type { TargetView } from '../../lib/runner/types.js';

const procedure = { setup: 's', stimulus: 's', criteria: 'c' };
const base = { title: 'T', why: 'W', procedure, async run() {} };

t.test('defineTest validates IDs, requirements and subject', async (t) => {
  t.throws(() => defineTest({ ...base, id: 'Bad.Id', requirements: ['DHCP-018'] }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => defineTest({ ...base, id: 'dhcp.only-two', requirements: ['DHCP-018'] }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => defineTest({ ...base, id: 'dhcp.a.b', requirements: ['NOPE-999'] }), { code: 'PC_ERR_REQUIREMENT_UNKNOWN' });
  t.throws(() => defineTest({ ...base, id: 'dhcp.a.b', requirements: ['DHCP-002'] }), { code: 'PC_ERR_CONFIG', message: /phone-side/ });
  t.throws(() => defineTest({ ...base, id: 'dhcp.a.b', requirements: [] }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => defineTest({ ...base, id: 'dhcp.a.b', requirements: ['DHCP-018'], procedure: { ...procedure, criteria: ' ' } }), { code: 'PC_ERR_CONFIG' });
  const d = defineTest({ ...base, id: 'dhcp.a.b', requirements: ['DHCP-009', 'DHCP-018'] });
  t.equal(d.level, 'MUST');
  t.throws(() => toTestCase(d, 'tftp', 'tftp/x.suite.ts'), { code: 'PC_ERR_CONFIG', message: /suite folder/ });
  t.equal(toTestCase(d, 'dhcp', 'dhcp/x.suite.ts').suite, 'dhcp');
});

t.test('strongestLevel is the maximum of the requirement levels (property)', async (t) => {
  const ids = [...REQUIREMENTS.values()].filter((r) => r.subject !== 'phone').map((r) => r.id);
  const rank = { MAY: 1, SHOULD: 2, MUST: 3 } as const;
  fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 6 }), (list) => {
    const want = Math.max(...list.map((id) => rank[REQUIREMENTS.get(id)!.level]));
    return rank[strongestLevel(list)] === want;
  }), { seed: 4242, numRuns: 200 });
});

t.test('selection and applicability', async (t) => {
  const mk = (id: string, reqs: string[], needs?: ('dhcp' | 'acs')[]) => toTestCase(defineTest({ ...base, id, requirements: reqs, ...(needs ? { needs } : {}) }), id.split('.')[0]!, 'f');
  const all = [mk('dhcp.a.one', ['DHCP-018'], ['dhcp']), mk('dhcp.a.two', ['DHCP-014']), mk('tftp.a.three', ['DHCP-009'], ['acs'])];
  t.same(selectTests(all, { suites: ['tftp'] }).map((x) => x.id), ['tftp.a.three']);
  t.same(selectTests(all, { requirements: ['DHCP-014', 'DHCP-009'] }).map((x) => x.id), ['dhcp.a.two', 'tftp.a.three']);
  t.same(selectTests(all, { tests: ['dhcp.a.one'] }).map((x) => x.id), ['dhcp.a.one']);
  t.throws(() => selectTests(all, { suites: ['nope'] }), { code: 'PC_ERR_USAGE' });
  t.throws(() => selectTests(all, { requirements: ['X-NOPE-001'] }), { code: 'PC_ERR_USAGE' });
  const view = { name: 'x', serves: ['dhcp'] } as unknown as TargetView;
  t.equal(notApplicableReason(all[0]!, view), undefined);
  t.match(notApplicableReason(all[2]!, view), /does not serve acs/);
});
