/**
 * Conditions, alternative selection, triggers and versions (PROF-018..PROF-021, PROF-031,
 * RESYNC-012, UPG-010, X-PROF-020, X-PROF-023, X-UPG-020).
 */
import t from 'tap';
import fc from 'fast-check';
import {
  evaluateCondition, macroContextFrom, parseCondition, parseRule, printCondition, selectAlternative,
  compareUnquoted, parseVersion, conditionFindings, type Condition,
} from '../../lib/profile-rule/index.js';
import { ProvcertError } from '../../lib/errors.js';
import { conditionArb } from '../helpers/arbitraries/rule.js';

const SEED = 20261125;
const ctx = (v: Record<string, string>) => macroContextFrom(v);

t.test('PROF-018/019: first true or unconditioned alternative wins', async (t) => {
  const rule = parseRule('($PRVTMR ge 600)? http://a/urlA | http://b/urlB');
  t.equal(selectAlternative(rule, ctx({ PRVTMR: '600' }))?.index, 0);
  t.equal(selectAlternative(rule, ctx({ PRVTMR: '599' }))?.index, 1);
  const ccert = parseRule('("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU');
  t.equal(selectAlternative(ccert, ctx({ CCERT: 'Installed' }))?.index, 0, 'HTTP-021');
  t.equal(selectAlternative(ccert, ctx({ CCERT: 'Not Installed' }))?.index, 1);
  const allFalse = parseRule('($A eq 1)? /x | ($A eq 2)? /y');
  t.equal(selectAlternative(allFalse, ctx({ GPP_A: '3' })), undefined, 'PROF-019: rule skipped');
  t.equal(selectAlternative(parseRule(''), ctx({})), undefined, 'PROF-019: empty rule skipped');
  const early = parseRule('/first | ($A eq 1)? /never');
  t.equal(selectAlternative(early, ctx({ GPP_A: '1' }))?.index, 0, 'an unconditioned alternative ends the search');
  const prov = parseRule('("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs');
  t.equal(selectAlternative(prov, ctx({ GPP_A: '' }))?.index, 0);
  t.equal(selectAlternative(prov, ctx({ GPP_A: 'Provisioned' }))?.index, 1);
});

t.test('guide conditions', async (t) => {
  const c = ctx({ REGTMR1: '301', PRVTMR: '1201', EXTIP: '66.43.16.52', SWVER: '2.0.6(b)', CCERT: 'Installed' });
  t.ok(evaluateCondition(parseCondition('$REGTMR1 gt 300 and $PRVTMR gt 1200 and "$EXTIP" ne ""'), c));
  t.notOk(evaluateCondition(parseCondition('$REGTMR1 gt 300 and $PRVTMR gt 1200 and "$EXTIP" ne ""'), ctx({ REGTMR1: '301', PRVTMR: '1201', EXTIP: '' })));
  t.ok(evaluateCondition(parseCondition('$SWVER ge 2.0.6 and "$CCERT" eq "Installed"'), c));
  t.ok(evaluateCondition(parseCondition('$PRVST eq -1'), ctx({ PRVST: '-1' })), 'PROF-032 negative integer');
  t.notOk(evaluateCondition(parseCondition('$PRVTMR ge 99999'), ctx({ PRVTMR: '3600' })), 'RESYNC-012 trigger suppresses');
  t.notOk(evaluateCondition(parseCondition('"b" gt "a"'), c), 'X-PROF-023: ordering of strings is false');
  t.match(conditionFindings(parseCondition('"b" gt "a"')), [{ code: 'string-ordering' }]);
  t.notOk(evaluateCondition(parseCondition('$HWVER gt 1'), c), 'unexpanded macro is neither number nor version: false');
  t.notOk(evaluateCondition(parseCondition('$HWVER ne 1'), c), '... also for ne (X-PROF-020)');
  t.ok(evaluateCondition(parseCondition('"$HWVER" ne "1"'), c), 'quoted: string inequality');
  t.ok(evaluateCondition(parseCondition('$A eq 1 or $A eq 2 and $B eq 3'), ctx({ A: '1', B: '0' })), "'and' binds tighter (X-PROF-022)");
  t.notOk(evaluateCondition(parseCondition('($A eq 1 or $A eq 2) and $B eq 3'), ctx({ A: '1', B: '0' })));
  t.ok(evaluateCondition(parseCondition('$(A:0:2) eq 12'), ctx({ A: '123' })), 'substring macro as operand');
});

t.test('PROF-031: $SWVER quoted vs unquoted', async (t) => {
  const c = ctx({ SWVER: 'sip8845_65.11-1-1MSR-1dev.loads' });
  t.ok(evaluateCondition(parseCondition('"$SWVER" eq "sip8845_65.11-1-1MSR-1dev.loads"'), c), 'quoted compares model and load');
  t.notOk(evaluateCondition(parseCondition('"$SWVER" eq "sip88xx.11-1-1MSR-1dev.loads"'), c));
  t.ok(evaluateCondition(parseCondition('$SWVER eq sip88xx.11-1-1MSR-1dev.loads'), c), 'unquoted ignores the model prefix');
  t.ok(evaluateCondition(parseCondition('$SWVER eq sip88xx.11-1-1MSR-1dev'), c), '... and .loads');
  t.ok(evaluateCondition(parseCondition('$SWVER ge 11.1.1'), c));
  t.ok(evaluateCondition(parseCondition('$SWVER lt 11.1.2'), c));
});

