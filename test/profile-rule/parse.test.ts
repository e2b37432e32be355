/**
 * Rule grammar: every worked example of the guides parses to the structure we expect and prints
 * canonically; every syntax error names its column and requirement; print/parse round trip.
 */
import t from 'tap';
import fc from 'fast-check';
import { parseRule, printRule, ruleFindings, type Rule, type RuleKind } from '../../lib/profile-rule/index.js';
import { ProvcertError } from '../../lib/errors.js';
import { anyRuleArb } from '../helpers/arbitraries/rule.js';

const SEED = 20261125;

t.test('guide examples parse and print canonically', async (t) => {
  // [input, kind, canonical print]
  const examples: [string, RuleKind, string][] = [
    // PROF-014 default rule; seed keypad example (TFTP-001)
    ['/$PSN.xml', 'profile', '/$PSN.xml'],
    ['tftp://192.168.1.5/CP_x8xx_MPP.cfg', 'profile', 'tftp://192.168.1.5/CP_x8xx_MPP.cfg'],
    // Seed: activation-code onboarding
    ['gds://', 'profile', 'gds://'],
    // SPA guide 'URL Syntax' examples (PROF-023)
    ['/$MA.cfg', 'profile', '/$MA.cfg'],
    ['/Linksys/spa021025.bin', 'profile', '/Linksys/spa021025.bin'],
    ['192.168.1.130/profiles/init.cfg', 'profile', '192.168.1.130/profiles/init.cfg'],
    ['tftp://prov.call.com/cpe/Linksys$MA.cfg', 'profile', 'tftp://prov.call.com/cpe/Linksys$MA.cfg'],
    ['http://neptune.speak.net:8080/prov/$D/$E.cfg', 'profile', 'http://neptune.speak.net:8080/prov/$D/$E.cfg'],
    ['https://secure.me.com/profile?Linksys', 'profile', 'https://secure.me.com/profile?Linksys'],
    // SPA guide 'Profile Rules' examples (PROF-018, HTTP-005, HTTP-021, PROF-022, PROF-037)
    ['http://remote.server.com/Linksys/$MA.cfg', 'profile', 'http://remote.server.com/Linksys/$MA.cfg'],
    ['($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg\n| [--post a] http://p.tel.com/lost-reg?', 'profile',
      '($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg | [--post a] http://p.tel.com/lost-reg?'],
    ['("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU', 'profile',
      '("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU'],
    ['("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs', 'profile',
      '("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs'],
    ['[--alias b] https://p.tel.com/account/spa$MA.xml', 'profile', '[--alias b] https://p.tel.com/account/spa$MA.xml'],
    ['[--alias m ] http://acct.voipservice.net/credentials/spa$MA.xml', 'profile', '[--alias m] http://acct.voipservice.net/credentials/spa$MA.xml'],
    ['[--post f ] http://ps.one.com/cpe/resyncs?', 'profile', '[--post f] http://ps.one.com/cpe/resyncs?'],
    // Assignment expressions (PROF-022)
    ['(GPP_C = "$MA";)! /x.cfg', 'profile', '(GPP_C = "$MA";)! /x.cfg'],
    ['( User_ID_1_ = "uid$B" ; GPP_C = "" ; GPP_D = "$MA" ; )!', 'profile', '(User_ID_1_ = "uid$B"; GPP_C = ""; GPP_D = "$MA";)!'],
    ['( User_ID_1_ = "uid$B" ; c = "" ; d = "$MA" ; )!', 'profile', '(User_ID_1_ = "uid$B"; c = ""; d = "$MA";)!'],
    // Optional resync arguments (ENC-004, ENC-007, PROF-039) with a URL for completeness
    ['[--key VerySecretValue] /p.cfg', 'profile', '[--key VerySecretValue] /p.cfg'],
    ['[--key "my secret phrase"] /p.cfg', 'profile', '[--key "my secret phrase"] /p.cfg'],
    ['[--key a37d2fb9055c1d04883a0745eb0917a4] /p.cfg', 'profile', '[--key a37d2fb9055c1d04883a0745eb0917a4] /p.cfg'],
    ['[--key $SC] /p.cfg', 'profile', '[--key $SC] /p.cfg'],
    ['[--key "$SD"] /p.cfg', 'profile', '[--key "$SD"] /p.cfg'],
    ['[--key $SA] http://ps.callme.com/profiles/abcdefg.cfg', 'profile', '[--key $SA] http://ps.callme.com/profiles/abcdefg.cfg'],
    ['[--key "SecretPhrase1234"] http://host/path/profile.cfg', 'profile', '[--key "SecretPhrase1234"] http://host/path/profile.cfg'],
    ['[--post j --alias k] /p', 'profile', '[--post j --alias k] /p'],
    ['[--key "SymmetricSecret" --alias a] /p', 'profile', '[--key "SymmetricSecret" --alias a] /p'],
    ['[--key "$SB" --post g] /p', 'profile', '[--key "$SB" --post g] /p'],
    ['[--alias a --key abracadabra321 --post c] /p', 'profile', '[--alias a --key abracadabra321 --post c] /p'],
    // Corpus (fusionpbx template, rendered): --uid/--pwd glued to the URL (PROF-038)
    ['[--uid alice --pwd s3cret]http://pbx.example.com/app/provision/?mac=$MA', 'profile', '[--uid alice --pwd s3cret] http://pbx.example.com/app/provision/?mac=$MA'],
    // Upgrade rules (UPG-003, PROF-031), incl. the community example with a glued '|' and upper-case scheme
    ['( $SWVER ne 2.0.6 )? http://ps.tell.com/sw/spa021024.bin', 'upgrade', '($SWVER ne 2.0.6)? http://ps.tell.com/sw/spa021024.bin'],
    ['($SWVER ne sip88xx.11-0-0MPP)? http://ps.tell.com/sw/sip88xx.11-0-0MPP-BN.loads', 'upgrade', '($SWVER ne sip88xx.11-0-0MPP)? http://ps.tell.com/sw/sip88xx.11-0-0MPP-BN.loads'],
    ['($SWVER ge sip78xx.11-0-0MPP-7)? HTTP://SERVER_ADDRESS/sip78xx.11-2-1MES-3.loads| HTTP://SERVER_ADDRESS/sip78xx.11-0-0MPP-7.loads ', 'upgrade',
      '($SWVER ge sip78xx.11-0-0MPP-7)? http://SERVER_ADDRESS/sip78xx.11-2-1MES-3.loads | http://SERVER_ADDRESS/sip78xx.11-0-0MPP-7.loads'],
    ['http://192.0.2.1/sip88xx.11-2-3MSR1-1.loads', 'upgrade', 'http://192.0.2.1/sip88xx.11-2-3MSR1-1.loads'],
    // Conditions with symbols, upper-case keywords, SPA version suffixes (X-PROF-022)
    ['($SWVER >= 2.0.6 AND "$CCERT" = "Installed")? /a | /b', 'profile', '($SWVER ge 2.0.6 and "$CCERT" eq "Installed")? /a | /b'],
    ['($SWVER lt 2.0.3(0412s))? /old.cfg | /new.cfg', 'profile', '($SWVER lt 2.0.3(0412s))? /old.cfg | /new.cfg'],
    ['(($A eq 1 or $B eq 2) and $C eq 3)? /x', 'profile', '(($A eq 1 or $B eq 2) and $C eq 3)? /x'],
    ['($(A:0:2) eq 12)? /x', 'profile', '($(A:0:2) eq 12)? /x'],
    // IPv6 literals (X-PROF-024)
    ['tftp://[2001:db8::1]:6969/a.cfg', 'profile', 'tftp://[2001:db8::1]:6969/a.cfg'],
    ['[2001:db8::1]/a.cfg', 'profile', '[2001:db8::1]/a.cfg'],
    // Empty rule (PROF-019)
    ['', 'profile', ''],
    ['   ', 'upgrade', ''],
  ];
  for (const [input, kind, canonical] of examples) {
    const rule = parseRule(input, kind);
    t.equal(printRule(rule), canonical, `print(${JSON.stringify(input)})`);
    t.strictSame(parseRule(printRule(rule), kind), rule, `round trip of ${JSON.stringify(input)}`);
  }
});

