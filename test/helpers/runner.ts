/** Shared by test/runner: run the CLI into a temp folder, read report.json, validate it, read a frame. */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { readCaptureFile } from '../../lib/capture/index.js';
import { decode as decodeDhcp } from '../../lib/codec/dhcp/index.js';
import type { Report } from '../../lib/report/types.js';
import { runCli, type CliResult } from './cli.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'runner');

export function tempOut(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-run-'));
  // mkdtemp makes 0700; servers that drop privileges (dnsmasq) must reach the content folder inside.
  chmodSync(dir, 0o755);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function run(argv: string[], opts: { env?: Record<string, string> } = {}): Promise<CliResult> {
  return runCli(['run', '--mode', 'loopback', ...argv], { cwd: ROOT, env: { CI: 'true', ...opts.env } });
}

export function readReport(out: string): Report {
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
export function schemaErrors(value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors);
}

/** The DHCP message in frame `n` of a pcap (Wireshark numbering). */
export async function dhcpAtFrame(pcap: string, n: number) {
  let payload: Uint8Array | undefined;
  await readCaptureFile(pcap, { onFrame: (f) => { if (f.frame === n) payload = f.payload; } });
  return payload ? decodeDhcp(payload).value : undefined;
}