t.test('X-PROF-020: version parsing and ordering', async (t) => {
  t.strictSame(parseVersion('sip88xx.11-1-1MSR-1dev.loads'), { fields: [{ digits: '11', rest: '' }, { digits: '1', rest: '' }, { digits: '1', rest: 'MSR' }], build: { digits: '1', rest: 'dev' } });
  t.strictSame(parseVersion('2.0.3(0412s)'), { fields: [{ digits: '2', rest: '' }, { digits: '0', rest: '' }, { digits: '3', rest: '' }], build: { digits: '412', rest: 's' } });
  t.strictSame(parseVersion('9-3-1-7'), { fields: ['9', '3', '1', '7'].map((d) => ({ digits: d, rest: '' })) });
  t.equal(parseVersion('hello'), undefined);
  t.equal(parseVersion('1-2MPP-3-4'), undefined, 'at most one build field');
  const ordered: [string, string, number][] = [
    ['sip88xx.11-0-0MPP-BN', 'sip88xx.9-3-1-7MPP-BN', 1], // community example
    ['sip88xx.11-1-1MSR-1dev.loads', 'sip8845_65.11-1-1MSR-1dev.loads', 0], // model ignored
    ['11.3.1', 'sip88xx.11-3-1MPP0001-123', -1], // empty letters sort first
    ['sip88xx.11-3-1MPP0001-123', 'sip88xx.11-3-1MPP0001-124', -1],
    ['sip88xx.11-0-0MPP-7', 'sip88xx.11-0-0MPP', 0], // X-UPG-020: build ignored when one side has none
    ['sip88xx.11-2-3MSR1-1', 'sip88xx.11-2-3MPP-1', 1], // MSR1 > MPP by letters
    ['1.0.31(b)', '1.0.33', -1],
    ['2.0.6', '2.0.6(b)', 0],
    ['2.0.10', '2.0.9', 1], // numeric, not lexicographic
    ['11.3', '11.3.0', 0], // missing field = 0
    ['600', '599', 1],
    ['-1', '0', -1],
    ['12345678901234567890', '12345678901234567891', -1],
  ];
  for (const [a, b, sign] of ordered) t.equal(Math.sign(compareUnquoted(a, b) ?? NaN), sign, `${a} vs ${b}`);
  t.equal(compareUnquoted('abc', '1.0.0'), undefined);
});

t.test('X-UPG-020 / UPG-010: the 8800 guide upgrade rule does not loop, multistage chains walk', async (t) => {
  const rule = parseRule('($SWVER ne sip88xx.11-0-0MPP)? http://ps.tell.com/sw/sip88xx.11-0-0MPP-BN.loads', 'upgrade');
  t.equal(selectAlternative(rule, ctx({ SWVER: 'sip88xx.10-4-1MPP-3' }))?.index, 0);
  t.equal(selectAlternative(rule, ctx({ SWVER: 'sip88xx.11-0-0MPP-7' })), undefined);
  const chain = parseRule('($SWVER lt sip78xx.11-0-0MPP-7)? http://s/sip78xx.11-0-0MPP-7.loads | ($SWVER lt sip78xx.11-2-1MES-3)? http://s/sip78xx.11-2-1MES-3.loads', 'upgrade');
  t.equal(selectAlternative(chain, ctx({ SWVER: 'sip78xx.10-4-1MPP-2' }))?.index, 0, 'stage 1');
  t.equal(selectAlternative(chain, ctx({ SWVER: 'sip78xx.11-0-0MPP-7' }))?.index, 1, 'stage 2');
  t.equal(selectAlternative(chain, ctx({ SWVER: 'sip78xx.11-2-1MES-3' })), undefined, 'done');
});

t.test('PROF-020: trigger expressions are bare', async (t) => {
  t.ok(evaluateCondition(parseCondition('$PRVTMR ge 600'), ctx({ PRVTMR: '601' })));
  t.ok(evaluateCondition(parseCondition('($PRVTMR ge 600) and ($A eq 1)'), ctx({ PRVTMR: '601', A: '1' })), 'grouping parentheses are fine');
  for (const [text, column, req] of [['($PRVTMR ge 600)?', 1, 'PROF-020'], ['  ($A eq 1 )  ?', 3, 'PROF-020'], ['', 1, 'PROF-021'], ['$A eq', 6, 'PROF-021'], ['! 1.0.33', 1, 'PROF-021'], ['$A eq 1)', 8, 'PROF-021'], ['(((($A eq 1)', 13, 'PROF-021']] as const) {
    try {
      parseCondition(text);
      t.fail(`${JSON.stringify(text)} parsed`);
    } catch (e) {
      t.ok(e instanceof ProvcertError && e.code === 'PC_ERR_RULE_SYNTAX', `${JSON.stringify(text)} is a syntax error`);
      t.equal((e as ProvcertError).column, column, `${JSON.stringify(text)} column`);
      t.equal((e as ProvcertError).requirementId, req, `${JSON.stringify(text)} requirement`);
    }
  }
  const deep = `${'('.repeat(100)}$A eq 1${')'.repeat(100)}`;
  t.throws(() => parseCondition(deep), { code: 'PC_ERR_RULE_SYNTAX' }, 'nesting is bounded');
});

