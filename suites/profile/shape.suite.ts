/**
 * The shape of the profiles a target serves, beyond well-formedness (X-PROF-003, X-PROF-004,
 * X-PROF-005): each provisioned phone's profile, read as the phone reads it (decrypted with the
 * declared key or IKM, inflated; suites/helpers/profile-open.ts), must stay within provcert's
 * bounds, carry only the ua attribute on parameters, and be flat. The judgement is lib/profile's
 * findings for exactly these requirement IDs, so the lint and the suite cannot disagree.
 */
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { openProfile } from '../helpers/profile-open.js';
import { fileService } from '../helpers/served.js';

const servesFiles = (t: { serves: readonly string[] }) => (['tftp', 'http', 'https'].some((s) => t.serves.includes(s)) ? undefined : 'the target serves no files');

/** Fails on the first finding of `requirement` in any phone's profile. */
async function noFindingOf(ctx: TestContext, requirement: string, expected: string, what: string): Promise<void> {
  fileService(ctx);
  for (const phone of ctx.phones) {
    const opened = await openProfile(ctx, phone);
    const f = opened.parsed.findings.find((x) => x.requirement === requirement && x.severity !== 'info');
    if (f) fail({ requirementId: requirement, expected, observed: `${f.code} at line ${f.line}:${f.column}: ${f.message}`, message: `the profile of ${phone.mac} (/${phone.profilePath}) ${what}` });
  }
}

export const profileShapeTests = [
  defineTest({
    id: 'profile.shape.within-limits', title: 'Served profiles stay within size, depth and count bounds', requirements: ['X-PROF-003'], applies: servesFiles,
    why: 'A profile beyond the bounds (4 MiB also after inflation, depth 16, 100000 parameters, 256-character names, 65536-character values) is refused whole, so none of it is applied.',
    procedure: { setup: 'The run\'s phones and their profiles.', stimulus: 'Fetch each phone\'s profile at its rule path, decrypt with the declared key/IKM, inflate.', criteria: 'lib/profile reports no limit-exceeded finding (X-PROF-003).' },
    async run(ctx) {
      await noFindingOf(ctx, 'X-PROF-003', 'a profile within the X-PROF-003 bounds', 'exceeds a profile bound');
    },
  }),
  defineTest({
    id: 'profile.shape.ua-only', title: 'Parameters carry no attribute but ua', requirements: ['X-PROF-004'], applies: servesFiles,
    why: 'SPA-era attributes such as group="Section/Page" are not part of the MPP open format; a phone ignores them, so whatever the server meant by them is lost.',
    procedure: { setup: 'As profile.shape.within-limits.', stimulus: 'Fetch, decrypt and inflate each phone\'s profile.', criteria: 'No parameter element has an attribute other than ua (finding attribute-unknown).' },
    async run(ctx) {
      await noFindingOf(ctx, 'X-PROF-004', 'only the ua attribute on parameter elements', 'puts attributes other than ua on a parameter');
    },
  }),
  defineTest({
    id: 'profile.shape.flat', title: 'Profiles are flat: parameters hold only text', requirements: ['X-PROF-005'], applies: servesFiles,
    why: 'A child of <flat-profile> that contains elements is a block the phone does not apply (it sets nothing), and stray text in the wrappers signals a generator bug.',
    procedure: { setup: 'As profile.shape.within-limits.', stimulus: 'Fetch, decrypt and inflate each phone\'s profile.', criteria: 'No nested-element, stray-text or device-extra-child finding (X-PROF-005).' },
    async run(ctx) {
      await noFindingOf(ctx, 'X-PROF-005', 'one text-only parameter element per child of <flat-profile>', 'is not flat');
    },
  }),
];