t.test('parsed structure of the worked examples', async (t) => {
  const r = parseRule('($PRVTMR ge 600)? (a = "x"; User_ID_1_ = "$MA")! [--key $SA --post b] http://[::1]:8080/p/$MA.cfg?x=1 | tftp://h/b');
  t.equal(r.alternatives.length, 2);
  const a0 = r.alternatives[0]!;
  t.strictSame(a0.condition, { kind: 'compare', op: 'ge', left: { quoted: false, text: '$PRVTMR' }, right: { quoted: false, text: '600' } });
  t.strictSame(a0.assignments, [{ name: 'a', parameter: 'GPP_A', value: 'x' }, { name: 'User_ID_1_', parameter: 'User_ID_1_', value: '$MA' }]);
  t.strictSame(a0.options, { key: { text: '$SA', quoted: false }, post: 'b', order: ['key', 'post'] });
  t.strictSame(a0.url, { scheme: 'http', host: '[::1]', port: '8080', path: '/p/$MA.cfg?x=1' });
  t.strictSame(r.alternatives[1], { url: { scheme: 'tftp', host: 'h', path: '/b' } });
  t.strictSame(parseRule('/$PSN.xml').alternatives[0], { url: { path: '/$PSN.xml' } }, 'no scheme, no server: defaults apply later');
  t.strictSame(parseRule('(a = "1")!').alternatives[0], { assignments: [{ name: 'a', parameter: 'GPP_A', value: '1' }] }, 'assignment-only alternative');
  const cond = parseRule('($A eq 1 or $B eq 2 and $C eq 3)? /x').alternatives[0]!.condition;
  t.equal(cond?.kind, 'or', "'and' binds tighter than 'or' (X-PROF-022)");
  t.equal(parseRule('|').alternatives.length, 2, 'empty alternatives are kept');
});

