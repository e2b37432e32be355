/**
 * fast-check arbitraries for profile/upgrade rules (lib/profile-rule), product copy of
 * test/helpers/arbitraries/rule.ts so that `provcert fuzz` can generate rules at run time.
 * Every generated value is printable and re-parses to itself: parseRule(printRule(r), r.kind) deep-equals r.
 */
import fc from 'fast-check';
import type {
  Alternative, Assignment, CompareOp, Condition, Operand, OptionName, OptionText, Rule, RuleKind, RuleOptions, RuleUrl,
} from '../../profile-rule/index.js';
import { printRule as printRuleText } from '../../profile-rule/index.js';

const OPS: readonly CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const MACRO_NAMES = ['MA', 'MAU', 'MAC', 'PN', 'PSN', 'SN', 'SWVER', 'PRVTMR', 'PRVST', 'REGTMR1', 'UPGTMR', 'A', 'B', 'P', 'GPP_C', 'UID1'];

const chars = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });

/** Text inside double quotes: anything but `"` (the grammar has no escape). */
export const quotedTextArb = chars('abcXYZ019 $()|[]?!:;=-_./<>', 0, 12);

export const versionTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.nat(20), fc.nat(9), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(fc.nat(20), fc.nat(9), fc.nat(9), fc.constantFrom('MPP', 'MSR', 'MN'), fc.nat(999)).map(([a, b, c, t, n]) => `sip88xx.${a}-${b}-${c}${t}-${n}`),
  fc.tuple(fc.nat(9), fc.nat(9), fc.nat(40), fc.constantFrom('b', 'G', '0412s')).map(([a, b, c, s]) => `${a}.${b}.${c}(${s})`),
);

export const bareOperandTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1, max: 100000 }).map(String),
  fc.constantFrom(...MACRO_NAMES).map((n) => `$${n}`),
  fc.tuple(fc.constantFrom('A', 'MA', 'SWVER'), fc.nat(6), fc.option(fc.nat(6), { nil: undefined })).map(([n, p, q]) => `$(${n}:${p}${q === undefined ? '' : `:${q}`})`),
  versionTextArb,
);

export const operandArb: fc.Arbitrary<Operand> = fc.oneof(
  bareOperandTextArb.map((text) => ({ quoted: false, text })),
  quotedTextArb.map((text) => ({ quoted: true, text })),
);

// Plain objects (not null-prototype) so that tap's strictSame compares them with parsed rules.
const plain = { noNullPrototype: true } as const;

export const compareArb: fc.Arbitrary<Condition> = fc.record({
  kind: fc.constant('compare' as const), op: fc.constantFrom(...OPS), left: operandArb, right: operandArb,
}, plain);

export function conditionArb(leaf: fc.Arbitrary<Condition> = compareArb, maxDepth = 3): fc.Arbitrary<Condition> {
  const { cond } = fc.letrec<{ cond: Condition }>((tie) => ({
    cond: fc.oneof(
      { maxDepth, depthIdentifier: 'cond' },
      leaf,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('cond'), right: tie('cond') }, plain),
    ),
  }));
  return cond;
}

const nameArb = fc.oneof(
  fc.constantFrom('a', 'b', 'p', 'GPP_C', 'User_ID_1_', 'Line_Enable_1_', 'Resync_Periodic'),
  chars('ABCxyz_019', 1, 8).filter((s) => /^[A-Za-z_]/.test(s)),
);

export const assignmentArb: fc.Arbitrary<Assignment> = fc.tuple(nameArb, quotedTextArb).map(([name, value]) => ({
  name, parameter: /^[a-p]$/.test(name) ? `GPP_${name.toUpperCase()}` : name, value,
}));

const optionTextArb: fc.Arbitrary<OptionText> = fc.oneof(
  quotedTextArb.map((text) => ({ text, quoted: true })),
  chars('abcXYZ019$()_.:', 1, 12).filter((s) => !s.startsWith('--')).map((text) => ({ text, quoted: false })),
  fc.constantFrom('$SA', '$SB', '$SC', '$SD').map((text) => ({ text, quoted: false })),
);
const gppLetterArb = fc.constantFrom(...'abcdefghijklmnop'.split(''));

