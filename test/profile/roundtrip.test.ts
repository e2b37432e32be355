import t from 'tap';
import fc from 'fast-check';
import { parseProfile, serializeProfile, profileChanges, type Profile, type ProfileParam } from '../../lib/profile/index.js';
import { ProvcertError } from '../../lib/errors.js';

const SEED = 20251125;

const nameArb = fc.stringMatching(/^[A-Z][A-Za-z0-9_-]{0,20}$/);
/** Printable ASCII plus tab, normalised as the parser leaves values (PROF-012). */
const valueArb = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ''))
  .filter((s) => s.length > 0);
const uaArb = fc.option(fc.constantFrom('na' as const, 'ro' as const, 'rw' as const), { nil: undefined });
const paramArb: fc.Arbitrary<ProfileParam> = fc.record({ name: nameArb, form: fc.constantFrom('text' as const, 'empty-pair' as const, 'self-closing' as const), value: valueArb, ua: uaArb })
  .map(({ name, form, value, ua }) => ({ name, form, value: form === 'text' ? value : '', ...(ua ? { ua } : {}), line: 0, column: 0 }));
const profileArb: fc.Arbitrary<Profile> = fc.record({ root: fc.constantFrom('flat-profile' as const, 'device' as const), params: fc.array(paramArb, { maxLength: 25 }) });

const strip = (p: Profile) => ({ root: p.root, params: p.params.map(({ line: _l, column: _c, ...rest }) => rest) });

t.test('parseProfile(serializeProfile(p)) gives p back (names, values, forms, ua, root)', async (t) => {
  fc.assert(fc.property(profileArb, (p) => {
    const text = serializeProfile(p);
    const r = parseProfile(text);
    if (!r.profile) throw new Error(`no profile for ${text}: ${JSON.stringify(r.findings)}`);
    t.strictSame(strip(r.profile), strip(p));
    if (r.findings.some((f) => f.severity === 'error')) throw new Error(`errors for ${text}`);
    return true;
  }), { seed: SEED, numRuns: 300 });
});

t.test('serialize escapes markup characters and writes positions that parse back', async (t) => {
  const p: Profile = { root: 'flat-profile', params: [{ name: 'Dial_Plan_1_', value: '(S0 <:18005551212>) & ]]> "q" \'a\'', form: 'text', line: 0, column: 0 }] };
  const text = serializeProfile(p);
  t.match(text, /&lt;:18005551212&gt;\) &amp; \]\]&gt;/);
  const r = parseProfile(text);
  t.equal(r.profile?.params[0]?.value, p.params[0]?.value);
  t.equal(r.profile?.params[0]?.line, 2);
  t.match(serializeProfile(p, { root: 'device' }), /^<device>\n<flat-profile>/);
});

t.test('serialize refuses what cannot round-trip, with a typed error', async (t) => {
  const bad = (param: Partial<ProfileParam>) => () => serializeProfile({ root: 'flat-profile', params: [{ name: 'GPP_A', value: 'x', form: 'text', line: 1, column: 1, ...param }] });
  t.throws(bad({ value: ' x' }), ProvcertError);
  t.throws(bad({ value: 'a\nb' }), { code: 'PC_ERR_PROFILE_INVALID' });
  t.throws(bad({ value: '' }), { code: 'PC_ERR_PROFILE_INVALID' });
  t.throws(bad({ form: 'empty-pair' }), { code: 'PC_ERR_PROFILE_INVALID' });
  t.throws(bad({ name: '1bad' }), { code: 'PC_ERR_PROFILE_INVALID' });
  t.throws(bad({ value: 'a\u0001b' }), { code: 'PC_ERR_PROFILE_INVALID' });
  // Non-ASCII is written as a reference; the parser still flags it (PROF-013).
  const text = serializeProfile({ root: 'flat-profile', params: [{ name: 'GPP_A', value: 'caf\u00e9', form: 'text', line: 1, column: 1 }] });
  t.match(text, /caf&#xE9;/);
  t.equal(parseProfile(text).ok, false);
});

t.test('profileChanges: last occurrence wins, ua kept only when given (property)', async (t) => {
  fc.assert(fc.property(profileArb, (p) => {
    const changes = profileChanges(p);
    const names = new Set(p.params.map((x) => x.name));
    if (changes.size !== names.size) throw new Error('one entry per name');
    for (const [name, change] of changes) {
      const last = [...p.params].reverse().find((x) => x.name === name) as ProfileParam;
      const keep = last.form === 'self-closing' && last.ua !== undefined;
      t.equal(change.value, keep ? undefined : last.value);
      t.equal(change.ua, last.ua);
    }
    return true;
  }), { seed: SEED, numRuns: 200 });
});