t.test('PROF-018: a missing condition before the last alternative is a finding, not an error', async (t) => {
  const r = parseRule('http://a/x | http://b/y');
  t.equal(r.alternatives.length, 2);
  const f = ruleFindings(r);
  t.equal(f.length, 1);
  t.match(f[0], { code: 'unconditioned-alternative-not-last', alternative: 0, requirementId: 'PROF-018' });
  t.same(ruleFindings(parseRule('($A eq 1)? /x | /y')), []);
  t.match(ruleFindings(parseRule('("$A" gt "b")? /x')), [{ code: 'string-ordering', requirementId: 'X-PROF-023' }]);
  t.match(ruleFindings(parseRule('("$A" eq 1)? /x')), [{ code: 'mixed-quoting', requirementId: 'PROF-021' }]);
  t.match(ruleFindings(parseRule('/$SA.cfg')), [{ code: 'key-macro-outside-key', requirementId: 'PROF-036' }]);
  t.same(ruleFindings(parseRule('[--key $SA] /$SCHEME/$$SA/x.cfg')), [], '$SCHEME is not $SC; $$SA is a literal; --key is the right place');
  t.match(ruleFindings(parseRule('(a = "$(SB)")! /$SAM.cfg')), [{ code: 'key-macro-outside-key' }, { code: 'key-macro-outside-key' }], '$SAM is $SA then M (X-PROF-021)');
  t.match(ruleFindings(parseRule('($SD eq 1)? /x')), [{ code: 'key-macro-outside-key' }]);
});

