/**
 * Headless Debian Chromium through playwright-core for the HTML tests and
 * scripts/report-screenshot.mjs: a fresh profile folder per launch, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ReportWriter } from '../../lib/report/writer.js';
import type { Report } from '../../lib/report/types.js';
import { sampleMeta, sampleResults, writeSampleArtefacts } from './sample.js';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (Debian package chromium)`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'provcert-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes the realistic sample run (with a baseline) and its artefact files into `outDir`. */
export async function writeSampleReport(outDir: string): Promise<Report> {
  const { results, phoneResults } = sampleResults();
  const baseline = {
    target: 'dnsmasq',
    tests: {
      'dhcp.offer.server-identifier': { verdict: 'fail' as const, reason: 'dnsmasq sends no option 54 in this setup: docs/server-findings.md#dnsmasq-option-54' },
      'dhcp.option125.dslforum': { verdict: 'n/a' as const, reason: 'no ACS: docs/server-findings.md#dnsmasq-no-acs' },
      'dhcp.v6.advertise': { verdict: 'n/a' as const, reason: 'DHCPv6 not tested yet: docs/server-findings.md#dhcpv6' },
      'http.missing.404': { verdict: 'skip' as const, reason: 'dnsmasq serves no HTTP: docs/server-findings.md#dnsmasq-no-http' },
      'tftp.rrq.new-tid': { verdict: 'fail' as const, reason: 'fixed in 2.90: docs/server-findings.md#dnsmasq-tid' },
    },
  };
  const w = ReportWriter.create(outDir, sampleMeta({ baseline: { baseline, file: 'expected/dnsmasq.json' } }));
  writeSampleArtefacts(outDir, results);
  for (const r of results) w.add(r);
  for (const r of phoneResults) w.add(r, 'phone');
  return w.finish();
}
