/**
 * Resync-URL onboarding (RESYNC-013, RESYNC-014, EDOS-010, EDOS-006) for targets that declare
 * `onboarding`: each phone requests the init URL of its customer (`$CUSTID` / `{customerId}`
 * substituted, else the ID appended as the last path segment, docs/targets.md) and must be bound to
 * that account: a profile whose Profile_Rule is the declared permanent rule; a phone of another
 * customer must not be bound to it. Otherwise n/a.
 */
import { parseProfile } from '../../lib/profile/index.js';
import { initUrlFor } from '../../lib/targets/builtin/onboarding.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TargetView, TestContext } from '../../lib/runner/types.js';
import { fetchUrl, resolvedFromText, ruleUrlFor, type UrlFetch } from '../helpers/fetch-url.js';
import { paramValue, servedProfiles } from '../helpers/served-params.js';

const declared = (t: TargetView) => (t.spec.onboarding ? undefined : 'the target declares no onboarding (target file `onboarding`: initUrl, customerIds, expectedPermanentRule)');

interface Customer { readonly phone: RunPhone; readonly customerId: string; readonly url: string }

/** Phones of the run that have a customer ID, with their init URL. */
function customers(ctx: TestContext): Customer[] {
  const o = ctx.target.spec.onboarding!;
  const out: Customer[] = [];
  for (const phone of ctx.phones) {
    const id = o.customerIds[phone.mac];
    if (id !== undefined) out.push({ phone, customerId: id, url: initUrlFor(o.initUrl, id) });
  }
  if (out.length === 0) notApplicable('none of the run\'s phones has a customer ID in onboarding.customerIds');
  return out;
}

async function requestInit(ctx: TestContext, c: Customer, as: RunPhone): Promise<UrlFetch> {
  const url = resolvedFromText(c.url);
  if (!url) fail({ requirementId: 'RESYNC-013', expected: 'an init URL that parses', observed: c.url, message: `the init URL ${c.url} does not parse` });
  return fetchUrl(ctx, url, as);
}

function boundRule(got: Extract<UrlFetch, { ok: true }>): string | undefined {
  const parsed = parseProfile(got.body);
  return parsed.profile ? paramValue(parsed.profile.params, 'Profile_Rule') : undefined;
}

