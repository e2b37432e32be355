#!/usr/bin/env node
// Regenerates expected/<target>.json from a run's report.json (docs/baselines.md), keeping the reasons
// already written. Never used by tests: a baseline is a reviewed statement about a server, so this
// script only does the bookkeeping and leaves the judgement to a person.
//
// usage: node scripts/update-baseline.mjs REPORT [BASELINE] [--dry-run]
//   REPORT    a report folder or its report.json (run with --out, or reports/latest)
//   BASELINE  default expected/<target>.json ("container:x" -> container-x.json)
//
// - a test that now passes is dropped (printed);
// - a test still not passing keeps its reason (a changed verdict is printed);
// - a new n/a or skip gets the run's own reason plus a link to the generic section
//   (docs/server-findings.md#not-applicable / #skipped);
// - a new fail or error gets "UNTRIAGED: <message> docs/server-findings.md#untriaged" and the script
//   exits 1: write the finding (or fix the test) and replace the reason before committing;
// - tests listed but not in this run (deselected suites) are kept.
// Exit: 0 written, 1 written with untriaged entries, 2 usage or invalid input. Needs dist/ (npm run build).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const positional = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run');

function die(msg) {
  process.stderr.write(`update-baseline: ${msg}\n`);
  process.exit(2);
}

if (unknown.length || positional.length < 1 || positional.length > 2) {
  die(`usage: node scripts/update-baseline.mjs REPORT [BASELINE] [--dry-run]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`);
}

let parseBaseline;
try {
  ({ parseBaseline } = await import(join(root, 'dist/lib/report/baseline.js')));
} catch {
  die('dist/ is not built: run `npm run build` first');
}

const reportPath = statSync(resolve(positional[0]), { throwIfNoEntry: false })?.isDirectory() ? join(resolve(positional[0]), 'report.json') : resolve(positional[0]);
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (e) {
  die(`cannot read ${reportPath}: ${e.code ?? e.message}`);
}
if (!report || typeof report !== 'object' || !Array.isArray(report.results) || typeof report.target?.name !== 'string') die(`${reportPath} is not a provcert report.json`);
if (report.complete !== true) die(`${reportPath} is not complete (interrupted or still running): a baseline from a partial run would drop tests`);

const target = report.target.name;
const baselinePath = resolve(positional[1] ?? join(root, 'expected', `${target.replace(/:/g, '-')}.json`));
let old = { target, tests: {} };
if (existsSync(baselinePath)) {
  try {
    old = parseBaseline(JSON.parse(readFileSync(baselinePath, 'utf8')), baselinePath);
  } catch (e) {
    die(e.message ?? String(e));
  }
  if (old.target !== target) die(`${baselinePath} is for target ${old.target}, the report for ${target}`);
}

const GENERIC = { 'n/a': 'not-applicable', skip: 'skipped' };
const tests = {};
const notes = [];
let untriaged = 0;
const ran = new Set();
for (const r of report.results) {
  ran.add(r.id);
  const before = Object.hasOwn(old.tests, r.id) ? old.tests[r.id] : undefined;
  if (r.verdict === 'pass') {
    if (before) notes.push(`now passes, dropped: ${r.id} (was ${before.verdict})`);
    continue;
  }
  if (before) {
    if (before.verdict !== r.verdict) notes.push(`verdict changed: ${r.id} ${before.verdict} -> ${r.verdict} (reason kept: check it still fits)`);
    tests[r.id] = { verdict: r.verdict, reason: before.reason };
    continue;
  }
  if (r.verdict === 'n/a' || r.verdict === 'skip') {
    tests[r.id] = { verdict: r.verdict, reason: `${r.reason} (docs/server-findings.md#${GENERIC[r.verdict]})` };
    notes.push(`new ${r.verdict}: ${r.id}`);
  } else {
    untriaged++;
    const what = String(r.message ?? '').replace(/\s+/g, ' ').slice(0, 300);
    tests[r.id] = { verdict: r.verdict, reason: `UNTRIAGED: ${what} docs/server-findings.md#untriaged` };
    notes.push(`NEW ${r.verdict}, untriaged: ${r.id}: ${what}`);
  }
}
for (const [id, entry] of Object.entries(old.tests)) {
  if (!ran.has(id)) tests[id] = entry;
}

const sorted = Object.fromEntries(Object.keys(tests).sort().map((k) => [k, tests[k]]));
const next = parseBaseline({ target, tests: sorted }, baselinePath);
const text = `${JSON.stringify(next, null, 2)}\n`;
for (const n of notes) process.stdout.write(`${n}\n`);
if (dryRun) process.stdout.write(text);
else writeFileSync(baselinePath, text);
process.stdout.write(`${dryRun ? 'would write' : 'wrote'} ${baselinePath}: ${Object.keys(sorted).length} expected non-passing tests${untriaged ? `, ${untriaged} UNTRIAGED (write the finding in docs/server-findings.md and replace the reason)` : ''}\n`);
process.exit(untriaged ? 1 : 0);
