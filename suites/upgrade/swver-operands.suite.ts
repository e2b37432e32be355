/**
 * $SWVER comparisons in the rules a target gives its phones (PROF-031, X-PROF-020): unquoted
 * $SWVER compares as a version, so the other operand must parse as one (else the comparison is
 * always false and the upgrade never, or always, happens); quoted "$SWVER" compares as a string that
 * includes the model prefix and the load, so the other operand must be such a full string.
 */
import { parseRule, parseVersion, type Condition, type Operand } from '../../lib/profile-rule/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { paramValue } from '../helpers/served-params.js';
import { openProfile } from '../helpers/profile-open.js';

interface Found { readonly text: string; readonly kind: 'profile' | 'upgrade'; readonly source: string }

/** Upgrade_Rule and Profile_Rule values of the declared firmware and of each phone's profile (decrypted). */
async function rules(ctx: TestContext): Promise<Found[]> {
  const out: Found[] = [];
  const fw = ctx.target.spec.firmware?.rule;
  if (fw) out.push({ text: fw, kind: 'upgrade', source: 'the target file (firmware.rule)' });
  if (['tftp', 'http', 'https'].some((s) => ctx.target.serves.includes(s as 'tftp'))) {
    for (const phone of ctx.phones) {
      const params = (await openProfile(ctx, phone)).parsed.profile?.params;
      for (const [name, kind] of [['Upgrade_Rule', 'upgrade'], ['Profile_Rule', 'profile']] as const) {
        const v = paramValue(params, name);
        if (v !== undefined && v.trim() !== '' && !out.some((f) => f.text === v)) out.push({ text: v, kind, source: `${name} in the profile of ${phone.mac}` });
      }
    }
  }
  return out;
}

function* compares(c: Condition | undefined): Generator<{ swver: Operand; other: Operand }> {
  if (!c) return;
  if (c.kind !== 'compare') { yield* compares(c.left); yield* compares(c.right); return; }
  const isSwver = (o: Operand) => o.text.trim() === '$SWVER' || o.text.trim() === '$(SWVER)';
  if (isSwver(c.left)) yield { swver: c.left, other: c.right };
  else if (isSwver(c.right)) yield { swver: c.right, other: c.left };
}

const MODEL_PREFIX = /^[A-Za-z][A-Za-z0-9_]*\./;

export const swverOperandTests = [
  defineTest({
    id: 'upgrade.rule.swver-operands', title: '$SWVER comparisons use operands of the right form', requirements: ['PROF-031', 'X-PROF-020'],
    why: 'Unquoted $SWVER compares as a version and quoted "$SWVER" as a full string; an operand of the wrong form makes the condition constant, so phones never upgrade or upgrade on every resync.',
    procedure: {
      setup: 'The declared firmware rule and the rules in the run\'s phones\' profiles (decrypted with the declared key/IKM).',
      stimulus: 'Parse each rule and walk the conditions of its alternatives.',
      criteria: 'Against unquoted $SWVER the other operand is an integer or parses as a version (X-PROF-020); against quoted "$SWVER" it is a full software version with a model prefix (PROF-031); n/a when no rule compares $SWVER.',
    },
    async run(ctx) {
      let seen = 0;
      for (const r of await rules(ctx)) {
        let rule;
        try { rule = parseRule(r.text, r.kind); } catch (e) { ctx.log(`${r.source}: ${isProvcertError(e) ? e.message : String(e)} (the rule tests judge the grammar)`); continue; }
        for (const alt of rule.alternatives) {
          for (const { swver, other } of compares(alt.condition)) {
            seen++;
            const value = other.text.trim();
            if (!swver.quoted && !other.quoted && !/^\d+$/.test(value) && parseVersion(value) === undefined) {
              fail({ requirementId: 'X-PROF-020', expected: 'an integer or a version (e.g. sip88xx.12-0-1MPP0001-5) against unquoted $SWVER', observed: value, message: `'${r.text}' from ${r.source} compares $SWVER with '${value}', which is no version: the condition is always false` });
            }
            if (swver.quoted && !MODEL_PREFIX.test(value)) {
              fail({ requirementId: 'PROF-031', expected: 'a full software version with model prefix (e.g. "sip88xx.12-0-1MPP0001-5") against quoted "$SWVER"', observed: value, message: `'${r.text}' from ${r.source} compares "$SWVER" as a string with '${value}', which a phone's $SWVER never equals` });
            }
          }
        }
      }
      if (seen === 0) notApplicable('no rule the target gives compares $SWVER');
    },
  }),
];
