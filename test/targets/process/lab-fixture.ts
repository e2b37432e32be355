/**
 * Shared setup for process-target tests: a lab (server .1, client .2, a DHCP-only phone host), a
 * world-readable content folder, a spec, and real clients (busybox udhcpc, tftp-hpa, curl) run inside
 * the lab's namespaces.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { NetnsLab } from '../../../lib/lab/netns-lab.js';
import type { TargetEnv, TargetSpec, Service } from '../../../lib/targets/types.js';

export interface Fixture {
  lab: NetnsLab;
  dir: string;
  env: TargetEnv;
  files: Map<string, Uint8Array>;
  spec(name: string, serves: Service[], extra?: Partial<TargetSpec>): TargetSpec;
  cleanup(): void;
}

export const PROFILE_MAC = '0a1b2c3d4e5f';
export const OTHER_MAC = '0a1b2c3d4e60';

export function makeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'pc-proc-'));
  chmodSync(dir, 0o755);
  const content = join(dir, 'content');
  mkdirSync(content);
  chmodSync(content, 0o755);
  const files = new Map<string, Uint8Array>();
  const put = (rel: string, text: string) => {
    const bytes = new TextEncoder().encode(text);
    writeFileSync(join(content, rel), bytes, { mode: 0o644 });
    files.set(rel, bytes);
  };
  put('CP-8841-3PCC.xml', '<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>\n');
  put(`${PROFILE_MAC}.xml`, `<flat-profile><Station_Name>${PROFILE_MAC}</Station_Name></flat-profile>\n`);
  put(`${OTHER_MAC}.xml`, `<flat-profile><Station_Name>${OTHER_MAC}</Station_Name></flat-profile>\n`);
  put('big.bin', 'x'.repeat(5000));
  const lab = NetnsLab.create([
    { name: 'srv', hostNumber: 1 },
    { name: 'cli', hostNumber: 2 },
    { name: 'ph0', hostNumber: null },
  ], { runDir: join(dir, 'run') });
  const env: TargetEnv = { lab, serverHost: 'srv', outDir: join(dir, 'out'), content: { dir: content, files }, seed: 1, phones: [] };
  return {
    lab,
    dir,
    env,
    files,
    spec: (name, serves, extra = {}) => ({ name, kind: 'process', serves, serverIp: lab.host('srv').ip ?? '10.77.0.1', phones: [], ...extra }),
    cleanup() {
      lab.destroySync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs busybox udhcpc in a host's namespace; returns the environment its script saw on `bound`. */
export function udhcpcLease(f: Fixture, host: string, opts: { vendorClass?: string; request?: number[]; extra?: string[] } = {}): Record<string, string> {
  const out = join(f.dir, `udhcpc-${host}-${Date.now()}.env`);
  const script = join(f.dir, 'udhcpc-script.sh');
  writeFileSync(script, `#!/bin/sh\n[ "$1" = bound ] && env > ${out}\nexit 0\n`, { mode: 0o755 });
  const argv = ['udhcpc', '-i', f.lab.host(host).iface, '-f', '-q', '-n', '-t', '4', '-T', '1', '-s', script];
  if (opts.vendorClass) argv.push('-V', opts.vendorClass);
  for (const o of opts.request ?? []) argv.push('-O', String(o));
  argv.push(...(opts.extra ?? []));
  const r = spawnSync('ip', ['netns', 'exec', f.lab.host(host).netns, ...argv], { encoding: 'utf8', timeout: 20_000 });
  let text = '';
  try { text = readFileSync(out, 'utf8'); } catch { throw new Error(`no lease: ${r.stderr}`); }
  const envOut: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) envOut[line.slice(0, i)] = line.slice(i + 1);
  }
  return envOut;
}

/** tftp-hpa `get` inside a namespace; returns the bytes or the client's error text. */
export function tftpGet(f: Fixture, host: string, server: string, file: string): { ok: boolean; bytes: Buffer; text: string } {
  const local = join(f.dir, `tftp-${Date.now()}-${Math.floor(Math.random() * 1e6)}`);
  const r = spawnSync('ip', ['netns', 'exec', f.lab.host(host).netns, 'tftp', '-m', 'binary', server, '-c', 'get', file, local], { encoding: 'utf8', timeout: 20_000 });
  let bytes = Buffer.alloc(0);
  try { bytes = readFileSync(local); } catch { /* no file */ }
  const text = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && !/error|timed out/i.test(text), bytes, text };
}

/** curl inside a namespace: status code and body. */
export function curl(f: Fixture, host: string, args: string[]): { status: number; body: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', f.lab.host(host).netns, 'curl', '-s', '-S', '--max-time', '5', '-o', '-', '-w', '\n%{http_code}', ...args], { encoding: 'utf8', timeout: 20_000 });
  const out = r.stdout ?? '';
  const i = out.lastIndexOf('\n');
  return { status: Number(out.slice(i + 1)) || 0, body: out.slice(0, Math.max(0, i)), stderr: r.stderr ?? '' };
}

/** Decoded bytes of udhcpc's hex `optNNN` variable. */
export function hexOpt(env: Record<string, string>, code: number): Buffer | undefined {
  const v = env[`opt${code}`];
  return v === undefined ? undefined : Buffer.from(v, 'hex');
}

/** Processes (pids) whose command line contains `needle` and lives in namespace `ns`. */
export function pidsIn(f: Fixture, host: string): number[] {
  const r = spawnSync('ip', ['netns', 'pids', f.lab.host(host).netns], { encoding: 'utf8' });
  return (r.stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
}