export const optionsArb: fc.Arbitrary<RuleOptions> = fc
  .tuple(fc.shuffledSubarray<OptionName>(['key', 'post', 'alias', 'uid', 'pwd'], { minLength: 1 }), optionTextArb, gppLetterArb, gppLetterArb, optionTextArb, optionTextArb)
  .map(([order, key, post, alias, uid, pwd]) => ({
    ...(order.includes('key') ? { key } : {}),
    ...(order.includes('post') ? { post } : {}),
    ...(order.includes('alias') ? { alias } : {}),
    ...(order.includes('uid') ? { uid } : {}),
    ...(order.includes('pwd') ? { pwd } : {}),
    order,
  }));

const hostArb = fc.oneof(
  fc.constantFrom('ps.example.com', '192.0.2.10', '[2001:db8::1]', '[::1]', '$A', '$(B:0:5)', 'prov-1.example.net'),
  chars('abcz019.-', 1, 10).filter((s) => /^[a-z0-9]/.test(s)),
);
const portArb = fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('$B', '$(C:0:4)'));
const pathArb = chars('abcXYZ019$()_.-/?=&:', 0, 20).filter((s) => !s.startsWith('/')).map((s) => `/${s}`);

export function urlArb(kind: RuleKind = 'profile'): fc.Arbitrary<RuleUrl> {
  const normal = fc.record(
    {
      scheme: fc.constantFrom('tftp' as const, 'http' as const, 'https' as const),
      host: hostArb,
      port: portArb,
      path: pathArb,
    },
    { requiredKeys: kind === 'upgrade' ? ['host', 'path'] : ['path'], ...plain },
  ).filter((u) => u.port === undefined || u.host !== undefined);
  return kind === 'upgrade' ? normal : fc.oneof({ weight: 9, arbitrary: normal }, { weight: 1, arbitrary: fc.constant<RuleUrl>({ scheme: 'gds', path: '' }) });
}

export function alternativeArb(kind: RuleKind = 'profile'): fc.Arbitrary<Alternative> {
  return fc
    .record(
      {
        condition: conditionArb(),
        assignments: fc.array(assignmentArb, { minLength: 1, maxLength: 3 }),
        options: optionsArb,
        url: urlArb(kind),
      },
      { requiredKeys: [], ...plain },
    )
    .map((a) => {
      // Options need a URL; upgrade rules take none (UPG-003).
      if (a.options !== undefined && (a.url === undefined || kind === 'upgrade')) {
        const { options: _dropped, ...rest } = a;
        return rest as Alternative;
      }
      return a as Alternative;
    });
}

export function ruleArb(kind: RuleKind = 'profile'): fc.Arbitrary<Rule> {
  return fc
    .array(alternativeArb(kind), { maxLength: 4 })
    // A single empty alternative prints as the empty rule, which has no alternatives.
    .filter((alts) => !(alts.length === 1 && Object.keys(alts[0] as object).length === 0))
    .map((alternatives) => ({ kind, alternatives }));
}

/** Either kind. */
export const anyRuleArb: fc.Arbitrary<Rule> = fc.oneof(ruleArb('profile'), ruleArb('upgrade'));

/**
 * Broken rule text (issue 7 part 1, values): a printed valid rule with one grammar-breaking edit
 * (unclosed macro, unbalanced parenthesis or bracket, dangling operator, bad option, IPv6 literal
 * without its bracket, port out of range).
 */
export const brokenRuleTextArb: fc.Arbitrary<string> = fc
  .tuple(anyRuleArb.map((r) => printRuleText(r)), fc.constantFrom(
    '$(', '$(A:', '$(A:1:', '${A', '$', '(', ')', '( $A == ', '(1 == 1', '[--key', '[--key "', '[--post q]', '[--bogus x]',
    '|', '| |', ')!', '( a = "x" )', 'http://[2001:db8::1/x', 'http://[::1]:99999/x', 'http://h:port/x', 'tftp://', '://x',
    '?', '( "a" lt "b" )?', '\u0000', '"',
  ), fc.nat())
  .map(([rule, bad, pos]) => {
    const at = rule.length === 0 ? 0 : pos % (rule.length + 1);
    return rule.slice(0, at) + bad + rule.slice(at);
  });
