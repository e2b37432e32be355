/**
 * Where generated keys and certificates are cached, so that a run with many phones does not
 * regenerate them: a folder given by the caller, else $PROVCERT_PKI_DIR, else
 * $XDG_CACHE_HOME/provcert/pki, else ~/.cache/provcert/pki. This is the ONE lab PKI folder: the
 * emulator, builtin and nginx (through lib/targets/process/lab-pki.ts) all read their CAs from it.
 * Files are written temp + rename, keys with mode 0600.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProvcertError } from '../../errors.js';

export function defaultPkiDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const given = env['PROVCERT_PKI_DIR'];
  if (given) return given;
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'provcert', 'pki');
}

export function ensureDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new ProvcertError('PC_ERR_IO', `cannot create PKI cache folder ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return dir;
}

export function readIfExists(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProvcertError('PC_ERR_IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export function writeAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, path);
  } catch (e) {
    throw new ProvcertError('PC_ERR_IO', `cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}
