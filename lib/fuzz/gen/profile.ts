/**
 * Valid Cisco XML open-format profiles from the parameter table (PG18, PG20; PROF-001..013):
 * known names with their types and ranges, indexed names within their instance ranges, ua
 * values in both quotings, the two empty forms, duplicates, unknown names, both roots.
 * A ProfileSpec is plain data (so fast-check shrinks it: fewer parameters, shorter values).
 */
import fc from 'fast-check';
import { PARAMETERS } from '../../profile/parameters.js';
import type { ParameterDef } from '../../profile/parameters-types.js';
import { escapeText } from '../../profile/serialize.js';
import { validValueArb } from './values.js';

export interface ParamSpec {
  readonly name: string;
  readonly value: string;
  /** PROF-005 / PROF-006 / X-PROF-001: how an element is written. */
  readonly form: 'text' | 'empty-pair' | 'self-closing';
  readonly ua?: string;
  /** PROF-010: the guides write double quotes; single quotes are a warning. */
  readonly uaQuote?: '"' | "'";
}

export interface ProfileSpec {
  readonly root: 'flat-profile' | 'device';
  readonly declaration: boolean;
  readonly params: readonly ParamSpec[];
}

/** An element name for a definition: `n`/`m` segments become instance numbers within range. */
function nameArb(def: ParameterDef): fc.Arbitrary<string> {
  if (!def.indexes) return fc.constant(def.name);
  const idx = def.indexes.map((r) => fc.integer({ min: r.from, max: r.to }));
  return fc.tuple(...idx).map((nums) => {
    let i = 0;
    return def.name.split('_').map((seg) => (seg === 'n' || seg === 'm' ? String(nums[i++]) : seg)).join('_');
  });
}

const knownParamArb: fc.Arbitrary<{ name: string; value: string }> = fc
  .constantFrom(...PARAMETERS)
  .chain((def) => fc.record({ name: nameArb(def), value: validValueArb(def.type) }));

/** PROF-007: names a phone ignores; still valid XML names of the Cisco form (PROF-002). */
const unknownParamArb = fc.record({
  name: fc.constantFrom('Custom_Param', 'Proxy_99_', 'Speed_Dial_1_1_', 'Station_Name', 'Text_Logo', 'X-Vendor-Tag'),
  value: fc.string({ unit: fc.constantFrom(...'abc XYZ 019-_.'.split('')), maxLength: 12 }).map((s) => s.trim()),
});

export const paramSpecArb: fc.Arbitrary<ParamSpec> = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: knownParamArb }, { weight: 1, arbitrary: unknownParamArb }),
    fc.constantFrom<ParamSpec['form']>('text', 'text', 'text', 'text', 'empty-pair', 'self-closing'),
    fc.option(fc.constantFrom('na', 'ro', 'rw'), { nil: undefined, freq: 3 }),
    fc.constantFrom<'"' | "'">('"', '"', '"', "'"),
  )
  .map(([{ name, value }, form0, ua, uaQuote]) => {
    const form = form0 === 'text' && value === '' ? 'empty-pair' : form0;
    return {
      name, value: form === 'text' ? value : '', form,
      ...(ua === undefined ? {} : { ua, uaQuote }),
    };
  });

export const profileSpecArb: fc.Arbitrary<ProfileSpec> = fc
  .record({
    root: fc.constantFrom<ProfileSpec['root']>('flat-profile', 'flat-profile', 'flat-profile', 'device'),
    declaration: fc.boolean(),
    params: fc.array(paramSpecArb, { maxLength: 12 }),
    // PROF-008: the same parameter twice; the last occurrence wins.
    duplicate: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
  })
  .map(({ root, declaration, params, duplicate }) => {
    const list = [...params];
    if (duplicate !== undefined && list.length > 0) list.push(list[duplicate % list.length] as ParamSpec);
    return { root, declaration, params: list };
  });

export function writeParam(p: ParamSpec): string {
  const q = p.uaQuote ?? '"';
  const attrs = p.ua === undefined ? '' : ` ua=${q}${p.ua}${q}`;
  if (p.form === 'self-closing') return `<${p.name}${attrs}/>`;
  return `<${p.name}${attrs}>${escapeText(p.value)}</${p.name}>`;
}

/** The text of a spec: one parameter per line, as the guides show profiles. */
export function writeProfile(spec: ProfileSpec): string {
  const decl = spec.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
  const body = spec.params.map((p) => `  ${writeParam(p)}\n`).join('');
  const flat = `<flat-profile>\n${body}</flat-profile>\n`;
  return decl + (spec.root === 'device' ? `<device>\n${flat}</device>\n` : flat);
}

export const profileTextArb: fc.Arbitrary<string> = profileSpecArb.map(writeProfile);
