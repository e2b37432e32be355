/**
 * Declaring a suite's properties with the shape of a tap file: `suite.test(title, body)` for
 * example-based checks and `suite.property(title, factory, opts)` for fast-check properties.
 * IDs are `<prefix>.<slug of the title>`; requirement IDs are those named in the title (or the
 * suite's list when the title names none), validated against the registry at load time.
 */
import { isKnownRequirement, requireIds } from '../requirements/index.js';
import type { AnyProperty, Check, ModelProperty } from './types.js';

const REQ_ID = /\b(?:X-)?[A-Z][A-Z0-9]*-\d{3}\b/g;

export interface PropertyOptions {
  readonly seed?: number;
  readonly numRuns?: number;
  readonly explain?: (counterexample: readonly unknown[]) => string;
  /** Explicit id suffix (default: slug of the title). */
  readonly slug?: string;
  readonly requirements?: readonly string[];
}

export interface SuiteBuilder {
  readonly properties: ModelProperty[];
  test(title: string, examples: (t: Check) => void | Promise<void>, opts?: Pick<PropertyOptions, 'slug' | 'requirements'>): void;
  property(title: string, property: () => AnyProperty, opts?: PropertyOptions): void;
}

export function defineSuite(prefix: string, suiteRequirements: readonly string[]): SuiteBuilder {
  requireIds(suiteRequirements, `model suite ${prefix}`);
  const properties: ModelProperty[] = [];
  const ids = new Set<string>();
  const makeId = (title: string, slug?: string) => {
    const base = `${prefix}.${slug ?? slugOf(title)}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const reqsOf = (title: string, given?: readonly string[]) => {
    // Tokens shaped like IDs that are not requirements ('TR-069') are prose, not references.
    const named = given ?? [...new Set(title.match(REQ_ID) ?? [])].filter(isKnownRequirement);
    return requireIds(named.length > 0 ? named : suiteRequirements, `model property '${title}'`);
  };
  return {
    properties,
    test(title, examples, opts = {}) {
      properties.push({ id: makeId(title, opts.slug), title, requirements: reqsOf(title, opts.requirements), examples });
    },
    property(title, property, opts = {}) {
      properties.push({
        id: makeId(title, opts.slug), title, requirements: reqsOf(title, opts.requirements), property,
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.numRuns !== undefined ? { numRuns: opts.numRuns } : {}),
        ...(opts.explain ? { explain: opts.explain } : {}),
      });
    },
  };
}

/** First words of a title without its requirement IDs, kebab-case. */
export function slugOf(title: string): string {
  const words = title.replace(REQ_ID, ' ').replace(/\(property\)|\(fc\.commands\)/g, ' ').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter((w) => w.length > 0);
  return words.slice(0, 7).join('-') || 'property';
}
