/**
 * Requirement registry: the project's own copy of the catalogue (catalogue.json, kept equal to
 * ../shared/spec/requirements.json by test/requirements/registry.test.ts) plus our X- overlay
 * (x-requirements.json). Nothing here reads ../shared at run time.
 * An unknown ID is an error at load time (style-examples.md #14).
 */
import catalogue from './catalogue.json' with { type: 'json' };
import overlay from './x-requirements.json' with { type: 'json' };
import { ProvcertError } from '../errors.js';

export type Subject = 'server' | 'phone' | 'both';
export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface Requirement {
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly subject: Subject;
  readonly level: Level;
  readonly source: string;
  readonly check?: string;
  /** True for our own X- additions. */
  readonly overlay: boolean;
}

const CATALOGUE_ID = /^[A-Z][A-Z0-9]*-\d{3}$/;
const OVERLAY_ID = /^X-[A-Z][A-Z0-9]*-\d{3}$/;
const SUBJECTS: readonly string[] = ['server', 'phone', 'both'];
const LEVELS: readonly string[] = ['MUST', 'SHOULD', 'MAY'];

function validate(raw: unknown, fromOverlay: boolean, where: string): Requirement {
  const r = raw as Record<string, unknown>;
  const bad = (what: string) => new ProvcertError('PC_ERR_CONFIG', `${where}: requirement ${String(r?.['id'])}: ${what}`);
  if (typeof r !== 'object' || r === null) throw bad('not an object');
  const id = r['id'];
  if (typeof id !== 'string' || !(fromOverlay ? OVERLAY_ID : CATALOGUE_ID).test(id)) {
    throw bad(fromOverlay ? 'overlay IDs look like X-AREA-NNN' : 'catalogue IDs look like AREA-NNN');
  }
  for (const f of ['title', 'statement', 'source'] as const) {
    if (typeof r[f] !== 'string' || (r[f] as string).trim() === '') throw bad(`missing ${f}`);
  }
  if (!SUBJECTS.includes(r['subject'] as string)) throw bad(`subject must be one of ${SUBJECTS.join('/')}`);
  if (!LEVELS.includes(r['level'] as string)) throw bad(`level must be one of ${LEVELS.join('/')}`);
  const req: Requirement = {
    id,
    title: r['title'] as string,
    statement: r['statement'] as string,
    subject: r['subject'] as Subject,
    level: r['level'] as Level,
    source: r['source'] as string,
    overlay: fromOverlay,
    ...(typeof r['check'] === 'string' ? { check: r['check'] } : {}),
  };
  return req;
}

/** Builds a registry from raw catalogue and overlay rows; exported for tests. */
export function buildRegistry(catalogueRows: readonly unknown[], overlayRows: readonly unknown[]): ReadonlyMap<string, Requirement> {
  const map = new Map<string, Requirement>();
  const add = (rows: readonly unknown[], isOverlay: boolean, where: string) => {
    for (const raw of rows) {
      const req = validate(raw, isOverlay, where);
      if (map.has(req.id)) throw new ProvcertError('PC_ERR_CONFIG', `${where}: duplicate requirement ${req.id}`);
      map.set(req.id, req);
    }
  };
  add(catalogueRows, false, 'catalogue.json');
  add(overlayRows, true, 'x-requirements.json');
  return map;
}

export const REQUIREMENTS: ReadonlyMap<string, Requirement> = buildRegistry(catalogue as unknown[], overlay as unknown[]);

export function isKnownRequirement(id: string): boolean {
  return REQUIREMENTS.has(id);
}

export function getRequirement(id: string): Requirement {
  const r = REQUIREMENTS.get(id);
  if (!r) throw new ProvcertError('PC_ERR_REQUIREMENT_UNKNOWN', `unknown requirement ID '${id}'`, { requirementId: id });
  return r;
}

/**
 * Checks IDs where a test, transition or result declares them; call it at module load so that
 * an unknown ID fails the load, not a later lookup. Returns the IDs for inline use.
 */
export function requireIds<const T extends readonly string[]>(ids: T, where: string): T {
  for (const id of ids) {
    if (!REQUIREMENTS.has(id)) {
      throw new ProvcertError('PC_ERR_REQUIREMENT_UNKNOWN', `${where}: unknown requirement ID '${id}'`, { requirementId: id });
    }
  }
  return ids;
}

/** Area prefix of an ID: DHCP-001 -> DHCP, X-PROF-002 -> PROF. */
export function areaOf(id: string): string {
  const parts = id.split('-');
  return parts[0] === 'X' ? (parts[1] ?? '') : (parts[0] ?? '');
}
