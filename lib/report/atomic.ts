/**
 * Atomic file replacement: write a temporary file in the same folder, then rename it over the
 * target (rename(2) is atomic within a file system), so a reader, or a run killed with SIGKILL,
 * sees the old or the new content, never a half-written file (conventions.md "artefacts").
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ProvcertError } from '../errors.js';

let counter = 0;

function tempPath(file: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(file), `.${basename(file)}.${process.pid}.${counter}.tmp`);
}

function ioError(file: string, e: unknown): ProvcertError {
  return new ProvcertError('PC_ERR_IO', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
}

export function writeFileAtomicSync(file: string, data: string): void {
  const tmp = tempPath(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw ioError(file, e);
  }
}

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = tempPath(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw ioError(file, e);
  }
}
