/**
 * Names the DHCP options carry must resolve (DHCP-004, DHCP-005): a host name in option 66, in the
 * option 160 URL or in an ACS URL (43.1, 125.11) is useless to a phone that cannot look it up with the
 * DNS server of option 6. Judged with the lab DNS (the target's own, or the lab services' that lab mode
 * starts for targets without DNS, lib/lab/services), and on loopback with the target's own DNS on its
 * unprivileged port (builtin; recorded as a lab adaptation).
 */
import { viewOptions } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { acsUndeclared, cwmpOffer, dora } from '../helpers/dhcp-flows.js';
import { dnsUnavailable, lookupA, phoneDnsServer } from '../helpers/dns-lookup.js';
import { optionHostNames, type OptionName } from './option-names.js';

/** ACS URL names: only from targets that declare an ACS (the cwmp suite judges the options themselves). */
async function acsNames(ctx: TestContext): Promise<OptionName[]> {
  if (acsUndeclared(ctx.target) !== undefined) return [];
  const offer = await cwmpOffer(ctx, 'DHCP-009');
  return optionHostNames(offer.value).filter((n) => n.sources.some((s) => s === '43.1' || s === '125.11'));
}

export const dnsTests = [
  defineTest({
    id: 'dns.options.names-resolve', title: 'Host names in the provisioning options resolve', requirements: ['DHCP-004', 'DHCP-005'], needs: ['dhcp'],
    applies: (t) => { const why = dnsUnavailable(t); return why === undefined ? undefined : `names are looked up with the DNS server of option 6: ${why}`; },
    why: 'A phone given a name it cannot resolve never reaches its provisioning server.',
    procedure: {
      setup: 'Lab mode with the lab DNS server handed out in option 6; on loopback a target that serves DNS itself (asked on its unprivileged port).',
      stimulus: 'DORA (and, for targets with an ACS, a dslforum.org DISCOVER); an A query for every host name of option 66, the option 160 URL and the ACS URLs (43.1, 125.11) to the option 6 server.',
      criteria: 'Every such name (IP literals excepted) has an A record; n/a when the options carry no name.',
    },
    async run(ctx) {
      const { ack } = await dora(ctx, 'DHCP-004');
      const names = [...optionHostNames(ack.value)];
      for (const n of await acsNames(ctx)) if (!names.some((m) => m.name.toLowerCase() === n.name.toLowerCase())) names.push(n);
      if (names.length === 0) notApplicable('the options carry no host name (only addresses)');
      ctx.adapt('DNS: names in DHCP options are resolved with the lab DNS server, not a production resolver');
      const label = (n: OptionName) => `${n.name} (${n.sources.join(', ')})`;
      const listed = names.map(label).join(', ');
      const option6 = viewOptions(ack.value).view.dnsServers?.[0];
      if (option6 === undefined) fail({ requirementId: 'DHCP-004', expected: `option 6 (a DNS server to resolve ${listed})`, observed: 'no option 6', message: `${ack.label}: host names without a DNS server`, packet: ack.bytes });
      const server = phoneDnsServer(ctx, option6);
      if ('unreachable' in server) notApplicable(server.unreachable);
      const missing: OptionName[] = [];
      for (const n of names) {
        const answer = await lookupA(ctx, server.address, n.name, server.port);
        ctx.log(`${label(n)} -> ${answer.length ? answer.join(', ') : 'no A record'} at ${server.address}:${server.port}`);
        if (answer.length === 0) missing.push(n);
      }
      if (missing.length > 0) {
        // DHCP-005: the option 66 name is the host of server-less rules; other names fall under DHCP-004.
        const requirementId = missing.some((n) => n.sources.includes('66')) ? 'DHCP-005' : 'DHCP-004';
        const which = missing.map(label).join(', ');
        fail({ requirementId, expected: `an A record for each of ${listed} at ${server.address}:${server.port}`, observed: `no address for ${which}`, message: `${which} does not resolve with the option 6 server` });
      }
    },
  }),
];
