/**
 * Checks parameters against the typed table: unknown names are PROF-007 warnings (the phone
 * ignores them), values that do not fit a known parameter's type are warnings citing that
 * parameter's first requirement ID.
 */
import type { FindingSink } from './findings.js';
import { checkValue, lookupParameter, parameterHint } from './parameters.js';
import type { Profile } from './types.js';

export function checkParameters(profile: Profile, sink: FindingSink): void {
  for (const p of profile.params) {
    const def = lookupParameter(p.name);
    if (!def) {
      const hint = parameterHint(p.name);
      sink.add('unknown-parameter', p.line, p.column, `${p.name} is not in provcert's parameter table; a phone ignores unrecognised names${hint ? ` (did you mean ${hint}?)` : ''}`);
      continue;
    }
    // X-PROF-001: a self-closing element with ua leaves the value alone, so there is no value to check.
    if (p.form === 'self-closing' && p.ua !== undefined) continue;
    const problem = checkValue(def, p.value);
    if (problem !== undefined) {
      sink.add('value-invalid', p.line, p.column, `${p.name}: ${problem}`, def.requirements[0]);
    }
  }
}
