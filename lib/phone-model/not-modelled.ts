/**
 * Phone-side requirements of the provisioning areas that no transition implements, with the
 * reason. Together with TRANSITIONS this covers every `phone`/`both` row of DHCP, TFTP, HTTP,
 * PROF, RESYNC, UPG, ENC, ACCESS, EDOS, SIP and LOG (test/phone-model/coverage.test.ts).
 * TR69-* are implemented in tr69/, PFS-* in pfs/; CONG-001 by the call-deferral transitions
 * (congestion.ts lists the loss behaviour); the firewall rows CONG-004/005 stay here.
 */
import { requireIds } from '../requirements/index.js';

export interface NotModelled {
  readonly id: string;
  readonly reason: string;
}

const ROWS: readonly NotModelled[] = [
  { id: 'DHCP-003', reason: 'DHCPv6 client not modelled: the model is IPv4-only (DHCPv6_Option_To_Use is stored, never read).' },
  { id: 'DHCP-021', reason: 'Phone firewall ports: a property of the real IP stack, checked by port probes, not a provisioning decision.' },
  { id: 'TFTP-003', reason: 'Local UDP source ports 53240-53245 for non-69 TFTP servers: transport detail of the emulator/real phone.' },
  { id: 'TFTP-004', reason: 'Firewall_Config NO_CISCO_TFTP: firewall options are not modelled (see DHCP-021).' },
  { id: 'HTTP-022', reason: 'Profile account setup screen after 401: LCD UI not modelled; the 401 retry logic itself is (HTTP-011).' },
  { id: 'PROF-011', reason: 'Phone menus and Phone-UI-User-Mode: no UI in the model; ua values are stored (PROF-010).' },
  { id: 'PROF-037', reason: '--alias element remapping: needs an alias-map profile transform lib/profile does not offer; the option is parsed (lib/profile-rule) but ignored.' },
  { id: 'SIP-004', reason: 'Digest challenge of NOTIFYs: unknown for Event: resync (catalogue gap); the model accepts resync NOTIFYs unauthenticated.' },
  { id: 'SIP-006', reason: 'Event: report: MPP support unknown and Report_Rule uploads are out of the provisioning core.' },
  { id: 'LOG-004', reason: 'Syslog identifier placement is message formatting done by the syslog sender (emulator), not a model decision.' },
  { id: 'CONG-004', reason: 'Phone firewall default ports: a property of the real IP stack, checked by port probes (see DHCP-021).' },
  { id: 'CONG-005', reason: 'Firewall hardening options (NO_ICMP_PING, NO_ICMP_UNREACHABLE, extra ports): firewall options are not modelled (see TFTP-004).' },
];

for (const r of ROWS) requireIds([r.id], 'phone-model NOT_MODELLED');

export const NOT_MODELLED: readonly NotModelled[] = ROWS;
