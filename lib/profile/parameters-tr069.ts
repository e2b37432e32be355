/**
 * Voice > TR-069 parameters (S_TR, AGCOPY). Element names as seen in public MPP profiles;
 * defaults are not given by the catalogue sources.
 */
import type { ParameterDef } from './parameters-types.js';

const area = 'TR-069';
const NO_DEFAULT = 'default not in the sources';

export const TR069_PARAMETERS: readonly ParameterDef[] = [
  { name: 'Enable_TR-069', type: { kind: 'bool' }, default: undefined, source: 'S_TR, AGCOPY', requirements: ['TR69-020', 'DHCP-007'], area, note: NO_DEFAULT },
  { name: 'ACS_URL', type: { kind: 'url', schemes: ['http', 'https'] }, default: undefined, source: 'S_TR', requirements: ['TR69-023', 'DHCP-007'], area, note: 'empty = learn from DHCP 43/125 (DHCP-007)' },
  { name: 'ACS_Username', type: { kind: 'string' }, default: undefined, source: 'S_TR', requirements: ['TR69-029'], area, note: NO_DEFAULT },
  { name: 'ACS_Password', type: { kind: 'password' }, default: undefined, source: 'S_TR', requirements: ['TR69-029'], area, note: NO_DEFAULT },
  { name: 'BACKUP_ACS_URL', type: { kind: 'url', schemes: ['http', 'https'] }, default: undefined, source: 'S_ACT', requirements: ['TR69-023'], area, note: NO_DEFAULT },
  { name: 'BACKUP_ACS_User', type: { kind: 'string' }, default: undefined, source: 'S_ACT', requirements: ['TR69-029'], area, note: NO_DEFAULT },
  { name: 'BACKUP_ACS_Password', type: { kind: 'password' }, default: undefined, source: 'S_ACT', requirements: ['TR69-029'], area, note: 'appears (commented out) in the seed example' },
  { name: 'Connection_Request_Username', type: { kind: 'string' }, default: undefined, source: 'TR69A2', requirements: ['TR69-015'], area, note: NO_DEFAULT },
  { name: 'Connection_Request_Password', type: { kind: 'password' }, default: undefined, source: 'TR69A2', requirements: ['TR69-015'], area, note: NO_DEFAULT },
  { name: 'Periodic_Inform_Enable', type: { kind: 'bool' }, default: undefined, source: 'S_TR', requirements: ['TR69-005'], area, note: NO_DEFAULT },
  { name: 'Periodic_Inform_Interval', type: { kind: 'int', min: 1, max: 0xffffffff, unit: 's' }, default: undefined, source: 'S_TR', requirements: ['TR69-005'], area, note: `${NO_DEFAULT}; range assumed` },
];
