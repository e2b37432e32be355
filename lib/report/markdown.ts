/**
 * summary.md: the run in a page of Markdown for a CI job summary or a pull request comment:
 * outcome, counts, baseline comparison, failures with their evidence, suites, coverage.
 * Every value goes through escapeMarkdown (server-provided strings, GitHub renders inline HTML).
 */
import { escapeMarkdown as md, relativeHref } from './escape.js';
import { summarizeBySuite } from './summary.js';
import type { CoverageView, Report, Result, Summary } from './types.js';

function countsRow(label: string, s: Summary): string {
  return `| ${md(label)} | ${s.total} | ${s.pass} | ${s.fail} | ${s.error} | ${s.skip} | ${s.na} | ${s.mustFailures} |`;
}

const COUNTS_HEAD = '| | total | pass | fail | error | skip | n/a | MUST failures |\n|---|---:|---:|---:|---:|---:|---:|---:|';

function link(path: string): string {
  const href = relativeHref(path);
  return href ? `[${md(path)}](${href})` : md(path);
}

function failureLines(r: Result): string[] {
  const lines = [`- **${md(r.id)}** (${md(r.verdict)}, ${r.level}) ${md(r.title)}`];
  if (r.verdict === 'fail') {
    lines.push(`  - ${md(r.requirementId)}: ${md(r.message)}`);
    lines.push(`  - expected: ${md(r.expected)}`);
    lines.push(`  - observed: ${md(r.observed)}`);
  } else if (r.verdict === 'error') {
    lines.push(`  - ${md(r.message)}`);
  }
  const e = r.evidence;
  if (e.pcap) lines.push(`  - pcap: ${link(e.pcap)}${e.frames?.length ? ` frames ${e.frames.join(', ')}` : ''}`);
  if (e.logs?.length) lines.push(`  - logs: ${e.logs.map(link).join(', ')}`);
  if (e.replay) lines.push(`  - replay: ${md(e.replay)}`);
  return lines;
}

function coverageLines(title: string, view: CoverageView): string[] {
  const pct = view.total ? Math.round((100 * view.covered.length) / view.total) : 100;
  const lines = [`### ${title}: ${view.covered.length} of ${view.total} requirements covered (${pct} %)`, ''];
  if (view.uncovered.length) {
    lines.push('| uncovered | level | why |', '|---|---|---|');
    for (const u of view.uncovered) lines.push(`| ${md(u.id)} | ${u.level} | ${md(u.reason)} |`);
    lines.push('');
  }
  return lines;
}

export function renderSummaryMarkdown(report: Report): string {
  const t = report.target;
  const status = report.complete ? 'complete' : report.interrupted ? 'interrupted' : 'running';
  const out: string[] = [
    `# provcert ${md(report.tool.version)}: ${md(t.name)}`,
    '',
    `**${report.outcome.exitCode === 0 ? 'PASSED' : 'FAILED'}**: ${md(report.outcome.reason)} (run ${status}, exit code ${report.outcome.exitCode})`,
    '',
    `- target: ${md(t.name)} (${md(t.kind)}), serves ${md(t.serves.join(', ') || 'nothing')}` +
      (Object.keys(t.versions).length ? `; ${Object.entries(t.versions).map(([k, v]) => md(`${k} ${v}`)).join(', ')}` : ''),
    `- seed: ${report.seed}`,
    `- started ${md(report.startedAt)}${report.finishedAt ? `, finished ${md(report.finishedAt)}` : ''}`,
    '',
    COUNTS_HEAD,
    countsRow('target', report.summary),
    countsRow('phone model', report.phoneSummary),
    '',
  ];
  if (report.baseline) {
    const b = report.baseline;
    out.push(`## Baseline ${md(b.target)}${b.file ? ` (${md(b.file)})` : ''}`, '');
    out.push(Object.entries(b.counts).map(([l, n]) => `${md(l)}: ${n}`).join(', '), '');
    const notable = b.entries.filter((e) => e.label !== 'unchanged');
    if (notable.length) {
      out.push('| test | label | expected | observed | reason |', '|---|---|---|---|---|');
      for (const e of notable) {
        out.push(`| ${md(e.test)} | ${e.failsRun ? '**' : ''}${md(e.label)}${e.failsRun ? '**' : ''} | ${md(e.expected)} | ${md(e.observed ?? '-')} | ${md(e.reason ?? '')} |`);
      }
      out.push('');
    }
  }
  const bad = [...report.results, ...report.phoneResults].filter((r) => r.verdict === 'fail' || r.verdict === 'error');
  if (bad.length) out.push('## Failures and errors', '', ...bad.flatMap(failureLines), '');
  out.push('## Suites', '', COUNTS_HEAD.replace('| |', '| suite |'));
  for (const row of summarizeBySuite(report.results)) out.push(countsRow(row.suite, row.summary));
  for (const row of summarizeBySuite(report.phoneResults)) out.push(countsRow(`phone-model.${row.suite}`, row.summary));
  out.push('', '## Coverage', '', ...coverageLines('Server and both', report.coverage.server), ...coverageLines('Phone (model tests)', report.coverage.phone));
  if (report.labAdaptations.length) out.push('## Lab adaptations', '', ...report.labAdaptations.map((a) => `- ${md(a)}`), '');
  out.push('Details: [index.html](index.html), [report.json](report.json), [junit.xml](junit.xml)', '');
  return out.join('\n');
}
