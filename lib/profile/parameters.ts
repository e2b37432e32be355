/**
 * The typed parameter table: every parameter the catalogue and the seed name, with its type,
 * default (and the source of it), instances and requirement IDs. Pure.
 */
import { requireIds } from '../requirements/index.js';
import { ACCESS_PARAMETERS } from './parameters-access.js';
import { FIRMWARE_PARAMETERS } from './parameters-firmware.js';
import { GPP_PARAMETERS, LINE_PARAMETERS } from './parameters-lines.js';
import { PROVISIONING_PARAMETERS } from './parameters-provisioning.js';
import { TR069_PARAMETERS } from './parameters-tr069.js';
import type { ParameterDef } from './parameters-types.js';

export { checkValue, describeType } from './parameters-types.js';
export type { ParamType, ParameterDef } from './parameters-types.js';

export const PARAMETERS: readonly ParameterDef[] = [
  ...PROVISIONING_PARAMETERS,
  ...FIRMWARE_PARAMETERS,
  ...ACCESS_PARAMETERS,
  ...TR069_PARAMETERS,
  ...LINE_PARAMETERS,
  ...GPP_PARAMETERS,
];

requireIds(PARAMETERS.flatMap((p) => p.requirements), 'lib/profile/parameters.ts');

const exact = new Map<string, ParameterDef>();
const indexed: { def: ParameterDef; re: RegExp }[] = [];
for (const def of PARAMETERS) {
  if (exact.has(def.name)) throw new Error(`duplicate parameter definition ${def.name}`);
  exact.set(def.name, def);
  if (def.indexes) {
    // `n` and `m` segments stand for instance numbers: Proxy_n_ -> ^Proxy_(\d+)_$.
    const pattern = def.name.split('_').map((seg) => (seg === 'n' || seg === 'm' ? '([1-9]\\d{0,3})' : seg.replace(/[-]/g, '\\-'))).join('_');
    indexed.push({ def, re: new RegExp(`^${pattern}$`) });
  }
}

/**
 * Names the catalogue or older guides use for a parameter whose element has another name;
 * a profile using them sets nothing, so the linter says what was probably meant.
 */
const HINTS: Readonly<Record<string, string>> = {
  Resync_At: 'Resync_At__HHmm_',
  'Phone-UI-user-mode': 'Phone-UI-User-Mode',
  Admin_Passwd: 'Admin_Password',
};

/** Finds the definition for an element name; indexed names must be within their ranges. */
export function lookupParameter(name: string): ParameterDef | undefined {
  const direct = exact.get(name);
  if (direct && !direct.indexes) return direct;
  for (const { def, re } of indexed) {
    const m = re.exec(name);
    if (!m) continue;
    const ok = (def.indexes ?? []).every((range, i) => {
      const n = Number(m[i + 1]);
      return n >= range.from && n <= range.to;
    });
    if (ok) return def;
  }
  return undefined;
}

/** The name a misspelt or legacy element probably meant, when known. */
export function parameterHint(name: string): string | undefined {
  return HINTS[name];
}
