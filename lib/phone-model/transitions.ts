/**
 * Every transition the model can fire, with the requirement IDs it implements. `step` records
 * fired IDs in its result; docs/model.md (generated later) and `model check` read this table.
 * IDs are validated at module load (requireIds): an unknown requirement fails the import.
 */
import { requireIds } from '../requirements/index.js';
import { TR69_ROWS } from './tr69/transitions.js';
import { PFS_ROWS } from './pfs/transitions.js';

export interface Transition {
  /** Dotted, stable: '<machine>.<state-or-event>.<what>'. */
  readonly id: string;
  /** Sub-machine state(s) it leaves, in the state unions of state.ts ('*' = any). */
  readonly from: string;
  /** Event type (events.ts) or internal step that triggers it. */
  readonly event: string;
  readonly guard: string;
  readonly requirementIds: readonly string[];
  /** State entered, when the row records it (used by the generated diagram, docs/model.md). */
  readonly to?: string;
}

type Row = readonly [id: string, from: string, event: string, guard: string, reqs: readonly string[], to?: string];

const ROWS: readonly Row[] = [
  // power, link, calls, web UI, keypad
  ['power.up', 'power:off', 'power-up', 'always; DHCP starts if the link is up', ['RESYNC-015', 'DHCP-001'], 'power:running'],
  ['power.off.ignored', 'power:off', '*', 'any event but power-up on a powered-off phone', ['RESYNC-015']],
  ['power.reboot', 'power:running', 'reboot effect', 'volatile state dropped; config, latch, $UPGST/$UPGERR kept', ['RESYNC-017', 'X-UPG-003'], 'power:off'],
  ['link.down', 'link:up', 'link-down', 'lease and DHCP timers dropped', ['RESYNC-015'], 'link:down'],
  ['link.up', 'link:down', 'link-up', 'new DORA, then a resync (X-RESYNC-002)', ['RESYNC-015', 'X-RESYNC-002'], 'link:up'],
  ['power.factory-reset', '*', 'factory-reset', 'config store cleared, then reboot', ['ACCESS-006', 'EDOS-003']],
  ['timer.stale', '*', 'timer', 'timer not armed (cancelled or re-armed)', ['RESYNC-006']],
  ['call.start', '*', 'call-start', 'line becomes active', ['RESYNC-009', 'UPG-006']],
  ['call.end', '*', 'call-end', 'line becomes idle', ['RESYNC-009', 'UPG-006']],
  ['fetch.stale', '*', 'fetch-result', 'no outstanding request has this id', ['HTTP-014']],
  ['web.submit.reboot', 'power:running', 'web-submit', 'Submit All Changes: store, then reboot', ['RESYNC-017']],
  ['keypad.resync', 'power:running', 'keypad-resync', 'Profile_Rule entered on the keypad, then Resync', ['RESYNC-016', 'TFTP-001']],
  // DHCP client
  ['dhcp.init.discover', 'dhcp:idle|bound|renewing|rebinding', 'power-up|link-up|lease expiry|DHCPNAK', 'new random xid; options 55 and 60', ['DHCP-002', 'DHCP-008', 'DHCP-007'], 'dhcp:selecting'],
  ['dhcp.retransmit', 'dhcp:selecting|requesting', 'timer dhcp-retransmit', '4,8,16,32,64 s +-1 s (RFC 2131 4.1)', ['X-DHCP-022', 'X-CONG-002']],
  ['dhcp.selecting.offer', 'dhcp:selecting', 'dhcp-offer', 'xid matches', ['DHCP-022', 'DHCP-008'], 'dhcp:requesting'],
  ['dhcp.offer.ignored', 'dhcp:*', 'dhcp-offer', 'xid differs or not SELECTING', ['DHCP-018']],
  ['dhcp.requesting.ack', 'dhcp:requesting', 'dhcp-ack', 'xid matches; options per DHCP_Option_To_Use', ['DHCP-001', 'DHCP-002', 'DHCP-005', 'DHCP-007', 'DHCP-011', 'X-DHCP-020', 'X-DHCP-021'], 'dhcp:bound'],
  ['dhcp.renew.ack', 'dhcp:renewing|rebinding', 'dhcp-ack', 'xid matches', ['DHCP-020'], 'dhcp:bound'],
  ['dhcp.ack.ignored', 'dhcp:*', 'dhcp-ack', 'xid differs or no request outstanding', ['DHCP-018']],
  ['dhcp.nak.restart', 'dhcp:requesting|renewing|rebinding', 'dhcp-nak', 'xid matches', ['DHCP-020'], 'dhcp:selecting'],
  ['dhcp.nak.ignored', 'dhcp:*', 'dhcp-nak', 'xid differs or nothing requested', ['DHCP-018']],
  ['dhcp.bound.t1', 'dhcp:bound', 'timer dhcp-t1', 'unicast REQUEST with ciaddr (RENEWING)', ['DHCP-020'], 'dhcp:renewing'],
  ['dhcp.renewing.t2', 'dhcp:renewing', 'timer dhcp-t2', 'broadcast REQUEST (REBINDING)', ['DHCP-020'], 'dhcp:rebinding'],
  ['dhcp.lease.expired', 'dhcp:*', 'timer dhcp-lease', 'back to INIT', ['DHCP-020'], 'dhcp:idle'],
  // resync scheduling
  ['resync.power-up.random-delay', 'resync:idle', 'first DHCPACK after power-up', 'Provision_Enable=Yes, Resync_On_Reset=Yes; wait 0..Resync_Random_Delay x 20 s', ['RESYNC-001', 'RESYNC-002', 'RESYNC-003', 'PROF-032', 'CONG-002'], 'resync:scheduled'],
  ['resync.power-up.disabled', 'resync:idle', 'first DHCPACK after power-up', 'Provision_Enable=No', ['RESYNC-001']],
  ['resync.power-up.no-reset-resync', 'resync:idle', 'first DHCPACK after power-up', 'Resync_On_Reset=No: only the regular schedule', ['RESYNC-002'], 'resync:scheduled'],
  ['resync.link-up', 'resync:*', 'DHCPACK after link-up', 'Provision_Enable=Yes; no random delay', ['RESYNC-015', 'X-RESYNC-002'], 'resync:scheduled'],
  ['resync.explicit.web', 'resync:idle|scheduled|deferred', 'web-request /admin/resync', 'immediate, $PRVST=-1, triggers bypassed', ['HTTP-002', 'RESYNC-012', 'PROF-032', 'X-PROF-042'], 'resync:scheduled'],
  ['resync.explicit.keypad', 'resync:idle|scheduled|deferred', 'keypad-resync', 'immediate, $PRVST=-1', ['RESYNC-016', 'PROF-032'], 'resync:scheduled'],
  ['resync.explicit.disabled', 'resync:*', 'explicit resync request', 'Provision_Enable=No', ['RESYNC-001']],
  ['resync.explicit.busy', 'resync:fetching|decoding', 'explicit resync request', 'a resync is running', ['RESYNC-015']],
  ['resync.timer.disabled', 'resync:scheduled', 'timer resync', 'Provision_Enable=No', ['RESYNC-001']],
  ['resync.timer.trigger-false', 'resync:scheduled', 'timer resync', 'periodic, a trigger is set and none is true', ['RESYNC-012', 'PROF-020'], 'resync:scheduled'],
  ['resync.timer.deferred-by-call', 'resync:scheduled', 'timer resync', 'a line is active', ['RESYNC-009', 'RESYNC-010', 'CONG-001', 'X-CONG-001'], 'resync:deferred'],
  ['resync.timer.start', 'resync:scheduled', 'timer resync', 'lines idle (and trigger true or unset)', ['RESYNC-006', 'RESYNC-015', 'PROF-015', 'PROF-032'], 'resync:fetching'],
  ['resync.deferred.call-ended', 'resync:deferred', 'call-end', 'all lines idle', ['RESYNC-009'], 'resync:fetching'],
  ['resync.deferred.forced', 'resync:deferred', 'timer forced-resync', 'Forced_Resync_Delay elapsed', ['RESYNC-010', 'X-RESYNC-004', 'X-CONG-001'], 'resync:fetching'],
  // rule evaluation
  ['resync.rule.fetch', 'resync:fetching', 'rule evaluation', 'an alternative matched and has a URL', ['PROF-014', 'PROF-015', 'PROF-018', 'PROF-024', 'TFTP-001', 'TFTP-002', 'HTTP-001', 'DHCP-005', 'HTTP-004', 'HTTP-005', 'ENC-004', 'ENC-007', 'HTTP-019', 'HTTP-021', 'PROF-039', 'PROF-025', 'PROF-026', 'PROF-027', 'PROF-028', 'PROF-029', 'PROF-030', 'PROF-031', 'PROF-034', 'PROF-036', 'X-PROF-041']],
  ['resync.rule.skip', 'resync:fetching', 'rule evaluation', 'empty rule or no alternative matches', ['PROF-019']],
  ['resync.rule.error', 'resync:fetching', 'rule evaluation', 'rule unparsable or URL unresolvable (no option 66 server)', ['X-PROF-040', 'DHCP-005', 'RESYNC-008']],
  ['resync.rule.domain-refused', 'resync:fetching', 'rule evaluation', 'host not in Restricted_Access_Domains', ['ACCESS-003', 'X-ACCESS-002']],
  ['resync.rule.sticky-301', 'resync:fetching', 'rule evaluation', 'an earlier 301 for this unchanged rule', ['HTTP-007', 'X-HTTP-022']],
  ['rule.assignment.apply', '*', 'rule evaluation', 'the selected alternative has ( ... )!', ['PROF-022']],
  // fetch outcomes (PG46 table; shared by profile, upgrade and activation fetches)
  ['resync.fetch.http-200', 'resync:fetching', 'fetch-result', 'HTTP 200', ['HTTP-006', 'HTTP-003']],
  ['resync.fetch.http-301', 'resync:fetching', 'fetch-result', 'HTTP 301 with Location: fetch it now, remember it', ['HTTP-007']],
  ['resync.fetch.http-302', 'resync:fetching', 'fetch-result', 'HTTP 302 with Location: fetch it now', ['HTTP-008']],
  ['resync.fetch.redirect-failed', 'resync:fetching', 'fetch-result', '301/302 without Location or past the redirect bound', ['X-HTTP-020', 'HTTP-014']],
  ['resync.fetch.http-401', 'resync:fetching', 'fetch-result', '401/407 and fewer than 2 authenticated retries so far', ['HTTP-011', 'X-HTTP-021', 'PROF-038']],
  ['resync.fetch.http-401.exhausted', 'resync:fetching', 'fetch-result', '401/407 after 2 authenticated retries: outcome C', ['HTTP-011']],
  ['resync.fetch.http-404.fnf', 'resync:fetching', 'fetch-result', 'HTTP 404: outcome B', ['HTTP-012']],
  ['resync.fetch.fnf-as-success', 'resync:fetching', 'fetch-result', 'file not found and Resync_Fails_On_FNF=No', ['PROF-040', 'HTTP-012']],
  ['resync.fetch.http-3xx-other', 'resync:fetching', 'fetch-result', '3xx other than 301/302: outcome C', ['HTTP-009']],
  ['resync.fetch.http-4xx', 'resync:fetching', 'fetch-result', '4xx other than 401/404/407: outcome C', ['HTTP-010']],
  ['resync.fetch.http-5xx', 'resync:fetching', 'fetch-result', '5xx: outcome C', ['HTTP-013']],
  ['resync.fetch.http-other', 'resync:fetching', 'fetch-result', 'any other status: outcome C', ['HTTP-014']],
  ['resync.fetch.network-error', 'resync:fetching', 'fetch-result', 'no answer, reset, TLS or DNS failure: outcome C', ['HTTP-014', 'HTTP-018']],
  ['resync.fetch.tftp-ok', 'resync:fetching', 'fetch-result', 'TFTP transfer complete', ['TFTP-001']],
  ['resync.fetch.tftp-fnf', 'resync:fetching', 'fetch-result', 'TFTP ERROR code 1: outcome B', ['HTTP-014', 'TFTP-001']],
  ['resync.fetch.tftp-error', 'resync:fetching', 'fetch-result', 'other TFTP ERROR: outcome C', ['HTTP-014']],
  // body decoding and application
  ['decode.aes128gcm', 'resync:fetching', 'body with Content-Encoding aes128gcm', 'IKM_HTTP_Encrypt_Content set', ['ENC-008', 'ENC-009'], 'resync:decoding'],
  ['decode.openssl-enc', 'resync:fetching|decoding', 'body starting Salted__', 'the rule has --key', ['ENC-004', 'ENC-007', 'ENC-011'], 'resync:decoding'],
  ['decode.gzip', 'resync:fetching|decoding', 'body with gzip header', 'always (content, not name)', ['ENC-001'], 'resync:decoding'],
  ['profile.apply', 'resync:fetching|decoding', 'plaintext body', 'well-formed profile', ['PROF-005', 'PROF-006', 'PROF-007', 'PROF-008', 'PROF-009', 'PROF-010', 'PROF-012']],
  ['resync.outcome.A', 'resync:fetching', 'last rule done', 'every rule fetched, skipped or FNF-as-success', ['HTTP-006', 'PROF-016', 'RESYNC-006'], 'resync:idle'],
  ['resync.outcome.B', 'resync:fetching|decoding', 'fetch-result|decode-result', 'file not found, corrupt, undecryptable', ['HTTP-012', 'HTTP-014', 'PROF-016'], 'resync:idle'],
  ['resync.outcome.C', 'resync:fetching', 'fetch-result', 'connection error or unprocessed status', ['HTTP-014', 'PROF-016', 'X-CONG-002'], 'resync:idle'],
  ['resync.retry.scheduled', 'resync:idle', 'outcome B or C', 'Resync_Error_Retry_Delay step > 0; $PRVST=2', ['RESYNC-008', 'RESYNC-007', 'PROF-032', 'PROF-016', 'X-CONG-002'], 'resync:scheduled'],
  ['resync.retry.disabled', 'resync:idle', 'outcome B or C', 'Resync_Error_Retry_Delay step = 0', ['X-RESYNC-001']],
  ['resync.schedule.periodic', 'resync:idle', 'outcome A or skipped trigger', 'Resync_At not valid; Resync_Periodic step > 0; $PRVST=1', ['RESYNC-006', 'RESYNC-007', 'X-RESYNC-006', 'X-RESYNC-007'], 'resync:scheduled'],
  ['resync.schedule.periodic-disabled', 'resync:idle', 'outcome A', 'Resync_Periodic = 0', ['RESYNC-006']],
  ['resync.schedule.daily', 'resync:idle', 'outcome A or skipped trigger', 'valid Resync_At: next HHmm + 0..Resync_At_Random_Delay', ['RESYNC-004', 'RESYNC-005', 'X-RESYNC-005', 'CONG-003'], 'resync:scheduled'],
  ['log.syslog', '*', 'request/success/failure', 'Syslog_Server set; template macro-expanded', ['LOG-001', 'LOG-002', 'LOG-003', 'PROF-035']],
  // upgrade
  ['upgrade.disabled', 'upgrade:idle', 'after resync A', 'Upgrade_Enable=No', ['UPG-001']],
  ['upgrade.rule.skip', 'upgrade:idle', 'after resync A', 'no alternative matches', ['PROF-019', 'UPG-010']],
  ['upgrade.rule.error', 'upgrade:idle', 'after resync A', 'rule unparsable (incl. no server, options)', ['DHCP-006', 'X-PROF-040']],
  ['upgrade.same-load', 'upgrade:idle', 'after resync A', 'named load is running or in the inactive partition', ['UPG-004', 'X-UPG-002']],
  ['upgrade.latched', 'upgrade:idle|retry-wait', 'after resync A', 'same rule and expanded URL as the last attempt', ['UPG-005', 'X-UPG-001']],
  ['upgrade.domain-refused', 'upgrade:idle', 'after resync A', 'host not in Restricted_Access_Domains', ['ACCESS-003', 'X-ACCESS-002']],
  ['upgrade.wait-idle', 'upgrade:idle', 'after resync A', 'a line is active', ['UPG-006', 'CONG-001', 'X-CONG-001'], 'upgrade:waiting-idle'],
  ['upgrade.idle.start', 'upgrade:waiting-idle', 'call-end', 'all lines idle', ['UPG-006'], 'upgrade:fetching'],
  ['upgrade.fetch', 'upgrade:idle|waiting-idle', 'upgrade start', 'latched; $UPGST 1 or 2', ['UPG-008', 'UPG-009', 'UPG-010', 'PROF-033', 'HTTP-004'], 'upgrade:fetching'],
  ['upgrade.success.reboot', 'upgrade:fetching', 'fetch-result', 'image received, lines idle: reboot into it', ['UPG-006', 'UPG-008'], 'upgrade:idle'],
  ['upgrade.success.wait-idle', 'upgrade:fetching', 'fetch-result', 'image received, a line active', ['UPG-006', 'RESYNC-009', 'CONG-001', 'X-CONG-001'], 'upgrade:installed'],
  ['upgrade.installed.idle-reboot', 'upgrade:installed', 'call-end', 'all lines idle', ['UPG-006', 'X-CONG-001'], 'upgrade:idle'],
  ['upgrade.failure.retry', 'upgrade:fetching', 'fetch-result', 'B or C: $UPGERR set, $UPGST=2, Upgrade_Error_Retry_Delay', ['UPG-002', 'PROF-033', 'RESYNC-007', 'X-CONG-002'], 'upgrade:retry-wait'],
  ['upgrade.failure.resync', 'upgrade:retry-wait', 'fetch-result', 'Resync_After_Upgrade_Attempt=Yes', ['RESYNC-011', 'RESYNC-002', 'X-RESYNC-003']],
  ['upgrade.retry-timer', 'upgrade:retry-wait', 'timer upgrade-retry', 'retry bypasses the latch', ['UPG-002', 'X-UPG-001'], 'upgrade:idle'],
  // onboarding
  ['edos.activation-server.fetch', 'onboarding:none', 'first DHCPACK', 'factory config, no provisioning option in DHCP', ['EDOS-001', 'EDOS-002', 'EDOS-003', 'X-EDOS-001'], 'onboarding:activation-server'],
  ['edos.gds.screen', 'onboarding:none', 'rule evaluation', 'Profile_Rule resolves to gds://', ['EDOS-005'], 'onboarding:activation-code-screen'],
  ['edos.gds.unsupported-6861', 'onboarding:none', 'rule evaluation', 'gds:// on a 6861', ['EDOS-009']],
  ['edos.gds.old-load', 'onboarding:none', 'rule evaluation', 'gds:// on a load older than 11-2-3', ['EDOS-004']],
  ['edos.code.invalid', 'onboarding:activation-code-screen', 'activation-code', 'not exactly 16 digits', ['EDOS-007']],
  ['edos.code.submit', 'onboarding:activation-code-screen', 'activation-code', '16 digits', ['EDOS-007', 'X-EDOS-002'], 'onboarding:activating'],
  ['edos.configured', 'onboarding:activation-server|activating', 'fetch-result', 'profile applied: EDOS configured; resync now', ['EDOS-001', 'EDOS-002'], 'onboarding:done'],
  ['edos.failed', 'onboarding:activation-server|activating', 'fetch-result', 'no usable profile', ['EDOS-003'], 'onboarding:done'],
  // access
  ['access.set-password.dhcp.bypass', 'access:pending', 'first provisioning round over', 'DHCP configured, User_Password provisioned', ['ACCESS-006', 'ACCESS-011', 'X-ACCESS-001'], 'access:bypassed'],
  ['access.set-password.dhcp.shown', 'access:pending', 'first provisioning round over', 'DHCP configured, no User_Password', ['ACCESS-007'], 'access:shown'],
  ['access.set-password.edos.bypass', 'access:pending', 'first provisioning round over', 'no DHCP, EDOS configured, User_Password provisioned', ['ACCESS-008', 'ACCESS-011', 'X-ACCESS-001'], 'access:bypassed'],
  ['access.set-password.edos.shown', 'access:pending', 'first provisioning round over', 'no DHCP, EDOS configured, no User_Password', ['ACCESS-009'], 'access:shown'],
  ['access.set-password.none.shown', 'access:pending', 'first provisioning round over', 'neither DHCP nor EDOS', ['ACCESS-009'], 'access:shown'],
  ['web.disabled', '*', 'web-request', 'Enable_Web_Server=No: no answer', ['ACCESS-004']],
  ['web.admin.unauthorized', '*', 'web-request', '/admin path, Admin_Password set, not admin', ['ACCESS-001', 'ACCESS-005', 'ACCESS-011']],
  ['web.user.unauthorized', '*', 'web-request', 'user page, User_Password set, not logged in', ['ACCESS-001', 'ACCESS-011']],
  ['web.admin.resync', '*', 'web-request', '/admin/resync[?URL]', ['HTTP-002', 'ACCESS-004']],
  ['web.page', '*', 'web-request', '/, /admin, /admin/advanced', ['ACCESS-005']],
  ['web.not-found', '*', 'web-request', 'other path', ['ACCESS-005']],
  // SIP
  ['sip.notify.resync.accepted', '*', 'sip-notify', 'Event: resync, Resync_From_SIP=Yes: 200 OK', ['SIP-001']],
  ['sip.notify.resync', 'resync:idle|scheduled|deferred', 'sip-notify', 'immediate resync, $PRVST=-1, triggers bypassed', ['SIP-001', 'SIP-003', 'X-SIP-022'], 'resync:scheduled'],
  ['sip.notify.resync.profile', 'resync:idle|scheduled|deferred', 'sip-notify', 'Event: resync;profile="URL": that URL only', ['SIP-002', 'SIP-003', 'X-SIP-022', 'X-PROF-042'], 'resync:scheduled'],
  ['sip.notify.resync.disabled', '*', 'sip-notify', 'Resync_From_SIP=No: 489', ['SIP-001', 'X-SIP-021']],
  ['sip.notify.check-sync', '*', 'sip-notify', 'Event: check-sync: 489, no resync', ['X-SIP-020']],
  ['sip.notify.other', '*', 'sip-notify', 'any other event package: 489', ['X-SIP-020']],
];

export const TRANSITIONS: readonly Transition[] = [...ROWS, ...TR69_ROWS, ...PFS_ROWS].map(([id, from, event, guard, reqs, to]) => ({
  id, from, event, guard, requirementIds: requireIds(reqs, `phone-model transition ${id}`), ...(to !== undefined ? { to } : {}),
}));

export const TRANSITION_BY_ID: ReadonlyMap<string, Transition> = new Map(TRANSITIONS.map((t) => [t.id, t]));
