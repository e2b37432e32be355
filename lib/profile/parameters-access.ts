/**
 * Access control: passwords, web and LCD access, user mode, domains, firewall (S_ACC, S_PW,
 * S_WEB, AGCOPY).
 */
import type { ParameterDef } from './parameters-types.js';

const area = 'System / access';

export const ACCESS_PARAMETERS: readonly ParameterDef[] = [
  {
    name: 'User_Password', type: { kind: 'password', minLength: 4, maxLength: 127 }, default: undefined, source: 'S_PW', requirements: ['ACCESS-010', 'ACCESS-006', 'ACCESS-007', 'ACCESS-008', 'ACCESS-009'], area,
    note: 'empty (<User_Password /> or <User_Password></User_Password>) = no password; factory state: no password',
  },
  { name: 'Admin_Password', type: { kind: 'password' }, default: undefined, source: 'S_ACC', requirements: ['ACCESS-001'], area, note: 'length rule not in the sources' },
  { name: 'Enable_Web_Server', type: { kind: 'bool' }, default: 'Yes', source: 'S_RES, S_WEB', requirements: ['ACCESS-004'], area },
  { name: 'Enable_Web_Admin_Access', type: { kind: 'bool' }, default: undefined, source: 'S_ACC', requirements: ['ACCESS-002', 'ACCESS-005'], area, note: 'default not in the sources' },
  { name: 'Web_Server_Port', type: { kind: 'int', min: 1, max: 65535 }, default: undefined, source: 'S_WEB', requirements: ['ACCESS-005'], area, note: 'default not in the sources' },
  { name: 'Phone-UI-User-Mode', type: { kind: 'bool' }, default: undefined, source: 'PG20', requirements: ['PROF-011'], area, note: 'default not in the sources' },
  { name: 'Phone-UI-readonly', type: { kind: 'bool' }, default: undefined, source: 'S_ACC', requirements: ['ACCESS-002'], area, note: 'LCD user access; default not in the sources' },
  { name: 'Restricted_Access_Domains', type: { kind: 'domain-list' }, default: undefined, source: 'AGCOPY, S_ACC', requirements: ['ACCESS-003'], area, note: 'empty = no restriction (assumed)' },
  {
    name: 'Profile_Authentication_Type', type: { kind: 'string' }, default: undefined, source: 'AG78_206', requirements: ['HTTP-022'], area,
    note: 'values not retrieved; not type-checked',
  },
  { name: 'Firewall', type: { kind: 'enum', values: ['Enabled', 'Disabled'] }, default: 'Enabled', source: 'AGCOPY', requirements: ['CONG-004', 'DHCP-021'], area: 'System / Security' },
  {
    name: 'Firewall_Config', type: { kind: 'option-list', values: ['NO_CISCO_TFTP', 'NO_ICMP_PING', 'NO_ICMP_UNREACHABLE'] }, default: undefined, source: 'AGCOPY', requirements: ['TFTP-004', 'CONG-005'], area: 'System / Security',
    note: 'only the options named in the catalogue are known; extra port openings are not modelled',
  },
];
