/**
 * index.html: one self-contained page (issue 6 part 4). Summary, baseline comparison, per-suite and
 * per-requirement views (server/both and phone coverage separately, uncovered with reasons), and a
 * filterable result table whose rows open to the evidence: sequence diagram, pcap and log links,
 * counterexample and the replay command with a copy button.
 *
 * Safety: every value is escaped (results carry server-provided strings), links are only plain
 * relative paths, and a Content-Security-Policy with `default-src 'none'` plus the hash of our one
 * inline script blocks any request or injected script even if an escape were missed.
 */
import { createHash } from 'node:crypto';
import { anchorId, escapeMarkup as x, relativeHref } from './escape.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { renderLadderSvg } from './ladder-svg.js';
import { summarizeBySuite } from './summary.js';
import { VERDICTS, type CoverageView, type Report, type Result, type Summary, type Verdict } from './types.js';

const SCRIPT_HASH = createHash('sha256').update(REPORT_SCRIPT, 'utf8').digest('base64');

export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

function verdictClass(v: Verdict): string {
  return v === 'n/a' ? 'v-na' : `v-${v}`;
}

function chip(v: Verdict): string {
  return `<span class="v ${verdictClass(v)}">${x(v)}</span>`;
}

function resultAnchor(section: 'target' | 'phone', id: string): string {
  return anchorId(section === 'target' ? 't' : 'p', id);
}

/** A link to an artefact in the report folder; a path that is not plain relative is shown as text. */
function artefactLink(path: string): string {
  const href = relativeHref(path);
  return href ? `<a class="artefact" href="${x(href)}">${x(path)}</a>` : `<code>${x(path)}</code> <span class="muted">(not a relative path: not linked)</span>`;
}

const COUNT_KEYS: { key: keyof Summary; label: string }[] = [
  { key: 'total', label: 'total' }, { key: 'pass', label: 'pass' }, { key: 'fail', label: 'fail' }, { key: 'error', label: 'error' },
  { key: 'skip', label: 'skip' }, { key: 'na', label: 'n/a' }, { key: 'mustFailures', label: 'MUST failures' },
];

