/** Macro expansion (PROF-024..PROF-036, HTTP-021, X-PROF-021): guide examples and laws. */
import t from 'tap';
import fc from 'fast-check';
import { expandMacros, macroContextFrom, MACROS, isMacroName, expandOptions, parseRule, evaluateAssignments } from '../../lib/profile-rule/index.js';
import { isKnownRequirement } from '../../lib/requirements/index.js';

const SEED = 20261125;
const phone = macroContextFrom({
  MA: '000e08012345', MAU: '000E08012345', MAC: '00:0e:08:01:23:45', PN: 'CP-6841-3PCC', PSN: '6841-3PCC', SN: '88012BA01234',
  CCERT: 'Installed', SWVER: 'sip68xx.11-3-1MPP-123', PRVST: '1', PRVTMR: '700', UID1: '1001', UID12: '1012',
  GPP_A: 'ABCDEF', GPP_B: 'B$MA', GPP_D: 'dir', GPP_E: 'file', GPP_SA: 'secretA', GPP_SD: 'secret D',
});

t.test('guide examples', async (t) => {
  const cases: [string, string, string][] = [
    ['/$(A:2:3).cfg', '/CDE.cfg', 'PROF-027 $(A:2:3) with GPP_A=ABCDEF'],
    ['$(A:2)', 'CDEF', 'PROF-027 $(A:2)'],
    ['spa$(MAU)config.cfg', 'spa000E08012345config.cfg', 'PROF-025 $(NAME) form'],
    ['spa$STRANGE$MAU.cfg', 'spa$STRANGE000E08012345.cfg', 'PROF-025 unknown name untouched'],
    ['/$STRANGE$MAU.cfg', '/$STRANGE000E08012345.cfg', 'PROF-025 catalogue check text'],
    ['$$MAU', '$MAU', 'PROF-026 $$ and no recursion'],
    ['$$', '$', 'PROF-026 $$ alone'],
    ['/$PSN.xml', '/6841-3PCC.xml', 'PROF-014 default rule path'],
    ['$MA $MAU $MAC', '000e08012345 000E08012345 00:0e:08:01:23:45', 'PROF-028 MAC forms'],
    ['$PN|$PSN|$SN', 'CP-6841-3PCC|6841-3PCC|88012BA01234', 'PROF-029'],
    ['$CCERT', 'Installed', 'HTTP-021'],
    ['/prov/$D/$E.cfg', '/prov/dir/file.cfg', 'SPA URL example $D/$E'],
    ['$B', 'B$MA', 'GPP value is not re-expanded (PROF-026)'],
    ['/$SA.cfg', '/$SA.cfg', 'PROF-036: $SA stays literal outside --key'],
    ['$(SA)', '$(SA)', 'PROF-036: $(SA) stays literal outside --key'],
    ['$GPP_A', 'ABCDEF', 'long GPP name (SPA100/200 guide)'],
  ];
  for (const [input, expected, why] of cases) t.equal(expandMacros(input, phone), expected, why);
});

t.test('X-PROF-021: where a bare $NAME ends', async (t) => {
  const cases: [string, string][] = [
    ['$MAUX', '000E08012345X'], // longest name MAU, then literal X
    ['$MACHINE', '00:0e:08:01:23:45HINE'],
    ['$PSN', '6841-3PCC'], // not $P + SN
    ['$PN', 'CP-6841-3PCC'],
    ['$UID1', '1001'],
    ['$UID12', '1012'], // UID12 is longer than UID1
    ['$UID17', '$UID17'.replace('$UID1', '1001')], // UID17 is beyond MAX_LINES: $UID1 + '7'
    ['$SWVERX', 'sip68xx.11-3-1MPP-123X'],
    ['$ma', '$ma'], // names are upper-case
    ['$', '$'],
    ['a$', 'a$'],
    ['$(', '$('],
    ['$(MA', '$(MA'],
    ['$(A:x)', '$(A:x)'],
    ['$(NOPE:1)', '$(NOPE:1)'],
    ['$HWVER', '$HWVER'], // documented but no value in this context: untouched
  ];
  for (const [input, expected] of cases) t.equal(expandMacros(input, phone), expected, input);
});

