/**
 * docs/model.md, generated from the model itself (issue 3 item 3): the state diagram from the
 * state unions and the `to` column of TRANSITIONS, every timer with its parameter and default,
 * every event and effect type, and the traceability table: every `phone`/`both` requirement of
 * the catalogue -> the transitions that implement it, or "not modelled: reason".
 * Record<Union, ...> tables below make the compiler reject a new state, timer, event or effect
 * that is not documented here.
 */
import catalogue from '../requirements/catalogue.json' with { type: 'json' };
import type { EffectType } from './effects.js';
import type { PhoneEventType } from './events.js';
import { NOT_MODELLED } from './not-modelled.js';
import { MODEL_DEFAULTS } from './params.js';
import type { AccessState, DhcpPhase, LinkPhase, OnboardingPhase, PowerPhase, ResyncPhase, TimerName, UpgradePhase } from './state.js';
import { TRANSITIONS } from './transitions.js';
import { TR69_DEFAULTS } from './tr69/params.js';
import type { Tr69Phase } from './tr69/types.js';
import { LOSS_BEHAVIOUR } from './congestion.js';
import { PFS_DEFAULTS } from './pfs/params.js';
import { PFS_ELECTION_WINDOW_MS, PFS_RELAY_WINDOW_MS, type PfsPhase } from './pfs/types.js';

const keys = <K extends string>(r: Readonly<Record<K, true>>): K[] => Object.keys(r) as K[];

/** Every slice and its states (a Record per union: completeness is checked by the compiler). */
const SLICES: Readonly<Record<string, readonly string[]>> = {
  power: keys<PowerPhase>({ off: true, running: true }),
  link: keys<LinkPhase>({ down: true, up: true }),
  dhcp: keys<DhcpPhase>({ idle: true, selecting: true, requesting: true, bound: true, renewing: true, rebinding: true }),
  resync: keys<ResyncPhase>({ idle: true, scheduled: true, deferred: true, fetching: true, decoding: true }),
  upgrade: keys<UpgradePhase>({ idle: true, 'waiting-idle': true, fetching: true, installed: true, 'retry-wait': true }),
  onboarding: keys<OnboardingPhase>({ none: true, 'activation-server': true, 'activation-code-screen': true, activating: true, done: true }),
  access: keys<AccessState['setPassword']>({ pending: true, bypassed: true, shown: true }),
  tr69: keys<Tr69Phase>({ disabled: true, idle: true, informing: true, 'cpe-requests': true, 'acs-requests': true, 'retry-wait': true }),
  pfs: keys<PfsPhase>({ off: true, electing: true, 'waiting-root': true, 'root-fetching': true, relaying: true, 'peer-fetching': true, fallback: true }),
};

const defaultOf = (p: string) => MODEL_DEFAULTS[p] ?? TR69_DEFAULTS[p] ?? PFS_DEFAULTS[p] ?? '';

const TIMERS: Readonly<Record<TimerName, { readonly parameter: string; readonly default: string; readonly what: string }>> = {
  resync: { parameter: 'Resync_Random_Delay (x20 s) / Resync_Periodic / Resync_Error_Retry_Delay / Resync_At + Resync_At_Random_Delay', default: `${defaultOf('Resync_Random_Delay')} / ${defaultOf('Resync_Periodic')} / ${defaultOf('Resync_Error_Retry_Delay')} / '${defaultOf('Resync_At')}' + ${defaultOf('Resync_At_Random_Delay')}`, what: 'the next resync of kind $PRVST' },
  'forced-resync': { parameter: 'Forced_Resync_Delay', default: defaultOf('Forced_Resync_Delay'), what: 'a resync deferred by a call runs anyway' },
  'upgrade-retry': { parameter: 'Upgrade_Error_Retry_Delay', default: defaultOf('Upgrade_Error_Retry_Delay'), what: 'retry of a failed upgrade' },
  'dhcp-retransmit': { parameter: '(RFC 2131 4.1)', default: '4, 8, 16, 32, 64 s +-1 s', what: 'DISCOVER/REQUEST retransmission' },
  'dhcp-t1': { parameter: 'option 58', default: '0.5 x lease', what: 'RENEWING' },
  'dhcp-t2': { parameter: 'option 59', default: '0.875 x lease', what: 'REBINDING' },
  'dhcp-lease': { parameter: 'option 51', default: 'lease', what: 'back to INIT' },
  'tr69-periodic': { parameter: 'Periodic_Inform_Enable / Periodic_Inform_Interval', default: `${defaultOf('Periodic_Inform_Enable')} / ${defaultOf('Periodic_Inform_Interval')} s`, what: "a session with '2 PERIODIC'" },
  'tr69-retry': { parameter: 'CWMPRetryMinimumWaitInterval / CWMPRetryIntervalMultiplier', default: '5 s / 2000', what: 'session retry n: random in [5*2^(n-1), 5*2^n] s, n <= 10' },
  'pfs-election': { parameter: `Peer_Firmware_Sharing (default ${defaultOf('Peer_Firmware_Sharing')})`, default: `${PFS_ELECTION_WINDOW_MS / 1000} s per round; ${PFS_RELAY_WINDOW_MS / 1000} s for the root's image`, what: 'CPPDP election window (X-PFS-003); a peer waiting for its root (X-PFS-006)' },
  'pfs-relay': { parameter: '(X-PFS-004)', default: `${PFS_RELAY_WINDOW_MS / 1000} s`, what: 'a PFS root stops relaying and reboots' },
};

