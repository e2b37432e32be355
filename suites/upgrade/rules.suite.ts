/**
 * Upgrade_Rule values a server hands out (UPG-003, UPG-007, DHCP-006, X-UPG-021, X-UPG-020, UPG-010):
 * the rules found in the profiles served to the run's phones (what crossed the wire) and the rule the
 * target file declares for its firmware. No rule anywhere: n/a.
 */
import { isProvcertError } from '../../lib/errors.js';
import { macroContextFrom, parseRule, printAlternative, ruleFindings, selectAlternative, type Rule } from '../../lib/profile-rule/index.js';
import { phoneMacros } from '../../lib/runner/content.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { paramValue, servedProfiles } from '../helpers/served-params.js';

interface FoundRule {
  readonly text: string;
  /** `profile of <mac> (<url>)` or `target file firmware.rule`. */
  readonly source: string;
  readonly packet?: Uint8Array;
}

/** Every Upgrade_Rule the target gives its phones; n/a when there is none. */
async function upgradeRules(ctx: TestContext): Promise<FoundRule[]> {
  const out: FoundRule[] = [];
  for (const sp of await servedProfiles(ctx)) {
    const v = paramValue(sp.params, 'Upgrade_Rule');
    if (v !== undefined && v.trim() !== '') out.push({ text: v, source: `the profile of ${sp.phone.mac} (${sp.url})`, ...(sp.packet ? { packet: sp.packet } : {}) });
  }
  const declared = ctx.target.spec.firmware?.rule;
  if (declared !== undefined && !out.some((r) => r.text === declared)) out.push({ text: declared, source: 'the target file (firmware.rule)' });
  if (out.length === 0) notApplicable('the target declares no firmware and its profiles carry no Upgrade_Rule');
  return out;
}

function parseOrFail(r: FoundRule, requirement: string): Rule {
  try {
    return parseRule(r.text, 'upgrade');
  } catch (e) {
    const why = isProvcertError(e) ? e.message : String(e);
    fail({ requirementId: requirement, expected: 'an Upgrade_Rule in profile-rule syntax without URL options', observed: why, message: `Upgrade_Rule '${r.text}' from ${r.source} does not parse: ${why}`, ...(r.packet ? { packet: r.packet } : {}) });
  }
}

const why = 'The phone evaluates the Upgrade_Rule it is given; a rule it cannot use leaves it on old firmware.';

