/**
 * Names the DHCP options carry must resolve (DHCP-004, DHCP-005): a host name in option 66 or in
 * the option 160 URL is useless to a phone that cannot look it up with the DNS server of option 6.
 * Only judged with the lab DNS (the target's own, or the lab services' that lab mode starts for targets
 * without DNS, lib/lab/services); on loopback there is none (n/a, recorded as a lab adaptation).
 */
import { isIP } from 'node:net';
import { viewOptions } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { dora } from '../helpers/dhcp-flows.js';
import { lookupA } from '../helpers/dns-lookup.js';
import { locateProfile } from '../helpers/profile-fetch.js';

export const dnsTests = [
  defineTest({
    id: 'dns.options.names-resolve', title: 'Host names in the provisioning options resolve', requirements: ['DHCP-004', 'DHCP-005'], needs: ['dhcp'],
    applies: (t) => (t.labDns ? undefined : t.mode === 'loopback' ? 'names are looked up only with the lab DNS server, which loopback mode does not have' : 'names are looked up only with the lab DNS server, and this run has none'),
    why: 'A phone given a name it cannot resolve never reaches its provisioning server.',
    procedure: { setup: 'Lab mode with the lab DNS server handed out in option 6.', stimulus: 'DORA; an A query for the host of option 66 / the option 160 URL to the option 6 server.', criteria: 'Every such name (IP literals excepted) has an A record.' },
    async run(ctx) {
      ctx.adapt('DNS: names in DHCP options are resolved with the lab DNS server, not a production resolver');
      const { ack } = await dora(ctx, 'DHCP-004');
      const v = viewOptions(ack.value).view;
      const dns = v.dnsServers?.[0];
      const where = locateProfile(ack.value, ctx.phones[0]!);
      const host = 'error' in where ? undefined : where.host;
      if (host === undefined || isIP(host) !== 0) notApplicable('the options carry no host name (only addresses)');
      if (dns === undefined) fail({ requirementId: 'DHCP-004', expected: `option 6 (a DNS server to resolve ${host})`, observed: 'no option 6', message: `${ack.label}: a host name without a DNS server`, packet: ack.bytes });
      const answer = await lookupA(ctx, dns, host);
      if (answer.length === 0) fail({ requirementId: 'DHCP-004', expected: `an A record for ${host} at ${dns}`, observed: 'no address', message: `${host} does not resolve` });
    },
  }),
];
