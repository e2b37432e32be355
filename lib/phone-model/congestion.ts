/**
 * Behaviour under loss, timeouts and congestion (CONG-001..003, X-CONG-001/002; seed "Phone
 * Behavior During Times of Network Congestion"). The seed says only that degradation can impair
 * voice and drop calls; what the phone itself does about it lives in the sub-machines: requests
 * without an answer are outcome C, retries never stop but their gaps are bounded and spread by
 * the PRNG, and provisioning never disturbs a call. This module states those windows as data,
 * so that docs/model.md lists them and suites/congestion checks the model against them.
 */
import type { ConfigStore } from './params.js';
import { param, paramInt } from './params.js';
import { parseSchedule, stepAt } from './schedule.js';
import { retryWindow } from './tr69/retry.js';

export interface WindowMs {
  readonly minMs: number;
  readonly maxMs: number;
}

/** RFC 2131 section 4.1 / X-DHCP-022: the n-th retransmission gap (n = 0 for the first). */
export function dhcpRetransmitWindow(n: number): WindowMs {
  const base = Math.min(4000 * 2 ** Math.min(Math.max(n, 0), 4), 64000);
  return { minMs: base - 1000, maxMs: base + 1000 };
}

/** RESYNC-003 / CONG-002: the first contact after power-up, 0..Resync_Random_Delay x 20 s. */
export function powerUpSpread(config: ConfigStore): WindowMs {
  return { minMs: 0, maxMs: Math.max(0, paramInt(config, 'Resync_Random_Delay')) * 20_000 };
}

/** RESYNC-005 / CONG-003: the extra delay after Resync_At, 0..Resync_At_Random_Delay s. */
export function dailySpread(config: ConfigStore): WindowMs {
  return { minMs: 0, maxMs: Math.max(0, paramInt(config, 'Resync_At_Random_Delay')) * 1000 };
}

/**
 * RESYNC-007/008: the gap before the k-th consecutive retry (k >= 1) of a schedule parameter
 * (Resync_Error_Retry_Delay, Upgrade_Error_Retry_Delay); undefined when that step is 0 (no retry).
 */
export function scheduleWindow(config: ConfigStore, name: string, fallback: string, k: number): WindowMs | undefined {
  const steps = parseSchedule(param(config, name)) ?? parseSchedule(fallback);
  if (!steps) return undefined;
  const s = stepAt(steps, k - 1);
  if (s.seconds === 0 && s.random === 0) return undefined;
  return { minMs: s.seconds * 1000, maxMs: (s.seconds + s.random) * 1000 };
}

/** TR-069 3.2.1.1 (TR69-022): the n-th session retry. */
export function tr69RetryWindow(n: number): WindowMs {
  const w = retryWindow(n);
  return { minMs: w.minSeconds * 1000, maxMs: w.maxSeconds * 1000 };
}

export interface LossBehaviour {
  readonly mechanism: string;
  readonly timer: string;
  readonly gap: string;
  readonly limit: string;
  readonly transitions: readonly string[];
  readonly requirementIds: readonly string[];
}

/** One row per retry/spread mechanism (rendered into docs/model.md "Behaviour under loss"). */
export const LOSS_BEHAVIOUR: readonly LossBehaviour[] = [
  { mechanism: 'DHCP DISCOVER/REQUEST without an answer', timer: 'dhcp-retransmit', gap: '4, 8, 16, 32, then 64 s, each +-1 s', limit: 'none (64 s gap forever)', transitions: ['dhcp.retransmit'], requirementIds: ['X-DHCP-022', 'X-CONG-002'] },
  { mechanism: 'many phones powering on together', timer: 'resync', gap: 'uniform 0..Resync_Random_Delay x 20 s, first contact only', limit: 'one per power-up', transitions: ['resync.power-up.random-delay'], requirementIds: ['RESYNC-003', 'CONG-002'] },
  { mechanism: 'daily resync of a fleet', timer: 'resync', gap: 'Resync_At + uniform 0..Resync_At_Random_Delay s', limit: 'one per day', transitions: ['resync.schedule.daily'], requirementIds: ['RESYNC-005', 'CONG-003'] },
  { mechanism: 'profile request without an answer (outcome C) or failed (B)', timer: 'resync', gap: 'Resync_Error_Retry_Delay step (+r uniform), last step repeats', limit: 'none; step 0 = no retry (X-RESYNC-001)', transitions: ['resync.outcome.C', 'resync.retry.scheduled', 'resync.retry.disabled'], requirementIds: ['RESYNC-008', 'RESYNC-007', 'X-CONG-002'] },
  { mechanism: 'firmware download without an answer or failed', timer: 'upgrade-retry', gap: 'Upgrade_Error_Retry_Delay step (+r uniform)', limit: 'none; step 0 = no retry', transitions: ['upgrade.failure.retry', 'upgrade.retry-timer'], requirementIds: ['UPG-002', 'X-CONG-002'] },
  { mechanism: 'CWMP session without an answer', timer: 'tr69-retry', gap: 'uniform in [5 x 2^(n-1), 5 x 2^n] s, n <= 10', limit: 'none (2560..5120 s from the 10th)', transitions: ['tr69.session.failed', 'tr69.retry.scheduled'], requirementIds: ['TR69-022'] },
  { mechanism: 'PFS root silent or gone', timer: 'pfs-election', gap: '10 s per election round; 600 s for the image', limit: 'one round per group member, then the load server', transitions: ['pfs.elect.drop-silent', 'pfs.peer.root-gone', 'pfs.peer.fallback'], requirementIds: ['X-PFS-002', 'X-PFS-006'] },
  { mechanism: 'a call while provisioning is due', timer: 'forced-resync', gap: 'resync deferred until idle or Forced_Resync_Delay; upgrade and reboot wait for idle', limit: 'Forced_Resync_Delay', transitions: ['resync.timer.deferred-by-call', 'resync.deferred.forced', 'upgrade.wait-idle', 'upgrade.success.wait-idle'], requirementIds: ['CONG-001', 'X-CONG-001'] },
];