export const onboardingTests = [
  defineTest({
    id: 'edos.onboarding.init-url-served', title: 'The init URL with a customer ID serves a profile', requirements: ['RESYNC-013'], applies: declared,
    why: 'Retail phones are sent to a resync URL carrying their customer ID; the server must answer it with a profile, or the phone never joins its account.',
    procedure: { setup: 'The target declares onboarding; the run\'s phones with a customer ID.', stimulus: 'Each phone requests its customer\'s init URL (User-Agent and, over HTTPS, certificate of the phone).', criteria: 'The answer is 200 with a profile that parses.' },
    async run(ctx) {
      for (const c of customers(ctx)) {
        const got = await requestInit(ctx, c, c.phone);
        if (!got.ok) fail({ requirementId: 'RESYNC-013', expected: `${c.url} returns a profile for ${c.phone.mac}`, observed: got.observed, message: `the init URL of customer ${c.customerId} failed for its phone ${c.phone.mac}: ${got.observed}`, ...(got.packet ? { packet: got.packet } : {}) });
        const parsed = parseProfile(got.body);
        if (!parsed.profile) fail({ requirementId: 'RESYNC-013', expected: 'a profile', observed: parsed.findings[0]?.message ?? 'not a profile', message: `${c.url} did not return a profile`, ...(got.packet ? { packet: got.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'edos.onboarding.permanent-rule', title: 'The bound profile carries the permanent Profile_Rule', requirements: ['RESYNC-014'], applies: declared,
    why: 'After the initial resync the phone must be moved to its permanent URL; otherwise it keeps resyncing the one-time init URL.',
    procedure: { setup: 'As edos.onboarding.init-url-served.', stimulus: 'Each phone requests its init URL.', criteria: 'The profile\'s Profile_Rule equals onboarding.expectedPermanentRule and names a fetchable URL for the phone.' },
    async run(ctx) {
      const want = ctx.target.spec.onboarding!.expectedPermanentRule;
      for (const c of customers(ctx)) {
        const got = await requestInit(ctx, c, c.phone);
        if (!got.ok) notApplicable(`the init URL failed (${got.observed}); edos.onboarding.init-url-served judges it`);
        const rule = boundRule(got);
        if (rule?.trim() !== want.trim()) fail({ requirementId: 'RESYNC-014', expected: `Profile_Rule ${want}`, observed: rule === undefined ? 'no Profile_Rule' : `Profile_Rule ${rule}`, message: `the profile bound at ${c.url} does not move ${c.phone.mac} to its permanent URL`, ...(got.packet ? { packet: got.packet } : {}) });
        const u = ruleUrlFor(rule, 'profile', c.phone);
        if ('error' in u) fail({ requirementId: 'RESYNC-014', expected: 'a Profile_Rule with a usable URL', observed: u.error, message: `the permanent Profile_Rule '${rule}' gives no URL`, ...(got.packet ? { packet: got.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'edos.onboarding.own-account-only', title: 'A phone is never bound to another customer\'s account', requirements: ['EDOS-010'], applies: declared,
    why: 'The customer ID in the URL binds the requesting phone to an account; binding a stranger\'s phone leaks the account\'s configuration and credentials.',
    procedure: {
      setup: 'The target declares onboarding with at least two customers among the run\'s phones.',
      stimulus: 'Each phone requests the init URL of a customer it does not belong to.',
      criteria: 'No 200 carrying that account\'s permanent Profile_Rule (a refusal or another answer is fine).',
    },
    async run(ctx) {
      const all = customers(ctx);
      const ids = [...new Set(all.map((c) => c.customerId))];
      if (ids.length < 2) notApplicable('the run\'s phones belong to fewer than two customers');
      const want = ctx.target.spec.onboarding!.expectedPermanentRule.trim();
      for (const c of all) {
        const other = all.find((o) => o.customerId !== c.customerId)!;
        const got = await requestInit(ctx, other, c.phone);
        if (got.ok && boundRule(got)?.trim() === want) {
          fail({ requirementId: 'EDOS-010', expected: `no binding of ${c.phone.mac} (customer ${c.customerId}) to customer ${other.customerId}`, observed: `200 with Profile_Rule ${want}`, message: `${other.url} bound a phone of another customer`, ...(got.packet ? { packet: got.packet } : {}) });
        }
      }
    },
  }),
  defineTest({
    id: 'edos.migration.upgrade-then-activate', title: 'A gds:// profile also upgrades old loads', requirements: ['EDOS-006', 'EDOS-004'],
    why: 'Activation-code onboarding needs 11-2-3MSR1 or later; a profile that sets Profile_Rule=gds:// must also enable an upgrade to such a load, with an explicit host.',
    procedure: { setup: 'The profiles of the run\'s phones.', stimulus: 'Fetch each; look for Profile_Rule = gds://.', criteria: 'A profile with Profile_Rule gds:// (else n/a) also has Upgrade_Enable = Yes and an Upgrade_Rule whose URLs name a host.' },
    async run(ctx) {
      const gds = (await servedProfiles(ctx)).filter((sp) => /^gds:\/\//i.test(paramValue(sp.params, 'Profile_Rule')?.trim() ?? ''));
      if (gds.length === 0) notApplicable('no served profile sets Profile_Rule to gds://');
      for (const sp of gds) {
        const enable = paramValue(sp.params, 'Upgrade_Enable');
        const rule = paramValue(sp.params, 'Upgrade_Rule');
        const packet = sp.packet ? { packet: sp.packet } : {};
        if (enable !== undefined && !/^yes$/i.test(enable)) fail({ requirementId: 'EDOS-006', expected: 'Upgrade_Enable Yes', observed: `Upgrade_Enable ${enable}`, message: `${sp.url} moves the phone to gds:// with upgrades disabled`, ...packet });
        if (rule === undefined || rule.trim() === '') fail({ requirementId: 'EDOS-006', expected: 'an Upgrade_Rule to a load that supports activation codes', observed: 'no Upgrade_Rule', message: `${sp.url} moves the phone to gds:// without an upgrade`, ...packet });
        const u = ruleUrlFor(rule, 'upgrade', sp.phone);
        if ('error' in u) fail({ requirementId: 'EDOS-006', expected: 'an Upgrade_Rule with an explicit host', observed: u.error, message: `the Upgrade_Rule of ${sp.url} gives no URL`, ...packet });
      }
    },
  }),
];
