/**
 * Applying a plaintext profile body (PROF-007/008/009/012, PROF-010 ua): lib/profile parses it
 * (pure) and says what changes; the model writes the changes into its config store.
 */
import { parseProfile, profileChanges } from '../profile/index.js';
import type { StepCtx } from './ctx.js';

export type ApplyResult = { readonly ok: true; readonly changed: number } | { readonly ok: false; readonly message: string };

export function applyProfileBody(ctx: StepCtx, body: Uint8Array, source: string): ApplyResult {
  const parsed = parseProfile(body);
  if (!parsed.ok || !parsed.profile) {
    const first = parsed.findings.find((f) => f.severity === 'error');
    return { ok: false, message: `corrupt profile${first ? `: ${first.message}` : ''}` };
  }
  const reqs = ctx.fire('profile.apply');
  const changes: Record<string, string> = {};
  const ua: Record<string, 'na' | 'ro' | 'rw'> = { ...ctx.s.ua };
  let passwordProvisioned = false;
  // Unknown parameters are stored too: the store is a plain map and they are never read back
  // as behaviour (PROF-007: they change nothing the phone does).
  for (const [name, change] of profileChanges(parsed.profile)) {
    if (name === 'User_Password') passwordProvisioned = true; // X-ACCESS-001
    if (change.value !== undefined) changes[name] = change.value;
    if (change.ua !== undefined) ua[name] = change.ua;
  }
  ctx.setConfig(changes);
  ctx.s = { ...ctx.s, ua };
  if (passwordProvisioned) ctx.setAccess({ passwordProvisioned: true });
  ctx.emit({ type: 'apply-profile', source, changes, reqs });
  return { ok: true, changed: Object.keys(changes).length };
}
