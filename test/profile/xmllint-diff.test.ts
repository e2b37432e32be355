/**
 * Differential test: for inputs without DTDs our well-formedness verdict must agree with
 * libxml2's (`xmllint --noout`). Inputs are serialised random profiles (well-formed) and
 * mutations of them (mostly ill-formed), from a fixed seed.
 */
import t from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { parseProfile, serializeProfile, type Profile } from '../../lib/profile/index.js';

const XMLLINT = spawnSync('xmllint', ['--version']).error ? undefined : 'xmllint';
const SEED = 424242;
const WF_CODES = new Set(['xml-not-well-formed', 'entity-refused', 'doctype-refused']);

function ourVerdict(xml: string): boolean {
  return !parseProfile(xml).findings.some((f) => WF_CODES.has(f.code));
}

function xmllintVerdict(xml: string): boolean {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml, timeout: 10_000 });
  return r.status === 0;
}

const valueArb = fc.string({ unit: fc.constantFrom(...'ab <>&;"\'/=-#x1'.split('')), maxLength: 12 }).map((s) => s.trim()).filter((s) => s.length > 0);
const profileArb: fc.Arbitrary<Profile> = fc.record({
  root: fc.constantFrom('flat-profile' as const, 'device' as const),
  params: fc.array(fc.record({
    name: fc.constantFrom('GPP_A', 'Proxy_1_', 'Profile_Rule', 'X-y'),
    form: fc.constantFrom('text' as const, 'empty-pair' as const, 'self-closing' as const),
    value: valueArb,
    ua: fc.option(fc.constantFrom('na' as const, 'rw' as const), { nil: undefined }),
  }).map((p) => ({ name: p.name, form: p.form, value: p.form === 'text' ? p.value : '', ...(p.ua ? { ua: p.ua } : {}), line: 0, column: 0 })), { maxLength: 4 }),
});

const PIECES = ['<', '>', '&', ';', '&amp;', '&#65;', '&#0;', '&#x110000;', '&foo;', '</', '/>', '"', "'", '=', '<!--', '-->', '--', '<![CDATA[', ']]>', '<?x?>', '<?xml version="1.0"?>', 'a', ' ', '\n', 'ua="rw"', '<a>', '</a>', ':', '1'];

const mutated: fc.Arbitrary<string> = fc.tuple(profileArb, fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'truncate', 'upper'), fc.nat(), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 3 }))
  .map(([p, edits]) => {
    let s = serializeProfile(p);
    for (const [op, pos, piece] of edits) {
      const i = s.length === 0 ? 0 : pos % s.length;
      if (op === 'insert') s = s.slice(0, i) + piece + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (pos % 3));
      else if (op === 'truncate') s = s.slice(0, i);
      else s = s.slice(0, i) + s.slice(i, i + 3).toUpperCase() + s.slice(i + 3);
    }
    return s;
  })
  .filter((s) => !/<!DOCTYPE|<!ENTITY/i.test(s));

t.test('well-formed generated profiles: both accept', { skip: XMLLINT ? false : 'xmllint not installed (libxml2-utils)' }, async (t) => {
  const samples = fc.sample(profileArb, { seed: SEED, numRuns: 60 });
  for (const p of samples) {
    const xml = serializeProfile(p);
    t.equal(ourVerdict(xml), true, xml);
    t.equal(xmllintVerdict(xml), true, xml);
  }
});

t.test('mutated inputs: our verdict equals xmllint --noout', { skip: XMLLINT ? false : 'xmllint not installed (libxml2-utils)' }, async (t) => {
  const samples = fc.sample(mutated, { seed: SEED, numRuns: 400 });
  let wellFormed = 0;
  for (const xml of samples) {
    const theirs = xmllintVerdict(xml);
    if (theirs) wellFormed++;
    t.equal(ourVerdict(xml), theirs, `${theirs ? 'well-formed' : 'ill-formed'} per xmllint: ${JSON.stringify(xml)}`);
  }
  t.ok(wellFormed > 10 && wellFormed < samples.length - 10, `a mix of verdicts (${wellFormed} of ${samples.length} well-formed)`);
});
