/**
 * Suite discovery (style-examples.md #20: never listed by hand): every `suites/<area>/*.suite.ts`
 * (from sources) or `dist/suites/<area>/*.suite.js` (compiled) is imported and each exported test
 * definition (a single one, or an array of them) becomes a TestCase. Duplicate IDs are a load error.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configError, isProvcertError } from '../errors.js';
import { isDefinedTest, toTestCase } from './define.js';
import type { TestCase } from './types.js';

const HERE = fileURLToPath(import.meta.url);
/** Suites sit beside lib/ in the sources and beside dist/lib/ when compiled. */
export const DEFAULT_SUITES_DIR = resolve(HERE, '..', '..', '..', 'suites');
const EXT = HERE.endsWith('.ts') ? '.suite.ts' : '.suite.js';

/** Suite files under `dir`, sorted: `<area>/<name>.suite.(ts|js)`. */
export function findSuiteFiles(dir = DEFAULT_SUITES_DIR, ext = EXT): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const area of readdirSync(dir).sort()) {
    const folder = join(dir, area);
    if (area === 'helpers' || !statSync(folder).isDirectory()) continue;
    for (const f of readdirSync(folder).sort()) if (f.endsWith(ext)) out.push(join(folder, f));
  }
  return out;
}

let cache: { dir: string; tests: TestCase[] } | undefined;

/** Imports every suite file and returns its tests in file order. */
export async function discoverTests(dir = DEFAULT_SUITES_DIR): Promise<TestCase[]> {
  if (cache?.dir === dir) return cache.tests;
  const tests: TestCase[] = [];
  const seen = new Map<string, string>();
  for (const file of findSuiteFiles(dir)) {
    const rel = relative(dir, file).split('\\').join('/');
    const folder = rel.split('/')[0] as string;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      if (isProvcertError(e)) throw configError(`suite ${rel}: ${e.message}`, { cause: e });
      throw configError(`suite ${rel} failed to load: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    for (const value of Object.values(mod)) {
      for (const def of Array.isArray(value) ? value : [value]) {
        if (!isDefinedTest(def)) continue;
        const tc = toTestCase(def, folder, rel);
        const prev = seen.get(tc.id);
        if (prev !== undefined) {
          if (prev === rel && tests.some((t) => t.id === tc.id && t.run === tc.run)) continue; // exported twice (alone and in a list)
          throw configError(`test ID ${tc.id} is defined in ${prev} and in ${rel}`);
        }
        seen.set(tc.id, rel);
        tests.push(tc);
      }
    }
  }
  cache = { dir, tests };
  return tests;
}
