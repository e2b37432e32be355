/**
 * Reads test/fixtures/<proto>/*.hex: '#' header lines (source, frame, `# tshark: field=value`)
 * and hex payload lines. Shared by the tftp, sip and syslog codec tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface HexFixture {
  name: string;
  source: string;
  bytes: Uint8Array;
  /** tshark field values recorded at extraction time ('' when tshark gave none). */
  tshark: Record<string, string>;
  /** Other `# key: value` header lines. */
  meta: Record<string, string>;
}

export function fixturesDir(proto: string): string {
  return fileURLToPath(new URL(`../../fixtures/${proto}/`, import.meta.url));
}

export function parseHexFixture(name: string, text: string): HexFixture {
  const tshark: Record<string, string> = {};
  const meta: Record<string, string> = {};
  let hex = '';
  let source = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const m = /^#\s*([\w.-]+):\s?(.*)$/.exec(line);
      if (!m) continue;
      const [, key, rest] = m as unknown as [string, string, string];
      if (key === 'tshark') {
        const eq = rest.indexOf('=');
        tshark[rest.slice(0, eq)] = rest.slice(eq + 1);
      } else if (key === 'source') {
        source = rest;
      } else {
        meta[key] = rest;
      }
    } else {
      hex += line.trim();
    }
  }
  return { name, source, bytes: new Uint8Array(Buffer.from(hex, 'hex')), tshark, meta };
}

export function loadHexFixtures(proto: string): HexFixture[] {
  const dir = fixturesDir(proto);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map((f) => parseHexFixture(f, readFileSync(join(dir, f), 'utf8')));
}