export const upgradeRuleTests = [
  defineTest({
    id: 'upgrade.rule.grammar', title: 'Upgrade_Rule parses, without URL options', requirements: ['UPG-003', 'X-PROF-022', 'X-PROF-023', 'X-PROF-025'],
    why: `${why} Upgrade_Rule takes the profile-rule syntax but no [--key ...] options.`,
    procedure: { setup: 'The profiles of the run\'s phones and the target\'s declared firmware rule.', stimulus: 'Fetch each phone\'s profile; read Upgrade_Rule.', criteria: 'Each rule parses as an upgrade rule (conditions, assignments, | alternatives, no [--options]); operators spelled as documented (X-PROF-022), no legacy implicit-$SWVER form (X-PROF-025), quoted operands only with eq/ne (X-PROF-023).' },
    async run(ctx) {
      for (const r of await upgradeRules(ctx)) {
        try {
          parseRule(r.text, 'upgrade');
        } catch (e) {
          // A URL without a server (UPG-007) or a gds:// URL (X-UPG-021) is judged by its own test.
          if (isProvcertError(e) && (e.requirementId === 'UPG-007' || /gds:/.test(r.text))) continue;
          const msg = isProvcertError(e) ? e.message : String(e);
          const own = isProvcertError(e) && ['X-PROF-022', 'X-PROF-025'].includes(e.requirementId ?? '') ? e.requirementId! : 'UPG-003';
          fail({ requirementId: own, expected: 'an Upgrade_Rule in profile-rule syntax without URL options', observed: msg, message: `Upgrade_Rule '${r.text}' from ${r.source}: ${msg}`, ...(r.packet ? { packet: r.packet } : {}) });
        }
        const ordering = ruleFindings(parseRule(r.text, 'upgrade')).find((f) => f.requirementId === 'X-PROF-023');
        if (ordering) fail({ requirementId: 'X-PROF-023', expected: 'quoted operands compared with eq/ne only', observed: ordering.message, message: `Upgrade_Rule '${r.text}' from ${r.source}: ${ordering.message}`, ...(r.packet ? { packet: r.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'upgrade.rule.names-server', title: 'Every upgrade URL names its server', requirements: ['UPG-007', 'DHCP-006'],
    why: `${why} For upgrade URLs the option 66 fallback does not apply, so a URL without a host is never fetched.`,
    procedure: { setup: 'As upgrade.rule.grammar.', stimulus: 'Parse each Upgrade_Rule.', criteria: 'Every alternative with a URL has a scheme-qualified host (tftp://, http:// or https://host).' },
    async run(ctx) {
      for (const r of await upgradeRules(ctx)) {
        let rule: Rule;
        try {
          rule = parseRule(r.text, 'upgrade');
        } catch (e) {
          if (isProvcertError(e) && e.requirementId === 'UPG-007') {
            fail({ requirementId: 'UPG-007', expected: 'every URL with a server (scheme://host/path)', observed: e.message, message: `Upgrade_Rule '${r.text}' from ${r.source} has a URL without a server (option 66 is not used for upgrades, DHCP-006)`, ...(r.packet ? { packet: r.packet } : {}) });
          }
          continue; // other syntax errors are upgrade.rule.grammar's
        }
        rule.alternatives.forEach((alt, i) => {
          if (alt.url && (alt.url.host === undefined || alt.url.host === '')) {
            fail({ requirementId: 'UPG-007', expected: 'a URL with a server (scheme://host/path)', observed: printAlternative(alt), message: `alternative ${i + 1} of Upgrade_Rule '${r.text}' from ${r.source} names no server (option 66 is not used for upgrades, DHCP-006)`, ...(r.packet ? { packet: r.packet } : {}) });
          }
        });
      }
    },
  }),
  defineTest({
    id: 'upgrade.rule.no-gds', title: 'Upgrade_Rule never uses gds://', requirements: ['X-UPG-021'],
    why: 'gds:// starts activation-code onboarding; as an upgrade URL it is a syntax error and the upgrade never happens.',
    procedure: { setup: 'As upgrade.rule.grammar.', stimulus: 'Read each Upgrade_Rule.', criteria: 'No alternative uses the gds scheme.' },
    async run(ctx) {
      for (const r of await upgradeRules(ctx)) {
        if (/(^|[|?\s\]])gds:\/\//i.test(r.text)) fail({ requirementId: 'X-UPG-021', expected: 'tftp, http or https URLs only', observed: r.text, message: `Upgrade_Rule from ${r.source} uses gds://`, ...(r.packet ? { packet: r.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'upgrade.rule.settles-after-upgrade', title: 'The rule does not send an upgraded phone elsewhere', requirements: ['X-UPG-020', 'UPG-010'],
    why: 'A rule whose conditions still pick another load once the phone runs the target version makes phones upgrade back and forth (or walk a multistage chain forever).',
    procedure: {
      setup: 'The target declares firmware (rule and version).',
      stimulus: 'Evaluate each Upgrade_Rule for each phone with its current $SWVER, then with $SWVER = firmware.version (builds compared only when both sides have one, X-UPG-020).',
      criteria: 'After the upgrade the rule selects no URL, or the same URL as before (which the phone does not fetch again, UPG-005).',
    },
    applies: (t) => (t.spec.firmware ? undefined : 'the target declares no firmware, so the version after an upgrade is unknown'),
    async run(ctx) {
      const version = ctx.target.spec.firmware!.version;
      for (const r of await upgradeRules(ctx)) {
        const rule = parseOrFail(r, 'UPG-003');
        for (const phone of ctx.phones) {
          const before = selectAlternative(rule, macroContextFrom(phoneMacros(phone)));
          const after = selectAlternative(rule, macroContextFrom({ ...phoneMacros(phone), SWVER: version }));
          const url = (s: typeof before) => (s?.alternative.url ? printAlternative({ url: s.alternative.url }) : undefined);
          const a = url(after);
          if (a !== undefined && a !== url(before)) {
            fail({ requirementId: 'X-UPG-020', expected: `with $SWVER=${version} no URL, or ${url(before) ?? 'none'} again`, observed: `alternative ${after!.index + 1}: ${a}`, message: `Upgrade_Rule '${r.text}' from ${r.source} sends a phone already on ${version} to ${a}`, ...(r.packet ? { packet: r.packet } : {}) });
          }
        }
      }
    },
  }),
];
