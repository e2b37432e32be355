/**
 * Voice > Provisioning > Firmware Upgrade, Peer Firmware Sharing and the Log_*_Msg templates.
 */
import type { ParameterDef } from './parameters-types.js';

const area = 'Provisioning / Firmware Upgrade';
const logs = 'Provisioning / log templates';

export const FIRMWARE_PARAMETERS: readonly ParameterDef[] = [
  { name: 'Upgrade_Enable', type: { kind: 'bool' }, default: 'Yes', source: 'WXFW, PG33', requirements: ['UPG-001', 'EDOS-006'], area },
  { name: 'Upgrade_Error_Retry_Delay', type: { kind: 'schedule' }, default: '3600', source: 'WXFW, PG30, AG88_110', requirements: ['UPG-002', 'RESYNC-007'], area },
  {
    name: 'Upgrade_Rule', type: { kind: 'rule' }, default: undefined, source: 'PG33, AG88_113', requirements: ['UPG-003', 'UPG-005', 'UPG-007', 'DHCP-006'], area,
    note: 'default not stated in the catalogue rows; no URL options, server mandatory',
  },
  {
    name: 'Peer_Firmware_Sharing', type: { kind: 'bool' }, default: undefined, source: 'S_PFS, AG78_206', requirements: ['PFS-006', 'PFS-005'], area,
    note: 'added in 11.2(1); default not in the sources',
  },
  {
    name: 'Peer_Firmware_Sharing_Log_Server', type: { kind: 'host-port' }, default: undefined, source: 'S_PFS, AG78_206', requirements: ['PFS-004'], area,
    note: 'UDP syslog host[:port]; the port defaults to 514',
  },
  ...(['Request', 'Success', 'Failure'] as const).map((x): ParameterDef => ({
    name: `Log_Upgrade_${x}_Msg`, type: { kind: 'string' }, default: undefined, source: 'SPAUPG', requirements: ['LOG-003', 'LOG-002', 'PROF-024'], area: logs,
    note: 'MPP default not retrieved; SPA guides give a $PN $MAC ... template (LOG-003)',
  })),
  ...(['Request', 'Success', 'Failure'] as const).map((x): ParameterDef => ({
    name: `Log_${x}_Msg`, type: { kind: 'string' }, default: undefined, source: 'PG23, PGMAC', requirements: ['LOG-002', 'PROF-024'], area: logs,
    note: 'resync log template; default not retrieved',
  })),
  ...(['Request', 'Success', 'Failure'] as const).map((x): ParameterDef => ({
    name: `Log_Resync_${x}_Msg`, type: { kind: 'string' }, default: undefined, source: 'PG23, PGMAC', requirements: ['LOG-002', 'PROF-024'], area: logs,
    note: 'SPA-era name of the resync log template (seen in public SPA templates); default not retrieved',
  })),
  { name: 'Syslog_Server', type: { kind: 'host-port' }, default: undefined, source: 'AG68', requirements: ['LOG-001'], area: 'System / Optional Network Configuration', note: 'UDP syslog host[:port]; default not in the sources' },
];
