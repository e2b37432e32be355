import t from 'tap';
import fc from 'fast-check';
import { renderSummaryMarkdown } from '../../lib/report/markdown.js';
import { buildReport } from '../../lib/report/model.js';
import { compareBaseline } from '../../lib/report/baseline.js';
import { escapeMarkdown } from '../../lib/report/escape.js';
import { arbResult, sampleMeta, sampleResults } from './sample.js';

t.test('summary.md carries outcome, counts, failures with evidence, suites, coverage, baseline', async (t) => {
  const { results, phoneResults } = sampleResults();
  const baseline = { target: 'dnsmasq', tests: { 'dhcp.offer.server-identifier': { verdict: 'fail' as const, reason: 'docs/server-findings.md#dnsmasq-54' } } };
  const report = buildReport(sampleMeta({ baseline: { baseline, file: 'expected/dnsmasq.json' } }), { results, phoneResults, complete: true });
  const md = renderSummaryMarkdown(report);
  t.match(md, /^# provcert .*: dnsmasq/);
  t.match(md, /\*\*FAILED\*\*/, 'the baseline does not list the TFTP failure');
  t.match(md, /\| target \| 10 \| 4 \| 2 \| 1 \| 1 \| 2 \| 1 \|/, 'target counts row');
  t.match(md, /\| phone model \| 3 \| 2 \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
  t.match(md, /## Baseline dnsmasq \(expected\/dnsmasq\.json\)/);
  t.match(md, /tftp\.error\.file-not-found \| \*\*NEW\*\*/);
  t.match(md, /\[dhcp\.offer\.server-identifier\/capture\.pcapng\]\(dhcp\.offer\.server-identifier\/capture\.pcapng\) frames 2/);
  t.match(md, /Server and both: \d+ of \d+ requirements covered/);
  t.match(md, /\| TR69-002 \| MUST \| TR-069 packet-level tests come with a later issue \|/);
  t.match(md, /## Lab adaptations\n\n- DNS cross-check only with lab DNS/);
  t.notMatch(md, /<script/i, 'no raw markup from the results');
});

t.test('escapeMarkdown: no raw markup, pipes and newlines cannot break a table row', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      const e = escapeMarkdown(s);
      return !/[<>\n\r]/.test(e) && !/(^|[^\\])\|/.test(e);
    }),
    { seed: 5, numRuns: 500 },
  );
  t.equal(escapeMarkdown("a|b<i>'x'"), 'a\\|b&lt;i&gt;&#39;x&#39;');
});

t.test('every table row of a hostile run has the cell count of its header', async (t) => {
  fc.assert(
    fc.property(fc.array(arbResult('target'), { maxLength: 6 }), (results) => {
      const md = renderSummaryMarkdown(buildReport(sampleMeta(), { results, phoneResults: [], complete: false }));
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      let width = 0;
      for (const line of md.split('\n')) {
        if (!line.startsWith('|')) { width = 0; continue; }
        if (width === 0) width = cells(line);
        else if (cells(line) !== width) return false;
      }
      return true;
    }),
    { seed: 6, numRuns: 100 },
  );
  t.pass('100 runs');
  const r = buildReport(sampleMeta(), { results: [], phoneResults: [], complete: false });
  t.match(renderSummaryMarkdown(r), /run running/);
  t.equal(compareBaseline([], { target: 'x', tests: {} }).failed, false);
});
