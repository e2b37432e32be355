/**
 * Voice > Provisioning > Configuration Profile parameters (resync scheduling, profile rules,
 * triggers, DHCP option order). Defaults cite the catalogue's source keys.
 */
import type { ParameterDef } from './parameters-types.js';

const area = 'Provisioning / Configuration Profile';
const U32 = 0xffffffff;
const RANGE_NOTE = 'range not given by the sources; provcert accepts 0-4294967295';

export const PROVISIONING_PARAMETERS: readonly ParameterDef[] = [
  { name: 'Provision_Enable', type: { kind: 'bool' }, default: 'Yes', source: 'AG68', requirements: ['RESYNC-001'], area },
  { name: 'Resync_On_Reset', type: { kind: 'bool' }, default: 'Yes', source: 'AG68', requirements: ['RESYNC-002'], area },
  { name: 'Resync_Random_Delay', type: { kind: 'int', min: 0, max: 65535, unit: 'x 20 s' }, default: '2', source: 'AG68, SPACFG', requirements: ['RESYNC-003', 'CONG-002'], area },
  {
    name: 'Resync_At__HHmm_', type: { kind: 'hhmm' }, default: '', source: 'AG78_257, PG30', requirements: ['RESYNC-004'], area,
    note: 'web field "Resync At (HHmm)" (PROF-002 naming); the catalogue writes it Resync_At',
  },
  { name: 'Resync_At_Random_Delay', type: { kind: 'int', min: 0, max: 65535, unit: 's' }, default: '600', source: 'AG78_257, PG30', requirements: ['RESYNC-005', 'CONG-003'], area },
  {
    name: 'Resync_Periodic', type: { kind: 'schedule' }, default: undefined, source: 'AG88CH, SPACFG, AG88_110', requirements: ['RESYNC-006', 'RESYNC-007', 'HTTP-006'], area,
    note: 'MPP default not retrieved (catalogue: unknown); SPA-family guides give 3600',
  },
  { name: 'Resync_Error_Retry_Delay', type: { kind: 'schedule' }, default: '3600', source: 'AG68P, PG30, AG88_110', requirements: ['RESYNC-008', 'RESYNC-007', 'PROF-016', 'HTTP-014'], area,
    note: '0: MPP guide says no retry, SPA guides say immediate retry' },
  { name: 'Forced_Resync_Delay', type: { kind: 'int', min: 0, max: U32, unit: 's' }, default: '14400', source: 'AG68P, SPACFG', requirements: ['RESYNC-010'], area, note: RANGE_NOTE },
  { name: 'Resync_From_SIP', type: { kind: 'bool' }, default: 'Yes', source: 'AG68P', requirements: ['SIP-001'], area },
  { name: 'Resync_After_Upgrade_Attempt', type: { kind: 'bool' }, default: 'Yes', source: 'AG68P', requirements: ['RESYNC-011'], area },
  {
    name: 'Resync_Trigger_n', type: { kind: 'trigger' }, default: '', source: 'AG68P, PG30', requirements: ['RESYNC-012', 'PROF-020', 'SIP-003'], area,
    indexes: [{ from: 1, to: 2, what: 'trigger' }],
  },
  { name: 'Resync_Fails_On_FNF', type: { kind: 'bool' }, default: 'Yes', source: 'PG33, AG68P', requirements: ['PROF-040', 'HTTP-012'], area },
  { name: 'Profile_Rule', type: { kind: 'rule' }, default: '/$PSN.xml', source: 'AG68P', requirements: ['PROF-014', 'PROF-015', 'PROF-017', 'PROF-023', 'EDOS-005'], area },
  ...(['B', 'C', 'D'] as const).map((x): ParameterDef => ({
    name: `Profile_Rule_${x}`, type: { kind: 'rule' }, default: undefined, source: 'AG88CH, AG68P', requirements: ['PROF-015', 'PROF-017', 'PROF-009'], area,
    note: 'default not stated in the catalogue rows',
  })),
  {
    name: 'Transport_Protocol', type: { kind: 'string' }, default: undefined, source: 'catalogue gaps', requirements: ['TFTP-001'], area,
    note: 'values and default not retrieved (catalogue: unknown); not type-checked',
  },
  { name: 'DHCP_Option_To_Use', type: { kind: 'int-list', min: 1, max: 254 }, default: '66,160,159,150,60,43,125', source: 'AGCOPY', requirements: ['DHCP-002'], area },
  { name: 'DHCPv6_Option_To_Use', type: { kind: 'int-list', min: 1, max: 65535 }, default: '17,160,159', source: 'AGCOPY', requirements: ['DHCP-003'], area },
  { name: 'Report_Rule', type: { kind: 'rule' }, default: undefined, source: 'SPAREP', requirements: ['SIP-006'], area, note: 'SPA-era; MPP support unknown' },
  {
    name: 'IKM_HTTP_Encrypt_Content', type: { kind: 'password' }, default: undefined, source: 'AG88_105', requirements: ['ENC-009', 'ENC-008'], area,
    note: 'secret: never shown in config reports; IKM format not in the sources',
  },
];
