/**
 * Access parameters in the profiles a target serves (ACCESS-010, ACCESS-003), judged on each run
 * phone's profile as fetched; n/a when no served profile sets them.
 */
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { servedProfiles } from '../helpers/served-params.js';

/** RFC 1123 host name (an FQDN, optionally with a trailing dot). */
const FQDN = /^(?=.{1,253}\.?$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\.?$/;

export const accessProfileTests = [
  defineTest({
    id: 'access.profile.user-password-form', title: 'User_Password is empty or 4-127 characters', requirements: ['ACCESS-010'],
    why: 'A User_Password of another length is not accepted by the phone, which then keeps its old password or none.',
    procedure: { setup: 'The run\'s phones.', stimulus: 'Fetch each phone\'s profile.', criteria: 'Every User_Password (else n/a) is an empty pair, self-closing, or 4..127 characters.' },
    async run(ctx) {
      let seen = 0;
      for (const sp of await servedProfiles(ctx)) {
        for (const p of sp.params ?? []) {
          if (p.name !== 'User_Password') continue;
          seen++;
          if (p.value !== '' && (p.value.length < 4 || p.value.length > 127)) fail({ requirementId: 'ACCESS-010', expected: 'empty, or 4..127 characters', observed: `${p.value.length} characters`, message: `${sp.url}: User_Password has ${p.value.length} characters`, ...(sp.packet ? { packet: sp.packet } : {}) });
        }
      }
      if (seen === 0) notApplicable('no served profile sets User_Password');
    },
  }),
  defineTest({
    id: 'access.profile.restricted-domains', title: 'Restricted_Access_Domains is a list of FQDNs', requirements: ['ACCESS-003', 'ACCESS-002'],
    why: 'The phone refuses resync, upgrade and SIP servers outside this list; a malformed entry locks it out of its own provider.',
    procedure: { setup: 'The run\'s phones.', stimulus: 'Fetch each phone\'s profile.', criteria: 'Restricted_Access_Domains (else n/a) is a comma-separated list of host names.' },
    async run(ctx) {
      let seen = 0;
      for (const sp of await servedProfiles(ctx)) {
        for (const p of sp.params ?? []) {
          if (p.name !== 'Restricted_Access_Domains' || p.value === '') continue;
          seen++;
          const bad = p.value.split(',').map((d) => d.trim()).find((d) => !FQDN.test(d));
          if (bad !== undefined) fail({ requirementId: 'ACCESS-003', expected: 'comma-separated FQDNs', observed: JSON.stringify(bad), message: `${sp.url}: Restricted_Access_Domains entry ${JSON.stringify(bad)} is not an FQDN`, ...(sp.packet ? { packet: sp.packet } : {}) });
        }
      }
      if (seen === 0) notApplicable('no served profile sets Restricted_Access_Domains');
    },
  }),
];
