/**
 * What applying a parsed profile does to a phone's parameter store. Pure.
 *
 * - PROF-008: the last occurrence of a name wins (entirely: value and ua).
 * - PROF-006: <X></X> (or only white space / comments between the tags) sets ''.
 * - PROF-005 + X-PROF-001: <X/> sets ''; <X ua=".."/> keeps the current value, sets access.
 * - PROF-010: ua changes User-account access; no ua keeps the current access.
 * - PROF-007: unknown names are kept in the map; the phone model decides what it recognises
 *   (provcert's parameter table is only the provisioning-relevant subset).
 */
import type { Profile, Ua } from './types.js';

export interface ParamChange {
  /** New value; undefined = keep the current value. */
  value: string | undefined;
  /** New access; absent = keep the current access. */
  ua?: Ua;
}

export function profileChanges(profile: Profile): Map<string, ParamChange> {
  const out = new Map<string, ParamChange>();
  for (const p of profile.params) {
    const keep = p.form === 'self-closing' && p.ua !== undefined;
    const change: ParamChange = { value: keep ? undefined : p.value };
    if (p.ua !== undefined) change.ua = p.ua;
    // Delete first so that Map order follows the winning (last) occurrence.
    out.delete(p.name);
    out.set(p.name, change);
  }
  return out;
}
