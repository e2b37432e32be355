#!/usr/bin/env node
// Opens the index.html of a real run (--report DIR, e.g. reports/latest after `provcert run --target
// dnsmasq`) or else of the sample report (test/report/sample.ts, written to a temporary folder) in
// headless Debian Chromium and saves docs/report-screenshot.png. Needs /usr/bin/chromium.
// usage: node scripts/report-screenshot.mjs [--report DIR] [out.png]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const at = args.indexOf('--report');
const reportDir = at >= 0 ? resolve(args.splice(at, 2)[1] ?? '') : undefined;
const outPng = resolve(args[0] ?? join(root, 'docs/report-screenshot.png'));

if (!process.env.PROVCERT_SCREENSHOT_CHILD) {
  // The sample and the browser helper are TypeScript: rerun with tap's TypeScript loader.
  const r = spawnSync(process.execPath, ['--import=@tapjs/typescript/import', fileURLToPath(import.meta.url), ...(reportDir ? ['--report', reportDir] : []), outPng], {
    cwd: root, stdio: 'inherit', env: { ...process.env, PROVCERT_SCREENSHOT_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const { openChromium, chromiumMissing, writeSampleReport } = await import(pathToFileURL(join(root, 'test/report/browser.ts')).href);
const missing = chromiumMissing();
if (missing) {
  console.error(`report-screenshot: ${missing}`);
  process.exit(2);
}
const dir = reportDir ?? mkdtempSync(join(tmpdir(), 'provcert-screenshot-'));
const browser = await openChromium({ width: 1280, height: 1000 });
try {
  if (!reportDir) await writeSampleReport(dir);
  const page = await browser.context.newPage();
  await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  // Show the failing DHCP test with its diagram: scroll the result table into view below the summary.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('#coverage-server details, #coverage-phone details')) d.open = false;
  });
  // A real run lists 100+ results: keep the summary, the coverage, the lab adaptations and the first
  // results with their sequence diagrams (the top of the page), not an 8000-pixel strip.
  await page.screenshot({ path: outPng, fullPage: true, ...(reportDir ? { clip: { x: 0, y: 0, width: 1280, height: 2300 } } : {}) });
  console.log(`report-screenshot: wrote ${outPng}`);
} finally {
  await browser.close();
  if (!reportDir) rmSync(dir, { recursive: true, force: true });
}