const EVENTS: Readonly<Record<PhoneEventType, string>> = {
  'power-up': 'power applied (also after a reboot effect)', 'link-down': 'Ethernet link lost', 'link-up': 'Ethernet link back',
  'factory-reset': 'factory reset from the keypad/web', timer: 'an armed timer expires (virtual clock)',
  'dhcp-offer': 'DHCPOFFER', 'dhcp-ack': 'DHCPACK', 'dhcp-nak': 'DHCPNAK', 'fetch-result': 'answer to a fetch effect (HTTP status/TFTP/no answer)',
  'decrypt-result': 'result of a decrypt effect', 'gunzip-result': 'result of a gunzip effect', 'call-start': 'a line goes off-hook/active',
  'call-end': 'a line goes idle', 'sip-notify': 'SIP NOTIFY with its Event header', 'web-request': 'request to the phone web server',
  'web-submit': 'web UI Submit All Changes', 'keypad-resync': 'keypad Profile Rule + Resync', 'activation-code': 'activation code typed on the gds:// screen',
  'cwmp-response': "the ACS's HTTP answer to the CPE's last CWMP POST", 'connection-request': 'HTTP request to the TR-069 connection request URL',
  'parameter-change': 'a parameter changed locally (TR-069 notification)', 'tr69-download-result': 'result of a tr69-download effect',
  'pfs-message': 'a CPPDP message from another phone: announce (UDP 4051), image-ready, root-failed, copied (TCP 4051)', 'pfs-peer-gone': 'CPPDP lost a phone of the subnet',
};

const EFFECTS: Readonly<Record<EffectType, string>> = {
  'send-dhcp': 'send a DHCP message', 'send-sip-response': 'answer a SIP request', 'web-response': 'answer a web request',
  fetch: 'GET/POST/TFTP RRQ a profile, firmware or activation URL', decrypt: 'decrypt a body (openssl enc or aes128gcm)', gunzip: 'inflate a body',
  'start-timer': 'arm a timer', 'cancel-timer': 'disarm a timer', reboot: 'reboot (the driver feeds power-up)', 'apply-profile': 'store profile parameters',
  'show-screen': 'show an LCD screen', log: 'debug log line', syslog: 'syslog message (to Syslog_Server, or to Peer_Firmware_Sharing_Log_Server for PFS)',
  'notify-peer': 'CPPDP message to the subnet (UDP 4051) or to one phone (TCP 4051)', 'peer-fetch': 'copy the firmware image from the PFS root (TCP 6970)',
  'send-cwmp': 'POST a CWMP body (lib/codec/cwmp) or an empty POST to the ACS', 'connection-request-response': 'answer a connection request',
  'tr69-download': 'transfer the file of a Download RPC',
};

export interface TraceRow {
  readonly id: string;
  readonly subject: string;
  readonly level: string;
  readonly title: string;
  readonly transitions: readonly string[];
  readonly notModelled?: string;
}

