/**
 * defineTest: validates a test definition when its suite module loads (style-examples.md #14):
 * the ID shape, known requirement IDs (requireIds), only server/both requirements in a packet-level
 * suite (conventions.md "subject"), a why and three procedure phases. The level is derived: the
 * strongest of the requirements.
 */
import { configError } from '../errors.js';
import { getRequirement, requireIds, type Level } from '../requirements/index.js';
import type { TestCase, TestDefinition } from './types.js';

/** `<suite>.<topic>.<what>`: lower-case words with digits and dashes, at least three parts. */
export const TEST_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*){2,}$/;

const RANK: Readonly<Record<Level, number>> = { MUST: 3, SHOULD: 2, MAY: 1 };

export function strongestLevel(ids: readonly string[]): Level {
  let best: Level = 'MAY';
  for (const id of ids) {
    const level = getRequirement(id).level;
    if (RANK[level] > RANK[best]) best = level;
  }
  return best;
}

/** Marks a value as a test definition for discovery; the suite and file are filled in by discovery. */
export const TEST_MARK: unique symbol = Symbol.for('provcert.test-definition');

export type DefinedTest = TestDefinition & { readonly [TEST_MARK]: true; readonly level: Level };

export function defineTest(def: TestDefinition): DefinedTest {
  const where = `test ${def.id}`;
  if (!TEST_ID.test(def.id)) throw configError(`${where}: IDs look like <suite>.<topic>.<what> (lower case, dots, dashes)`);
  if (def.requirements.length === 0) throw configError(`${where}: names no requirement`);
  requireIds(def.requirements, where);
  for (const id of def.requirements) {
    // Packet-level results are judgements of the server; phone-side requirements belong to model tests.
    if (getRequirement(id).subject === 'phone') throw configError(`${where}: ${id} is a phone-side requirement; packet-level tests carry only server/both requirements`, { requirementId: id });
  }
  if (new Set(def.requirements).size !== def.requirements.length) throw configError(`${where}: names a requirement twice`);
  if (def.title.trim() === '' || def.why.trim() === '') throw configError(`${where}: needs a title and a one-sentence why`);
  const p = def.procedure;
  if (!p || [p.setup, p.stimulus, p.criteria].some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw configError(`${where}: the procedure needs setup, stimulus and criteria text`);
  }
  if (def.timeoutMs !== undefined && (!Number.isInteger(def.timeoutMs) || def.timeoutMs < 1)) throw configError(`${where}: timeoutMs must be a positive integer`);
  return Object.freeze({ ...def, level: strongestLevel(def.requirements), [TEST_MARK]: true as const });
}

export function isDefinedTest(v: unknown): v is DefinedTest {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TEST_MARK] === true;
}

/** Fills in the suite (first ID part, which must be the folder) and file. */
export function toTestCase(def: DefinedTest, suiteFolder: string, file: string): TestCase {
  const suite = def.id.split('.')[0] as string;
  if (suite !== suiteFolder) throw configError(`test ${def.id} (in ${file}): its ID must start with its suite folder '${suiteFolder}'`);
  return { ...def, suite, file };
}
