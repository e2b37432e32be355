/**
 * The profiles a target serves (PROF-001..013, PROF-028/029, PROF-017..023): every provisioned
 * phone's profile is at the path its rule expands to and is a well-formed open-format profile the
 * phone can apply; rules the profile sets parse. Judged on the plaintext after the declared
 * decryption (lib/profile findings name the requirement of each rule).
 */
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { parseRule } from '../../lib/profile-rule/index.js';
import { isProvcertError } from '../../lib/errors.js';
import type { TargetView } from '../../lib/runner/types.js';
import { openProfile, type OpenedProfile } from '../helpers/profile-open.js';

const servesFiles = (t: TargetView) => (['tftp', 'http', 'https'].some((s) => t.serves.includes(s as 'tftp')) ? undefined : 'the target serves no files (tftp, http or https)');

/** Fails on the first finding of `codes` in any phone's profile. */
function noFinding(p: OpenedProfile, codes: readonly string[], requirement: string, what: string): void {
  const f = p.parsed.findings.find((x) => codes.includes(x.code));
  if (f) fail({ requirementId: requirement, expected: what, observed: `${f.code} at ${f.line}:${f.column}: ${f.message}`, message: `the profile /${p.phone.profilePath}: ${f.message}` });
}

function findingTest(id: string, title: string, requirements: string[], codes: readonly string[], what: string, why: string) {
  return defineTest({
    id, title, requirements, applies: servesFiles, why,
    procedure: { setup: 'Each provisioned phone.', stimulus: 'Fetch its profile at its rule\'s path; decrypt with the declared key/IKM; inflate.', criteria: `${what} (lib/profile finding codes ${codes.join(', ')}).` },
    async run(ctx) {
      for (const phone of ctx.phones) {
        const p = await openProfile(ctx, phone, requirements[0]);
        for (const code of codes) noFinding(p, [code], (p.parsed.findings.find((f) => f.code === code)?.requirement ?? requirements[0]) as string, what);
      }
    },
  });
}

export const profileServedTests = [
  defineTest({
    id: 'profile.fetch.by-rule', title: 'Each phone\'s profile is at its rule\'s path, macros expanded', requirements: ['PROF-028', 'PROF-029'], applies: servesFiles,
    why: 'A phone asks for exactly the path its rule expands to ($MA lower case, $PSN, $SN); a server keyed differently never answers it.',
    procedure: { setup: 'The run generated each phone\'s profile with a marker at the path its rule expands to.', stimulus: 'Fetch each phone\'s path as that phone.', criteria: 'It is served and carries that phone\'s marker.' },
    async run(ctx) {
      for (const phone of ctx.phones) {
        const p = await openProfile(ctx, phone, 'PROF-028');
        if (!Buffer.from(p.bytes).includes(phone.marker)) fail({ requirementId: 'PROF-028', expected: `the profile with marker ${phone.marker}`, observed: `${p.bytes.length} octets without it`, message: `/${phone.profilePath} is not the profile provisioned for ${phone.mac}` });
      }
    },
  }),
  findingTest('profile.parse.well-formed', 'Profiles are well-formed flat-profile XML', ['PROF-001', 'PROF-004', 'X-PROF-002'],
    ['xml-not-well-formed', 'root-not-flat-profile', 'no-flat-profile', 'doctype-refused', 'entity-refused'],
    'well-formed XML, root <flat-profile>, no DTD or foreign entities', 'A profile that does not parse is discarded whole by the phone.'),
  findingTest('profile.parse.ua-values', 'ua attributes are na, ro or rw', ['PROF-010'], ['ua-invalid'],
    'every ua attribute is "na", "ro" or "rw"', 'An unknown ua value is rejected by the phone, leaving user access undefined.'),
  findingTest('profile.parse.ascii', 'Profiles are ASCII with XML escapes', ['PROF-013', 'X-PROF-006'], ['non-ascii', 'invalid-utf8'],
    'only ASCII characters (escapes for the special ones)', 'Phones support only ASCII in profiles; other characters arrive garbled.'),
  findingTest('profile.parse.names', 'Element names follow the naming rules', ['PROF-002', 'PROF-003'], ['name-invalid'],
    'element names of [A-Za-z0-9_-] (spaces and [ ] ( ) / replaced by _, indexed Name_n_)', 'A misspelt element name sets nothing on the phone.'),
  findingTest('profile.parse.no-duplicates', 'Each parameter at most once', ['PROF-008'], ['duplicate-parameter'],
    'no parameter twice', 'With duplicates the last one silently wins, which hides configuration mistakes.'),
  defineTest({
    id: 'profile.rules.parse', title: 'Rules the profiles set parse', requirements: ['PROF-017', 'PROF-020', 'PROF-021', 'PROF-023'], applies: servesFiles,
    why: 'A phone given a rule it cannot parse stops resyncing or upgrading.',
    procedure: { setup: 'Each provisioned phone\'s profile.', stimulus: 'Parse every Profile_Rule*, Upgrade_Rule and Resync_Trigger-free rule value it sets.', criteria: 'Each non-empty rule parses (alternatives, conditions, operators, URL form); n/a when no profile sets a rule.' },
    async run(ctx) {
      let rules = 0;
      for (const phone of ctx.phones) {
        const p = await openProfile(ctx, phone, 'PROF-017');
        for (const param of p.parsed.profile?.params ?? []) {
          const kind = /^Profile_Rule(_[A-D])?$/.test(param.name) ? 'profile' : param.name === 'Upgrade_Rule' ? 'upgrade' : undefined;
          if (!kind || param.value.trim() === '') continue;
          rules++;
          try {
            parseRule(param.value, kind);
          } catch (e) {
            const msg = isProvcertError(e) ? e.message : String(e);
            const req = /PROF-0(17|20|21|23)/.exec(msg)?.[0] ?? 'PROF-017';
            fail({ requirementId: req, expected: `${param.name} parses as a ${kind} rule`, observed: `${param.value}: ${msg}`, message: `/${phone.profilePath} line ${param.line}: ${param.name} does not parse: ${msg}` });
          }
        }
      }
      if (rules === 0) notApplicable('no served profile sets Profile_Rule* or Upgrade_Rule');
    },
  }),
];