// A reference evaluator over a small domain: integer macros and quoted strings, written
// independently of lib/ (direct JS arithmetic, no version parser, no expansion code).
const INTS = ['A', 'B', 'PRVTMR'] as const;
const intOperand = fc.oneof(fc.integer({ min: -2, max: 5 }).map(String), fc.constantFrom(...INTS).map((n) => `$${n}`));
const strOperand = fc.constantFrom('', 'x', 'Installed', '$CCERT');
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ kind: fc.constant('compare' as const), op: fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge' as const), left: intOperand.map((text) => ({ quoted: false, text })), right: intOperand.map((text) => ({ quoted: false, text })) }, { noNullPrototype: true }),
  fc.record({ kind: fc.constant('compare' as const), op: fc.constantFrom('eq', 'ne' as const), left: strOperand.map((text) => ({ quoted: true, text })), right: strOperand.map((text) => ({ quoted: true, text })) }, { noNullPrototype: true }),
) as fc.Arbitrary<Condition>;

function reference(c: Condition, env: Record<string, number>, ccert: string): boolean {
  if (c.kind === 'and') return reference(c.left, env, ccert) && reference(c.right, env, ccert);
  if (c.kind === 'or') return reference(c.left, env, ccert) || reference(c.right, env, ccert);
  if (c.left.quoted) {
    const s = (x: string) => (x === '$CCERT' ? ccert : x);
    return c.op === 'eq' ? s(c.left.text) === s(c.right.text) : s(c.left.text) !== s(c.right.text);
  }
  const n = (x: string) => (x.startsWith('$') ? env[x.slice(1)] as number : Number(x));
  const [l, r] = [n(c.left.text), n(c.right.text)];
  return { eq: l === r, ne: l !== r, lt: l < r, le: l <= r, gt: l > r, ge: l >= r }[c.op];
}

t.test('property: evaluation agrees with a reference evaluator, also after print/parse', async (t) => {
  fc.assert(
    fc.property(conditionArb(leaf, 4), fc.tuple(fc.integer({ min: -2, max: 5 }), fc.integer({ min: -2, max: 5 }), fc.integer({ min: -2, max: 5 })), fc.constantFrom('Installed', 'Not Installed'), (cond, [a, b, p], ccert) => {
      const macros = ctx({ A: String(a), B: String(b), PRVTMR: String(p), CCERT: ccert });
      const expected = reference(cond, { A: a, B: b, PRVTMR: p }, ccert);
      const reparsed = parseCondition(printCondition(cond));
      t.strictSame(reparsed, cond, printCondition(cond));
      return evaluateCondition(cond, macros) === expected && evaluateCondition(reparsed, macros) === expected;
    }),
    { seed: SEED, numRuns: 500 },
  );
  t.pass('agrees');
});

t.test('property: version order agrees with integer triples and is transitive across strict steps', async (t) => {
  const triple = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30));
  fc.assert(
    fc.property(triple, triple, fc.constantFrom('MPP', 'MSR'), fc.nat(99), ([a, b, c], [x, y, z], tag, bn) => {
      const expected = Math.sign(a - x || b - y || c - z);
      const dot = compareUnquoted(`${a}.${b}.${c}`, `${x}.${y}.${z}`);
      const mpp = compareUnquoted(`sip88xx.${a}-${b}-${c}${tag}-${bn}`, `sip68xx.${x}-${y}-${z}${tag}`);
      const back = compareUnquoted(`${x}.${y}.${z}`, `${a}.${b}.${c}`);
      return dot === expected && Math.sign(mpp ?? NaN) === expected && back === -expected;
    }),
    { seed: SEED, numRuns: 500 },
  );
  const v = fc.oneof(
    fc.tuple(fc.nat(12), fc.nat(3), fc.nat(3)).map(([a, b, c]) => `${a}.${b}.${c}`),
    fc.tuple(fc.nat(12), fc.nat(3), fc.nat(3), fc.constantFrom('MPP', 'MSR', 'MN'), fc.nat(3)).map(([a, b, c, t, n]) => `${a}-${b}-${c}${t}-${n}`),
  );
  fc.assert(
    fc.property(v, v, v, (p, q, r) => {
      const pq = compareUnquoted(p, q) as number;
      const qr = compareUnquoted(q, r) as number;
      const pr = compareUnquoted(p, r) as number;
      // Transitivity of <= (builds are partial, so only the non-strict order is checked).
      return !(pq <= 0 && qr <= 0) || pr <= 0 || (pq === 0 || qr === 0);
    }),
    { seed: SEED, numRuns: 1000 },
  );
  t.pass('ordered');
});
