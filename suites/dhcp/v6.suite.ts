/** DHCPv6 provisioning (options 17, 59/160-style): not exercised yet, reported as n/a with the reason. */
import { defineTest } from '../../lib/runner/define.js';

export const dhcpv6Tests = [
  defineTest({
    id: 'dhcp.v6.provisioning-options', title: 'DHCPv6 carries the provisioning server', requirements: ['DHCP-001'], needs: ['dhcp'],
    applies: () => 'DHCPv6 is not exercised yet: the lab and the emulator are IPv4-only for now (issue 6 part 2: DHCPv6 rows n/a)',
    why: 'Phones on IPv6-only networks learn the provisioning server from DHCPv6 options 17, 160 and 159.',
    procedure: { setup: 'An IPv6 lab segment (not available yet).', stimulus: 'SOLICIT/REQUEST with an ORO for 17, 159, 160.', criteria: 'The REPLY carries a provisioning option that leads to the profile.' },
    async run() {
      // Never runs: applies() makes it n/a until the emulator speaks DHCPv6.
    },
  }),
];