/** Every phone/both catalogue requirement with the transitions that implement it or its reason. */
export function traceability(): TraceRow[] {
  const rows = (catalogue as { id: string; subject: string; level: string; title: string }[]).filter((r) => r.subject !== 'server');
  return rows.map((r) => {
    const transitions = TRANSITIONS.filter((t) => t.requirementIds.includes(r.id)).map((t) => t.id);
    const nm = NOT_MODELLED.find((n) => n.id === r.id);
    return { id: r.id, subject: r.subject, level: r.level, title: r.title, transitions, ...(nm ? { notModelled: nm.reason } : {}) };
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function diagram(): string[] {
  const out: string[] = ['```mermaid', 'stateDiagram-v2'];
  for (const [slice, states] of Object.entries(SLICES)) {
    out.push(`  state ${slice} {`);
    for (const st of states) out.push(`    ${slice}_${st.replace(/-/g, '_')} : ${st}`);
    const edges = new Set<string>();
    for (const t of TRANSITIONS) {
      if (t.to === undefined || !t.to.startsWith(`${slice}:`)) continue;
      const [fs, fl] = t.from.split(':') as [string, string | undefined];
      if (fs !== slice) continue;
      const froms = fl === undefined || fl === '*' ? states : fl.split('|');
      const to = t.to.slice(slice.length + 1);
      for (const f of froms) if (f !== to) edges.add(`    ${slice}_${f.replace(/-/g, '_')} --> ${slice}_${to.replace(/-/g, '_')} : ${t.id}`);
    }
    out.push(...edges, '  }');
  }
  out.push('```');
  return out;
}

export function renderModelDoc(): string {
  const trace = traceability();
  const unmapped = trace.filter((r) => r.transitions.length === 0 && r.notModelled === undefined).length;
  return [
    '<!-- generated by `npm run docs` from lib/phone-model (doc.ts): do not edit by hand -->',
    '# Phone model: states, timers, events, effects and traceability',
    '',
    'Generated from `lib/phone-model`: the state unions of `state.ts`, `TRANSITIONS`, `NOT_MODELLED`, the',
    'timer/event/effect tables of `doc.ts` and the requirement catalogue. Decisions and vocabulary are in',
    '[model-notes.md](model-notes.md); `provcert model check` runs the properties of `suites/*/*.model.ts`.',
    '',
    '## States',
    '',
    'One box per sub-machine; an arrow is a transition whose row records the state it enters (`to`).',
    'Rows without that column stay in their state or act on another slice (logs, ignored events, the',
    'per-fetch outcome rows); the transition table below lists every row.',
    '',
    ...diagram(),
    '',
    '## Timers',
    '',
    '| timer | parameter | default | what |',
    '|---|---|---|---|',
    ...Object.entries(TIMERS).map(([n, t]) => `| \`${n}\` | ${cell(t.parameter)} | ${cell(t.default)} | ${cell(t.what)} |`),
    '',
    '## Behaviour under loss',
    '',
    'Generated from `LOSS_BEHAVIOUR` (congestion.ts): every retry or spread mechanism, its gap and its limit.',
    '',
    '| mechanism | timer | gap | limit | transitions | requirements |',
    '|---|---|---|---|---|---|',
    ...LOSS_BEHAVIOUR.map((l) => `| ${cell(l.mechanism)} | \`${l.timer}\` | ${cell(l.gap)} | ${cell(l.limit)} | ${l.transitions.map((x) => `\`${x}\``).join(', ')} | ${l.requirementIds.join(', ')} |`),
    '',
    '## Events',
    '',
    '| event | what |',
    '|---|---|',
    ...Object.entries(EVENTS).map(([n, w]) => `| \`${n}\` | ${cell(w)} |`),
    '',
    '## Effects',
    '',
    '| effect | what |',
    '|---|---|',
    ...Object.entries(EFFECTS).map(([n, w]) => `| \`${n}\` | ${cell(w)} |`),
    '',
    '## Transitions',
    '',
    '| id | from | event | guard | to | requirements |',
    '|---|---|---|---|---|---|',
    ...TRANSITIONS.map((t) => `| \`${t.id}\` | ${cell(t.from)} | ${cell(t.event)} | ${cell(t.guard)} | ${cell(t.to ?? '')} | ${t.requirementIds.join(', ')} |`),
    '',
    '## Traceability: phone and both requirements',
    '',
    `${trace.length} requirements; ${trace.filter((r) => r.transitions.length > 0).length} implemented by transitions, ${trace.filter((r) => r.notModelled !== undefined && r.transitions.length === 0).length} not modelled, ${unmapped} unmapped.`,
    '',
    '| requirement | subject | level | title | implemented by |',
    '|---|---|---|---|---|',
    ...trace.map((r) => `| ${r.id} | ${r.subject} | ${r.level} | ${cell(r.title)} | ${r.transitions.length > 0 ? r.transitions.map((x) => `\`${x}\``).join(', ') : r.notModelled !== undefined ? `not modelled: ${cell(r.notModelled)}` : '**UNMAPPED**'} |`),
    '',
  ].join('\n');
}