t.test('--key, --post and assignments expand as documented', async (t) => {
  const alt = parseRule('(c = "$MA"; User_ID_1_ = "uid$B";)! [--key $SA --post b --alias a --uid $UID1 --pwd $SA] http://h/$MA').alternatives[0]!;
  const o = expandOptions(alt.options, phone);
  t.equal(o.key, 'secretA', 'ENC-007: $SA expands as the --key argument');
  t.equal(o.postParameter, 'GPP_B');
  t.equal(o.postBody, 'B000e08012345', 'HTTP-005: POST body is GPP_B with macros expanded');
  t.equal(o.aliasParameter, 'GPP_A');
  t.equal(o.uid, '1001');
  t.equal(o.pwd, '$SA', 'PROF-036: $SA is not expanded in --pwd');
  t.equal(expandOptions(parseRule('[--key "$SD"] /x').alternatives[0]!.options, phone).key, 'secret D');
  t.same(expandOptions(undefined, phone), {}, 'no options: GET, no key');
  t.same(evaluateAssignments(alt.assignments!, phone), [
    { parameter: 'GPP_C', value: '000e08012345' },
    { parameter: 'User_ID_1_', value: 'uidB$MA' },
  ], 'PROF-022: (GPP_C = "$MA";)! sets the MAC; values expand once');
});

t.test('MACROS table is complete and names known requirements', async (t) => {
  for (const name of ['MA', 'MAU', 'MAC', 'PN', 'PSN', 'SN', 'CCERT', 'IP', 'EXTIP', 'SWVER', 'HWVER', 'PRVST', 'PRVTMR', 'UPGST', 'UPGERR', 'UPGTMR', 'REGTMR1', 'REGTMR2', 'UPGCOND', 'SCHEME', 'METH', 'SERV', 'SERVIP', 'PORT', 'PATH', 'ERR', 'EMS', 'UID1', 'UID2', 'A', 'P', 'GPP_A', 'SA', 'SD']) {
    t.ok(isMacroName(name), `${name} is documented`);
  }
  t.notOk(isMacroName('Q'), 'GPP letters stop at P');
  t.notOk(isMacroName('SE'), 'SA..SD only');
  const names = new Set<string>();
  for (const m of MACROS) {
    t.ok(isKnownRequirement(m.requirementId), `${m.name} cites a known requirement ${m.requirementId}`);
    t.notOk(names.has(m.name), `${m.name} listed once`);
    names.add(m.name);
    t.ok(/^[A-Z][A-Z0-9_]*$/.test(m.name), `${m.name} is an upper-case name`);
  }
  const ctx = macroContextFrom({ A: 'short', GPP_SB: 'kb', SCHEME: 'HTTP' });
  t.equal(ctx.lookup('GPP_A'), 'short', 'short name answers for the long one');
  t.equal(ctx.lookup('SB'), 'kb');
  t.equal(ctx.lookup('METH'), 'HTTP', 'METH is an alias of SCHEME');
});

t.test('laws', async (t) => {
  const anyText = fc.string({ unit: fc.constantFrom(...'$()AMU:0123 abcPSN_'.split('')), maxLength: 30 });
  fc.assert(fc.property(anyText, (s) => {
    // $$ law: doubling every $ gives the text back, whatever names follow.
    return expandMacros(s.replaceAll('$', () => '$$'), phone) === s;
  }), { seed: SEED, numRuns: 500 });
  fc.assert(fc.property(anyText, (v) => {
    // No recursion: a value that contains macros comes out verbatim.
    return expandMacros('$A', macroContextFrom({ GPP_A: v })) === v && expandMacros('$(A)', macroContextFrom({ GPP_A: v })) === v;
  }), { seed: SEED, numRuns: 500 });
  fc.assert(fc.property(fc.string({ maxLength: 20 }).filter((s) => !s.includes('$')), (s) => expandMacros(s, phone) === s), { seed: SEED, numRuns: 300 });
  fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.nat(15), fc.nat(15), (v, p, q) => {
    // PROF-027 substring law against JS slicing.
    const ctx = macroContextFrom({ GPP_A: v });
    return expandMacros(`$(A:${p}:${q})`, ctx) === v.slice(p, p + q) && expandMacros(`$(A:${p})`, ctx) === v.slice(p);
  }), { seed: SEED, numRuns: 500 });
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('$', '$$', '$(', 'A', 'MAU', ':1', ')', 'x'), maxLength: 200 }), (s) => {
    // Terminates and grows at most by the longest value per '$'.
    const out = expandMacros(s, phone);
    return out.length <= s.length * 40;
  }), { seed: SEED, numRuns: 300 });
  t.pass('laws hold');
});
