/**
 * Owner files: one per live lab, in a run directory, named by the lab's subnet index so that creating
 * it exclusively (O_EXCL) is the allocation of that subnet. A lab whose owner process is dead is a
 * leftover and may be removed by the next lab that starts; a live one is never touched.
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_SUBNET_FIRST, LAB_SUBNET_LAST } from './names.js';
import { pidAlive } from './sys.js';
import { ProvcertError } from '../errors.js';

export interface OwnerRecord {
  id: string;
  pid: number;
  subnetIndex: number;
  createdAt: string;
  netns: string[];
}

export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['PROVCERT_RUN_DIR'] ?? '/run/provcert/labs';
}

function ownerPath(dir: string, subnetIndex: number): string {
  return join(dir, `${subnetIndex}.json`);
}

export function readOwners(dir: string): OwnerRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: OwnerRecord[] = [];
  for (const n of names) {
    if (!/^\d+\.json$/.test(n)) continue;
    try {
      out.push(JSON.parse(readFileSync(join(dir, n), 'utf8')) as OwnerRecord);
    } catch {
      // Half-written by a process that died between create and write: treat as a dead owner.
      out.push({ id: '?', pid: 0, subnetIndex: Number(n.slice(0, -5)), createdAt: '', netns: [] });
    }
  }
  return out;
}

/** Claims the lowest free subnet index by creating its owner file exclusively. */
export function claimSubnet(dir: string, rec: Omit<OwnerRecord, 'subnetIndex'>): OwnerRecord {
  mkdirSync(dir, { recursive: true });
  for (let i = LAB_SUBNET_FIRST; i <= LAB_SUBNET_LAST; i++) {
    const full: OwnerRecord = { ...rec, subnetIndex: i };
    try {
      writeFileSync(ownerPath(dir, i), JSON.stringify(full, null, 2), { flag: 'wx' });
      return full;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ProvcertError('PC_ERR_LAB', `cannot write owner file: ${(e as Error).message}`);
    }
  }
  throw new ProvcertError('PC_ERR_LAB', `no free lab subnet in 10.77.${LAB_SUBNET_FIRST}-${LAB_SUBNET_LAST}.0/24 (too many live labs in ${dir})`);
}

export function updateOwner(dir: string, rec: OwnerRecord): void {
  writeFileSync(ownerPath(dir, rec.subnetIndex), JSON.stringify(rec, null, 2));
}

export function releaseOwner(dir: string, subnetIndex: number): void {
  try {
    unlinkSync(ownerPath(dir, subnetIndex));
  } catch {
    // already gone
  }
}

/** Owner records whose process is dead: leftovers of crashed or killed runs. */
export function deadOwners(dir: string): OwnerRecord[] {
  return readOwners(dir).filter((r) => r.pid <= 0 || !pidAlive(r.pid));
}
