/** Loads the tshark-extracted vectors in test/fixtures/dhcp/*.hex (format: see extract.sh there). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/dhcp/', import.meta.url));

export interface TsharkExpect {
  frame: number;
  /** Values as tshark printed them; empty string when tshark had none. */
  op: string;
  msgtype: string;
  xid: string;
  flags: string;
  /** dhcp.option.type in tshark's order (it prints Pad and End as 0). */
  options: number[];
}

export interface DhcpVector {
  file: string;
  name: string;
  bytes: Buffer;
  tshark: TsharkExpect;
}

export function loadVectors(file: string): DhcpVector[] {
  const lines = readFileSync(join(FIXTURE_DIR, file), 'utf8').split('\n');
  const out: DhcpVector[] = [];
  let expect: TsharkExpect | undefined;
  for (const line of lines) {
    const m = /^# frame=(\d+) op=(\S*) msgtype=(\S*) xid=(\S*) flags=(\S*) options=(\S*)$/.exec(line);
    if (m) {
      expect = { frame: Number(m[1]), op: m[2]!, msgtype: m[3]!, xid: m[4]!, flags: m[5]!, options: m[6] ? m[6].split(',').map(Number) : [] };
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!expect) throw new Error(`${file}: payload line without a frame comment`);
    out.push({ file, name: `${file} frame ${expect.frame}`, bytes: Buffer.from(line.trim(), 'hex'), tshark: expect });
    expect = undefined;
  }
  return out;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.hex')).sort();
}
