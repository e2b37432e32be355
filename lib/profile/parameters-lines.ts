/**
 * Per-line SIP parameters (indexed Name_n_, PROF-003), speed dials (the PROF-005 example) and
 * the general purpose parameters GPP_A..GPP_P, GPP_SA..GPP_SD.
 */
import type { ParameterDef } from './parameters-types.js';

/**
 * Lines 1..16: the number of lines is model-dependent and not in the sources; the largest
 * index in the public profiles we read is 12. 16 is provcert's bound.
 */
const LINES = { from: 1, to: 16, what: 'line (Ext tab)' } as const;
const LINE_NOTE = 'number of lines is model-dependent (not in the sources); provcert accepts 1-16';
const ext = 'Ext (n)';

export const LINE_PARAMETERS: readonly ParameterDef[] = [
  { name: 'Line_Enable_n_', type: { kind: 'bool' }, default: undefined, source: 'PG18', requirements: ['PROF-003'], indexes: [LINES], area: ext, note: LINE_NOTE },
  { name: 'Proxy_n_', type: { kind: 'host-port' }, default: undefined, source: 'PG18', requirements: ['PROF-003'], indexes: [LINES], area: ext, note: LINE_NOTE },
  { name: 'User_ID_n_', type: { kind: 'string' }, default: undefined, source: 'PG18', requirements: ['PROF-003'], indexes: [LINES], area: ext, note: LINE_NOTE },
  { name: 'Password_n_', type: { kind: 'password' }, default: undefined, source: 'PG18, AG68SIP', requirements: ['PROF-003', 'SIP-004'], indexes: [LINES], area: ext, note: LINE_NOTE },
  { name: 'Auth_ID_n_', type: { kind: 'string' }, default: undefined, source: 'PG18', requirements: ['PROF-003'], indexes: [LINES], area: ext, note: LINE_NOTE },
  { name: 'Display_Name_n_', type: { kind: 'string' }, default: undefined, source: 'PG18', requirements: ['PROF-003'], indexes: [LINES], area: ext, note: LINE_NOTE },
  {
    name: 'Dial_Plan_n_', type: { kind: 'string' }, default: undefined, source: 'PG18, AG88_100', requirements: ['PROF-003', 'PROF-013'], indexes: [LINES], area: ext,
    note: `${LINE_NOTE}; the AG88_100 escape example is a dial plan`,
  },
  {
    name: 'Speed_Dial_n_m_', type: { kind: 'string' }, default: undefined, source: 'PG18', requirements: ['PROF-005', 'PROF-003'], area: 'User (m)',
    indexes: [{ from: 2, to: 9, what: 'speed dial' }, { from: 1, to: 16, what: 'user tab' }],
    note: 'PG18 example <Speed_Dial_2_2_ ua="rw"/>; speed dials 2-9 as in the example, user tabs bounded like lines',
  },
];

const gppArea = 'Provisioning / General Purpose Parameters';

export const GPP_PARAMETERS: readonly ParameterDef[] = [
  ...'ABCDEFGHIJKLMNOP'.split('').map((x): ParameterDef => ({
    name: `GPP_${x}`, type: { kind: 'string' }, default: undefined, source: 'PG18, PGMAC, SPA48', requirements: ['PROF-022', 'PROF-036', 'HTTP-005', 'PROF-037'], area: gppArea,
    note: 'default not stated in the catalogue (guides start test procedures from empty GPPs)',
  })),
  ...['SA', 'SB', 'SC', 'SD'].map((x): ParameterDef => ({
    name: `GPP_${x}`, type: { kind: 'password' }, default: undefined, source: 'PGMAC, SPA46', requirements: ['ENC-007', 'PROF-036'], area: gppArea,
    note: 'secret (keys/passwords); $S* expands only as a --key argument',
  })),
];
