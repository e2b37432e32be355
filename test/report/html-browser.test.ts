/**
 * index.html in headless Debian Chromium (issue 6 part 4): no console errors, no request outside
 * the report folder, counts equal report.json, every link resolves, the offending frame is marked,
 * filters work, and server-provided markup never executes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { ReportWriter } from '../../lib/report/writer.js';
import type { Report } from '../../lib/report/types.js';
import { chromiumMissing, openChromium, writeSampleReport, type Browser } from './browser.js';
import { arbResult, sampleMeta } from './sample.js';

const missing = chromiumMissing();

interface Watched { page: Page; consoleErrors: string[]; requests: string[]; dialogs: string[] }

async function open(t: Test, browser: Browser, dir: string): Promise<Watched> {
  const page = await browser.context.newPage();
  const w: Watched = { page, consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') w.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => w.consoleErrors.push(String(e)));
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (r) => w.requests.push(r.url()));
  // Every request is routed: only file:// inside the report folder may load.
  const allowed = pathToFileURL(dir).href + '/';
  await page.route('**/*', (route) => (route.request().url().startsWith(allowed) ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  t.teardown(() => page.close().catch(() => undefined));
  return w;
}

function tmp(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-html-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('index.html in headless Chromium', { skip: missing }, async (t) => {
  const browser = await openChromium();
  t.teardown(() => browser.close());
  const dir = tmp(t);
  const report: Report = await writeSampleReport(dir);
  const w = await open(t, browser, dir);
  const { page } = w;
  const rowOf = (id: string) => page.locator('tbody.result', { has: page.locator(`[id="t-${id}"]`) });

  t.test('the counts shown equal report.json', async (t) => {
    for (const [section, summary] of [['target', report.summary], ['phone', report.phoneSummary]] as const) {
      for (const [key, value] of Object.entries(summary)) {
        t.equal(await page.locator(`[data-count="${section}-${key}"]`).textContent(), String(value), `${section} ${key}`);
      }
    }
    t.equal(await page.locator('#results tbody.result').count(), report.results.length, 'one row per target result');
    t.equal(await page.locator('#phone-results tbody.result').count(), report.phoneResults.length);
    t.equal(await page.locator('#coverage-server [data-covered]').getAttribute('data-covered'), String(report.coverage.server.covered.length));
    t.equal(await page.locator('#coverage-server table.uncovered tr[data-requirement]').count(), report.coverage.server.uncovered.length, 'every uncovered requirement listed');
    t.equal(await page.locator('#coverage-phone table.uncovered tr[data-requirement]').count(), report.coverage.phone.uncovered.length);
    for (const [label, n] of Object.entries(report.baseline?.counts ?? {})) {
      t.equal(await page.locator(`[data-baseline-count="${label}"]`).textContent(), String(n), `baseline ${label}`);
    }
    t.equal(await page.locator('#outcome').getAttribute('data-exit-code'), String(report.outcome.exitCode));
  });

  t.test('every link resolves to an existing file or anchor', async (t) => {
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => ({ raw: a.getAttribute('href') ?? '', abs: (a as unknown as { href: string }).href })));
    t.ok(hrefs.length > 20, `${hrefs.length} links`);
    for (const { raw, abs } of hrefs) {
      if (raw.startsWith('#')) {
        t.equal(await page.locator(`[id="${decodeURIComponent(raw.slice(1))}"]`).count(), 1, `anchor ${raw}`);
      } else {
        t.ok(abs.startsWith(pathToFileURL(dir).href + '/'), `${raw} stays in the report folder`);
        t.ok(existsSync(fileURLToPath(abs)), `${raw} exists`);
      }
    }
  });

  t.test('the offending frame is marked in the diagram', async (t) => {
    const fail = report.results.find((r) => r.id === 'dhcp.offer.server-identifier');
    const row = rowOf('dhcp.offer.server-identifier');
    const offending = row.locator('svg.ladder g[data-offending="true"]');
    t.equal(await offending.count(), 1);
    t.equal(await offending.getAttribute('data-frame'), String(fail?.evidence.frames?.[0]));
    t.equal(await offending.locator('line').evaluate((l) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(l).stroke), 'rgb(207, 34, 46)', 'drawn in red');
    t.equal(await row.locator('svg.ladder g.msg').count(), 4, 'one arrow per message');
    t.ok(await offending.isVisible(), 'visible without a click (fails open)');
  });

  t.test('the filter hides rows by text and by verdict', async (t) => {
    const bar = page.locator('#results .filter-bar');
    await bar.locator('input[type=search]').fill('tftp');
    const visibleIds = async () => page.locator('#results tbody.result:visible td.id').allTextContents();
    t.same((await visibleIds()).sort(), report.results.filter((r) => r.id.includes('tftp')).map((r) => r.id).sort());
    t.equal(await bar.locator('.shown').textContent(), `3 of ${report.results.length} shown`);
    await bar.locator('input[type=search]').fill('');
    await bar.locator('input[value=pass]').uncheck();
    t.same((await visibleIds()).sort(), report.results.filter((r) => r.verdict !== 'pass').map((r) => r.id).sort());
    await bar.locator('input[value=pass]').check();
  });

  t.test('the copy button copies the replay command without errors', async (t) => {
    const button = rowOf('dhcp.offer.server-identifier').locator('button.copy');
    await button.click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('button.copy[data-copied]') !== null, undefined, { timeout: 5000 });
    t.match(await button.textContent(), /copied|select and copy/);
  });

  t.test('server-provided markup is shown as text and does not run', async (t) => {
    t.equal(await page.title(), 'provcert: dnsmasq', 'title not changed by the injected script');
    t.same(w.dialogs, [], 'no alert');
    const msg = await rowOf('tftp.error.file-not-found').locator('pre.message').textContent();
    t.match(msg, /<script>document\.title='pwned'<\/script>/, 'shown literally');
    t.equal(await page.locator('img').count(), 0, 'no element injected from a ladder label');
  });

  t.test('nothing outside the report folder was requested and nothing logged an error', async (t) => {
    t.same(w.consoleErrors, []);
    const outside = w.requests.filter((u) => !u.startsWith(pathToFileURL(dir).href + '/'));
    t.same(outside, [], `${w.requests.length} requests, all inside the report folder`);
  });

  t.test('random hostile results never execute', async (t) => {
    const results = fc.sample(fc.uniqueArray(arbResult('target'), { selector: (r) => r.id, minLength: 20, maxLength: 20 }), { seed: 31337, numRuns: 1 })[0] ?? [];
    const hostile = tmp(t);
    const writer = ReportWriter.create(hostile, sampleMeta());
    for (const r of results) writer.add(r);
    await writer.finish();
    const h = await open(t, browser, hostile);
    t.equal(await h.page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss), undefined, 'no injected script or handler ran');
    t.same(h.dialogs, []);
    t.same(h.consoleErrors, []);
    t.equal(await h.page.locator('#results tbody.result').count(), results.length);
    t.same(h.requests.filter((u) => !u.startsWith(pathToFileURL(hostile).href + '/')), [], 'no request left the folder');
  });
});
