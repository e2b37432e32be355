/**
 * Resync-URL onboarding (RESYNC-013, RESYNC-014, EDOS-010) and the activation stub (EDOS): pure
 * mapping from request paths to the account a phone is bound to, and the profile that binds it.
 *
 * The init URL of one customer is spec.onboarding.initUrl with the customer ID substituted for
 * `$CUSTID` or `{customerId}`, or appended as a last path segment when the URL has neither.
 * The activation code of a customer is 16 decimal digits derived from its customer ID (sha256), so
 * that the harness and the stub agree without another file.
 */
import { createHash } from 'node:crypto';
import { serializeProfile, type ProfileParam } from '../../profile/index.js';
import type { OnboardingSpec } from '../types.js';

export function initUrlFor(initUrl: string, customerId: string): string {
  if (initUrl.includes('$CUSTID')) return initUrl.split('$CUSTID').join(customerId);
  if (initUrl.includes('{customerId}')) return initUrl.split('{customerId}').join(customerId);
  return `${initUrl.replace(/\/+$/, '')}/${customerId}`;
}

function pathOf(url: string): string {
  try { return new URL(url).pathname; } catch { return url; }
}

export interface OnboardingMatch {
  readonly customerId: string;
  /** MACs the deployment assigned to this customer (spec.onboarding.customerIds). */
  readonly macs: readonly string[];
}

/** The customer whose init URL path equals `path`, if any. */
export function matchInitPath(o: OnboardingSpec, path: string): OnboardingMatch | undefined {
  const byCustomer = new Map<string, string[]>();
  for (const [mac, id] of Object.entries(o.customerIds)) byCustomer.set(id, [...(byCustomer.get(id) ?? []), mac.toLowerCase()]);
  for (const [id, macs] of byCustomer) if (pathOf(initUrlFor(o.initUrl, id)) === path) return { customerId: id, macs };
  return undefined;
}

function param(name: string, value: string): ProfileParam {
  return { name, value, form: value === '' ? 'empty-pair' : 'text', line: 0, column: 0 };
}

/** The account profile: the permanent Profile_Rule (RESYNC-014) and a marker of the bound account. */
export function boundProfile(o: OnboardingSpec, customerId: string): string {
  return serializeProfile({ root: 'flat-profile', params: [param('Profile_Rule', o.expectedPermanentRule), param('Resync_On_Reset', 'Yes'), param('GPP_A', customerId)] });
}

/** 16 decimal digits (EDOS-007) derived from the customer ID. */
export function activationCode(customerId: string): string {
  const h = createHash('sha256').update(`provcert-activation:${customerId}`).digest();
  let digits = '';
  for (let i = 0; digits.length < 16; i++) digits += (h[i % h.length]! % 10).toString();
  return digits;
}

/** Activation answer: a profile whose Profile_Rule is where the phone goes next. */
export function activationProfile(provisioningUrl: string): string {
  return serializeProfile({ root: 'flat-profile', params: [param('Profile_Rule', provisioningUrl)] });
}