t.test('syntax errors carry column and requirement', async (t) => {
  // [input, kind, column, requirementId]
  const bad: [string, RuleKind, number, string][] = [
    ['($A eq 1) http://x/y', 'profile', 11, 'PROF-017'],
    ['($A eq 1', 'profile', 1, 'PROF-017'],
    ['(a = "1")! ($A eq 1)? /x', 'profile', 12, 'PROF-017'],
    ['($A eq 1)? ($B eq 1)? /x', 'profile', 12, 'PROF-017'],
    ['/x /y', 'profile', 4, 'PROF-017'],
    ['[--key k] /x (a = "1")!', 'profile', 14, 'PROF-017'],
    ['[--key k]', 'profile', 1, 'PROF-017'],
    ['[--foo x] /a', 'profile', 2, 'PROF-039'],
    ['[--key a --key b] /a', 'profile', 10, 'PROF-039'],
    ['[--key] /a', 'profile', 7, 'PROF-039'],
    ['[--key --post a] /a', 'profile', 8, 'PROF-039'],
    ['[] /a', 'profile', 2, 'PROF-039'],
    ['[--key "x] /a', 'profile', 1, 'PROF-039'],
    ['[--post q] /x', 'profile', 2, 'HTTP-005'],
    ['[--post "a"] /x', 'profile', 2, 'HTTP-005'],
    ['[--alias A] /x', 'profile', 2, 'PROF-037'],
    ['http://h', 'profile', 9, 'PROF-023'],
    ['http://h:99999/x', 'profile', 10, 'PROF-023'],
    ['http://h:/x', 'profile', 10, 'PROF-023'],
    ['ftp://h/x', 'profile', 1, 'PROF-023'],
    [':80/x', 'profile', 1, 'PROF-023'],
    ['h.cfg', 'profile', 6, 'PROF-023'],
    ['gds://x', 'profile', 7, 'PROF-023'],
    ['tftp://[2001:db8::1/a', 'profile', 8, 'PROF-023'],
    ['(a = 1)! /x', 'profile', 6, 'PROF-022'],
    ['(a "1")! /x', 'profile', 4, 'PROF-022'],
    ['(a = "1" b = "2")! /x', 'profile', 10, 'PROF-022'],
    ['()! /x', 'profile', 2, 'PROF-022'],
    ['(1a = "x")! /x', 'profile', 2, 'PROF-022'],
    ['()? /x', 'profile', 2, 'PROF-021'],
    ['($A foo 1)? /x', 'profile', 5, 'PROF-021'],
    ['($A eq)? /x', 'profile', 7, 'PROF-021'],
    ['($A eq 1 and)? /x', 'profile', 13, 'PROF-021'],
    ['($A eq 1 $B)? /x', 'profile', 10, 'PROF-021'],
    ['(! 1.0.33)? /x', 'profile', 2, 'PROF-021'],
    ['($A eq "x)? /x', 'profile', 1, 'PROF-017'],
    // Upgrade_Rule specifics
    ['[--key k] http://h/x.loads', 'upgrade', 1, 'UPG-003'],
    ['($SWVER ne 1.0.0)? [--post a] http://h/x.loads', 'upgrade', 20, 'UPG-003'],
    ['/sip88xx.11-0-0MPP-1.loads', 'upgrade', 1, 'UPG-007'],
    ['http:///sip88xx.loads', 'upgrade', 1, 'UPG-007'],
    ['gds://', 'upgrade', 1, 'UPG-008'],
    // Multi-line value: column counts from the start of the line
    ['/a.cfg\n| /b.cfg junk', 'profile', 10, 'PROF-017'],
  ];
  for (const [input, kind, column, requirementId] of bad) {
    try {
      parseRule(input, kind);
      t.fail(`${JSON.stringify(input)} (${kind}) parsed without error`);
    } catch (e) {
      if (!(e instanceof ProvcertError)) { t.fail(`${JSON.stringify(input)} threw ${String(e)}`); continue; }
      t.equal(e.code, 'PC_ERR_RULE_SYNTAX', `${JSON.stringify(input)} code`);
      t.equal(e.column, column, `${JSON.stringify(input)} column (${e.message})`);
      t.equal(e.requirementId, requirementId, `${JSON.stringify(input)} requirement (${e.message})`);
    }
  }
  const multi = (() => { try { parseRule('/a.cfg\n| /b.cfg junk'); } catch (e) { return e as ProvcertError; } return undefined; })();
  t.equal(multi?.line, 2, 'line of a multi-line value');
});

t.test('property: parseRule(printRule(rule)) deep-equals rule', async (t) => {
  let runs = 0;
  fc.assert(
    fc.property(anyRuleArb, (rule: Rule) => {
      runs++;
      const text = printRule(rule);
      t.strictSame(parseRule(text, rule.kind), rule, text);
      return true;
    }),
    { seed: SEED, numRuns: 300 },
  );
  t.equal(runs, 300);
});

t.test('property: arbitrary text either parses or throws PC_ERR_RULE_SYNTAX, never anything else', async (t) => {
  const alphabet = fc.constantFrom(...'()?![]|"$-=;: /abpqAB019.keyostalias'.split(''), '--key ', '--post ', ' eq ', ' and ', 'http://', '$(A:1:2)');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), fc.constantFrom<RuleKind>('profile', 'upgrade'), (text, kind) => {
      try {
        const rule = parseRule(text, kind);
        // Whatever parses prints to something that parses to the same rule.
        t.strictSame(parseRule(printRule(rule), kind), rule);
      } catch (e) {
        if (!(e instanceof ProvcertError) || e.code !== 'PC_ERR_RULE_SYNTAX' || e.column === undefined) throw e;
      }
      return true;
    }),
    { seed: SEED, numRuns: 2000 },
  );
  t.pass('no other exception');
});