function countsTable(rows: { name: string; key: string; summary: Summary }[], firstHead: string): string {
  const head = `<tr><th>${x(firstHead)}</th>${COUNT_KEYS.map((c) => `<th>${x(c.label)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr><th>${x(r.name)}</th>${COUNT_KEYS.map((c) =>
    `<td class="n" data-count="${x(`${r.key}-${c.key}`)}">${r.summary[c.key]}</td>`).join('')}</tr>`).join('\n');
  return `<table class="counts">${head}\n${body}</table>`;
}

function header(report: Report): string {
  const t = report.target;
  const status = report.complete ? 'complete' : report.interrupted ? 'interrupted' : 'running';
  const versions = Object.entries(t.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  const ok = report.outcome.exitCode === 0;
  return `<header><h1>provcert ${x(report.tool.version)}: ${x(t.name)}</h1>
<p><span class="outcome ${ok ? 'ok' : 'bad'}" id="outcome" data-exit-code="${report.outcome.exitCode}">${ok ? 'PASSED' : 'FAILED'}</span>${x(report.outcome.reason)}</p>
<div class="meta"><span>target: ${x(t.name)} (${x(t.kind)})</span><span>serves: ${x(t.serves.join(', ') || 'nothing')}</span>${versions ? `<span>versions: ${x(versions)}</span>` : ''}
<span>seed: <code>${report.seed}</code></span><span>started: ${x(report.startedAt)}</span>${report.finishedAt ? `<span>finished: ${x(report.finishedAt)}</span>` : ''}<span id="run-status" data-status="${status}">run ${status}</span></div></header>`;
}

function baselineSection(report: Report): string {
  const b = report.baseline;
  if (!b) return '';
  const counts = Object.entries(b.counts).map(([l, n]) => `<span>${x(l)}: <b data-baseline-count="${x(l)}">${n}</b></span>`).join(' ');
  const rows = b.entries.filter((e) => e.label !== 'unchanged').map((e) => {
    const anchorSection = e.label === 'missing' ? undefined : (report.results.some((r) => r.id === e.test) ? 'target' : 'phone');
    const name = anchorSection ? `<a href="#${x(resultAnchor(anchorSection, e.test))}">${x(e.test)}</a>` : x(e.test);
    return `<tr data-label="${x(e.label)}"><td class="id">${name}</td><td class="${e.failsRun ? 'label-fatal' : ''}">${x(e.label)}</td><td>${chip(e.expected)}</td><td>${e.observed ? chip(e.observed) : '-'}</td><td>${x(e.reason ?? '')}</td></tr>`;
  }).join('\n');
  return `<section id="baseline"><h2>Baseline ${x(b.target)}${b.file ? ` <span class="muted">(${x(b.file)})</span>` : ''}</h2>
<p class="meta">${counts}</p>${rows ? `<table><tr><th>test</th><th>label</th><th>expected</th><th>observed</th><th>reason</th></tr>\n${rows}</table>` : '<p>Every test as expected.</p>'}</section>`;
}

function coverageSection(id: string, title: string, view: CoverageView, section: 'target' | 'phone'): string {
  const pct = view.total ? Math.round((100 * view.covered.length) / view.total) : 100;
  const covered = view.covered.map((c) => `<tr data-requirement="${x(c.id)}"><td>${x(c.id)}</td><td>${x(c.level)}</td><td>${x(c.title)}</td><td>${c.tests.map((t) =>
    `<a class="chip" href="#${x(resultAnchor(section, t.id))}" title="${x(t.id)}">${chip(t.verdict)}</a>`).join('')}</td></tr>`).join('\n');
  const uncovered = view.uncovered.map((u) => `<tr data-requirement="${x(u.id)}"><td>${x(u.id)}</td><td>${x(u.level)}</td><td>${x(u.title)}</td><td>${x(u.reason)}</td></tr>`).join('\n');
  return `<section id="${id}"><h2>${x(title)}: <span data-covered="${view.covered.length}" data-total="${view.total}">${view.covered.length} of ${view.total}</span> requirements covered (${pct} %)</h2>
<details${view.covered.length <= 40 ? ' open' : ''}><summary>covered (${view.covered.length})</summary>
<table><tr><th>requirement</th><th>level</th><th>title</th><th>tests</th></tr>\n${covered}</table></details>
<details open><summary>uncovered (${view.uncovered.length})</summary>
${view.uncovered.length ? `<table class="uncovered"><tr><th>requirement</th><th>level</th><th>title</th><th>why not covered</th></tr>\n${uncovered}</table>` : '<p>None.</p>'}</details></section>`;
}

function evidenceBlock(r: Result): string {
  const e = r.evidence;
  const dl: string[] = [];
  if (r.verdict === 'fail') {
    dl.push(`<dt>requirement</dt><dd>${x(r.requirementId)} (${x(r.level)})</dd>`);
    dl.push(`<dt>expected</dt><dd><pre>${x(r.expected)}</pre></dd><dt>observed</dt><dd><pre>${x(r.observed)}</pre></dd>`);
  }
  if (r.verdict === 'skip' || r.verdict === 'n/a') dl.push(`<dt>reason</dt><dd>${x(r.reason)}</dd>`);
  if (r.message !== undefined) dl.push(`<dt>message</dt><dd><pre class="message">${x(r.message)}</pre></dd>`);
  if (e.pcap) {
    dl.push(`<dt>pcap</dt><dd>${artefactLink(e.pcap)}${e.socketLevel ? ' <span class="muted">(socket level, written by the emulator)</span>' : ''}` +
      `${e.frames?.length ? ` frames ${x(e.frames.join(', '))}` : ''}</dd>`);
  }
  if (e.logs?.length) dl.push(`<dt>logs</dt><dd>${e.logs.map(artefactLink).join('<br>')}</dd>`);
  if (e.seed !== undefined) dl.push(`<dt>seed</dt><dd><code>${x(String(e.seed))}</code>${e.path ? ` path <code>${x(e.path)}</code>` : ''}</dd>`);
  if (e.counterexample) dl.push(`<dt>counterexample</dt><dd><pre>${x(e.counterexample)}</pre></dd>`);
  if (e.replay) dl.push(`<dt>replay</dt><dd class="replay"><code>${x(e.replay)}</code><button type="button" class="copy">copy</button></dd>`);
  const offending = r.verdict === 'fail' && e.frames?.length ? [e.frames[0] as number] : [];
  const svg = renderLadderSvg(e.ladder, offending);
  return `<dl class="ev">${dl.join('\n')}</dl>${svg ? `<div class="diagram">${svg}</div>` : ''}`;
}

function resultBody(r: Result, section: 'target' | 'phone', seen: Map<string, number>): string {
  // Test IDs are unique in a run; should one repeat, its rows still get an id of their own.
  const n = (seen.get(r.id) ?? 0) + 1;
  seen.set(r.id, n);
  const anchor = n === 1 ? resultAnchor(section, r.id) : `${resultAnchor(section, r.id)}~${n}`;
  const search = [r.id, r.title, r.suite, r.verdict, ...r.requirements, r.message ?? ''].join(' ').toLowerCase();
  const open = r.verdict === 'fail' || r.verdict === 'error' ? ' open' : '';
  return `<tbody class="result" data-verdict="${x(r.verdict)}" data-search="${x(search)}">
<tr id="${x(anchor)}"><td>${chip(r.verdict)}</td><td class="id">${x(r.id)}</td><td>${x(r.title)}</td><td>${x(r.requirements.join(' '))}</td><td>${x(r.level)}</td><td class="n">${Math.round(r.durationMs)} ms</td></tr>
<tr class="detail"><td colspan="6"><details${open}><summary>evidence</summary>${evidenceBlock(r)}</details></td></tr></tbody>`;
}

function resultsSection(id: string, title: string, results: readonly Result[], section: 'target' | 'phone'): string {
  const tableId = `${id}-table`;
  const seen = new Map<string, number>();
  const boxes = VERDICTS.map((v) => `<label><input type="checkbox" value="${x(v)}" checked> ${x(v)}</label>`).join(' ');
  return `<section id="${id}"><h2>${x(title)} (${results.length})</h2>
<div class="filter-bar" data-table="${tableId}"><input type="search" placeholder="filter: test ID, requirement, text" aria-label="filter ${x(title)}">${boxes}<span class="shown muted"></span></div>
<table class="results" id="${tableId}"><thead><tr><th>verdict</th><th>test</th><th>title</th><th>requirements</th><th>level</th><th>time</th></tr></thead>
${results.map((r) => resultBody(r, section, seen)).join('\n')}</table></section>`;
}

export function renderHtml(report: Report): string {
  const suites = [
    ...summarizeBySuite(report.results).map((s) => ({ name: s.suite, key: `suite-${s.suite}`, summary: s.summary })),
    ...summarizeBySuite(report.phoneResults).map((s) => ({ name: `phone-model.${s.suite}`, key: `phone-suite-${s.suite}`, summary: s.summary })),
  ];
  const lab = report.labAdaptations.length
    ? `<section id="lab"><h2>Lab adaptations</h2><ul>${report.labAdaptations.map((a) => `<li>${x(a)}</li>`).join('')}</ul></section>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${x(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>provcert: ${x(report.target.name)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${header(report)}
<main>
<section id="summary"><h2>Summary</h2>
${countsTable([{ name: 'against the target', key: 'target', summary: report.summary }, { name: 'phone model', key: 'phone', summary: report.phoneSummary }], '')}
<p class="muted">Artefacts: <a href="report.json">report.json</a>, <a href="junit.xml">junit.xml</a>, <a href="summary.md">summary.md</a></p></section>
${baselineSection(report)}
<section id="suites"><h2>Suites</h2>${suites.length ? countsTable(suites, 'suite') : '<p>No results yet.</p>'}</section>
${coverageSection('coverage-server', 'Coverage, server and both', report.coverage.server, 'target')}
${coverageSection('coverage-phone', 'Coverage, phone (model tests)', report.coverage.phone, 'phone')}
${lab}
${resultsSection('results', 'Results against the target', report.results, 'target')}
${resultsSection('phone-results', 'Phone-side results (model tests)', report.phoneResults, 'phone')}
</main>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
