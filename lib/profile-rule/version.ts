/**
 * Integer and version comparison of unquoted operands (PROF-021, PROF-031). Our reading, recorded
 * as X-PROF-020 because the guides only give examples:
 *
 * - A trailing `.loads` and a model prefix (`sip88xx.`, `sip8845_65.`: letters first, up to the
 *   first dot) are dropped: "the result ignores the model number and load number" (7800/8800 guide).
 * - MPP form `v1-v2-v3[-v4][-BN]`: the fields up to and including the first field that contains
 *   letters (`0MPP`, `1MSR`) are revision fields; at most one field after it is the build number.
 *   Without a lettered field every field is a revision field (`9-3-1-7`).
 * - SPA form `major.minor.build[(suffix)]` (`2.0.6(b)`): dot-separated revision fields, the
 *   parenthesised suffix plays the role of the build.
 * - Revision fields compare left to right: leading digits numerically, then the remaining letters
 *   by code unit, an empty remainder first (Cisco community note "How do conditional expressions
 *   work on MPP phones"). A missing trailing field counts as 0.
 * - The build is compared only when both sides have one, so `$SWVER ne sip88xx.11-0-0MPP` is false
 *   on sip88xx.11-0-0MPP-7 (the 8800 guide's upgrade example would otherwise loop).
 */

export interface VersionField {
  /** Leading digits without leading zeros ('0' for zero). */
  readonly digits: string;
  /** What follows the digits ('MPP', 'MSR', 'dev', ''). */
  readonly rest: string;
}

export interface Version {
  readonly fields: readonly VersionField[];
  readonly build?: VersionField;
}

const INTEGER = /^[+-]?\d+$/;
const FIELD = /^(\d+)([A-Za-z0-9]*)$/;
const BUILD = /^(\d*)([A-Za-z0-9]*)$/;

function field(text: string, re: RegExp): VersionField | undefined {
  const m = re.exec(text);
  if (!m || text === '') return undefined;
  const digits = (m[1] as string).replace(/^0+(?=\d)/, '');
  return { digits: digits === '' ? '' : digits, rest: m[2] as string };
}

export function parseVersion(input: string): Version | undefined {
  let s = input.replace(/\.loads$/i, '');
  s = s.replace(/^[A-Za-z][A-Za-z0-9_]*\./, '');
  if (s === '' || !/^\d/.test(s)) return undefined;
  if (s.includes('-')) {
    const parts = s.split('-');
    const fields: VersionField[] = [];
    let i = 0;
    for (; i < parts.length; i++) {
      const f = field(parts[i] as string, FIELD);
      if (!f) return undefined;
      fields.push(f);
      if (f.rest !== '') { i++; break; }
    }
    if (i >= parts.length) return { fields };
    if (i !== parts.length - 1) return undefined;
    const build = field(parts[i] as string, BUILD);
    return build ? { fields, build } : undefined;
  }
  const m = /^([0-9A-Za-z.]+?)(?:\(([A-Za-z0-9]+)\))?$/.exec(s);
  if (!m) return undefined;
  const fields: VersionField[] = [];
  for (const p of (m[1] as string).split('.')) {
    const f = field(p, FIELD);
    if (!f) return undefined;
    fields.push(f);
  }
  if (m[2] === undefined) return { fields };
  const build = field(m[2], BUILD);
  return build ? { fields, build } : undefined;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareField(a: VersionField, b: VersionField): number {
  return compareDigits(a.digits, b.digits) || compareText(a.rest, b.rest);
}

const ZERO: VersionField = { digits: '0', rest: '' };

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.fields.length, b.fields.length);
  for (let i = 0; i < n; i++) {
    const c = compareField(a.fields[i] ?? ZERO, b.fields[i] ?? ZERO);
    if (c !== 0) return c;
  }
  if (a.build !== undefined && b.build !== undefined) return compareField(a.build, b.build);
  return 0;
}

function compareIntegers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders two expanded unquoted operands: integers numerically, otherwise as versions.
 * Undefined when either side is neither (the guide's "format parsing error"; the comparison
 * is then false, X-PROF-020).
 */
export function compareUnquoted(a: string, b: string): number | undefined {
  if (INTEGER.test(a) && INTEGER.test(b)) return compareIntegers(a, b);
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return undefined;
  return compareVersions(va, vb);
}
