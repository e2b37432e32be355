/**
 * Finds the model suites: every `suites/<area>/<topic>.model.(ts|js)` exporting
 * `properties: ModelProperty[]` (never listed by hand, style-examples.md #20). From the compiled
 * CLI the folder is dist/suites (.js), under tap the source folder (.ts): both are
 * `../../suites` from this module. PROVCERT_MODEL_SUITES_DIR replaces the folder (test hook).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ProvcertError } from '../errors.js';
import { isKnownRequirement } from '../requirements/index.js';
import type { ModelProperty } from './types.js';

export interface ModelSuite {
  /** `<area>/<topic>` */
  readonly name: string;
  readonly file: string;
  readonly properties: readonly ModelProperty[];
}

const SELF_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export function defaultSuitesDir(): string {
  return fileURLToPath(new URL('../../suites/', import.meta.url));
}

/** Suite files under `dir`, sorted: `<area>/<topic>.model.ts|js`. */
export function findSuiteFiles(dir: string, ext = SELF_EXT): { name: string; file: string }[] {
  let areas: string[];
  try {
    areas = readdirSync(dir).sort();
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `model suites folder ${dir} cannot be read (run \`npm run build\` first?)`, { cause: e });
  }
  const out: { name: string; file: string }[] = [];
  const suffix = `.model${ext}`;
  for (const area of areas) {
    const areaDir = join(dir, area);
    if (!statSync(areaDir).isDirectory()) continue;
    for (const f of readdirSync(areaDir).sort()) {
      if (f.endsWith(suffix)) out.push({ name: `${area}/${f.slice(0, -suffix.length)}`, file: join(areaDir, f) });
    }
  }
  return out;
}

export async function loadSuites(dir: string = defaultSuitesDir(), ext = SELF_EXT): Promise<ModelSuite[]> {
  const suites: ModelSuite[] = [];
  const seen = new Map<string, string>();
  for (const { name, file } of findSuiteFiles(dir, ext)) {
    const mod = (await import(pathToFileURL(file).href)) as { properties?: unknown };
    if (!Array.isArray(mod.properties)) throw new ProvcertError('PC_ERR_CONFIG', `${name}: a model suite must export 'properties: ModelProperty[]'`);
    const properties = mod.properties as ModelProperty[];
    for (const p of properties) {
      if (typeof p.id !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(p.id)) throw new ProvcertError('PC_ERR_CONFIG', `${name}: property id '${String(p.id)}' is not dotted lower-case`);
      const other = seen.get(p.id);
      if (other !== undefined) throw new ProvcertError('PC_ERR_CONFIG', `property id ${p.id} is in both ${other} and ${name}`);
      seen.set(p.id, name);
      if (!p.property && !p.examples) throw new ProvcertError('PC_ERR_CONFIG', `${p.id}: neither a property nor examples`);
      for (const r of p.requirements) {
        if (!isKnownRequirement(r)) throw new ProvcertError('PC_ERR_REQUIREMENT_UNKNOWN', `${p.id}: unknown requirement ID '${r}'`, { requirementId: r });
      }
    }
    suites.push({ name, file, properties });
  }
  return suites;
}

/**
 * --suite selection: an area (`tr69`), a suite (`tr69/session`), a property id
 * (`tr69.session.bootstrap-retained`) or a property id prefix ending in '.'.
 */
export function selectProperties(suites: readonly ModelSuite[], selector: string | undefined): { suite: string; property: ModelProperty }[] {
  const out: { suite: string; property: ModelProperty }[] = [];
  for (const s of suites) {
    for (const p of s.properties) {
      const hit = selector === undefined || selector === s.name || selector === s.name.split('/')[0] || selector === p.id || (selector.endsWith('.') && p.id.startsWith(selector));
      if (hit) out.push({ suite: s.name, property: p });
    }
  }
  return out;
}
