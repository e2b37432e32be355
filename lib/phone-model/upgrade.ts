/**
 * Firmware upgrade sub-machine (UPG-*, AG88_113, PG33):
 *   idle -> [waiting-idle] -> fetching -> reboot (success) | retry-wait (failure)
 * Upgrade_Rule is evaluated after a successful resync (UPG-009: config before firmware) and when
 * the Upgrade_Error_Retry_Delay timer expires. The latch (UPG-005) stops repeat attempts for the
 * same rule + expanded URL; the error-retry timer is the only way to retry the same target
 * (X-UPG-001).
 */
import { domainAllowed } from './access.js';
import type { StepCtx } from './ctx.js';
import type { FetchOutcome } from './events.js';
import { emitFetch, followOutcome, newAttempt } from './fetch.js';
import { syslogTemplate } from './log.js';
import { param, paramYes } from './params.js';
import { scheduleResync } from './resync.js';
import { evaluateRule } from './rules.js';
import { scheduleDelayMs } from './schedule.js';
import { startPfsUpgrade } from './pfs/machine.js';

/** X-UPG-002: the load a URL names is its file name without the last extension. */
export function loadNameOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).split('?')[0] ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function afterResyncSuccess(ctx: StepCtx): void {
  evaluateUpgrade(ctx, false);
}

export function onUpgradeRetryTimer(ctx: StepCtx): void {
  if (ctx.s.upgrade.phase !== 'retry-wait') return;
  ctx.fire('upgrade.retry-timer');
  ctx.setUpgrade({ phase: 'idle' });
  evaluateUpgrade(ctx, true);
}

function evaluateUpgrade(ctx: StepCtx, retry: boolean): void {
  const u = ctx.s.upgrade;
  if (u.phase === 'fetching' || u.phase === 'waiting-idle' || u.phase === 'installed') return;
  const rule = param(ctx.s.config, 'Upgrade_Rule');
  if (rule.trim() === '') return;
  if (!paramYes(ctx.s.config, 'Upgrade_Enable')) {
    ctx.log('Upgrade_Enable=No: Upgrade_Rule not acted on', ctx.fire('upgrade.disabled'));
    return;
  }
  const ev = evaluateRule(ctx, rule, 'upgrade');
  if (ev.kind === 'skip') {
    ctx.log(`Upgrade_Rule: ${ev.why}`, ctx.fire('upgrade.rule.skip'));
    return;
  }
  if (ev.kind !== 'url') {
    const message = ev.kind === 'error' ? ev.message : 'gds:// is not an upgrade URL';
    ctx.log(`Upgrade_Rule: ${message}`, ctx.fire('upgrade.rule.error'));
    return;
  }
  const load = loadNameOf(ev.path);
  if (load === ctx.s.facts.swVersion || (ctx.s.facts.inactiveLoad !== undefined && load === ctx.s.facts.inactiveLoad)) {
    ctx.log(`Upgrade_Rule names ${load}, already present: no download`, ctx.fire('upgrade.same-load'));
    return;
  }
  if (!retry && u.latch && u.latch.rule === rule && u.latch.url === ev.text) {
    ctx.log(`Upgrade_Rule unchanged (${ev.text}): no new attempt`, ctx.fire('upgrade.latched'));
    return;
  }
  if (!domainAllowed(ctx.s.config, ev.host)) {
    ctx.log(`${ev.host} not in Restricted_Access_Domains: upgrade refused`, ctx.fire('upgrade.domain-refused'));
    return;
  }
  const a = newAttempt(ctx, {
    purpose: 'upgrade', scheme: ev.scheme, host: ev.host, port: ev.port, path: ev.path, url: ev.text, method: 'GET',
    ...(ev.credentials !== undefined ? { credentials: ev.credentials } : {}), ruleText: rule,
  });
  // UPG-005: latch on the attempt, whatever its result.
  ctx.setUpgrade({ latch: { rule, url: ev.text }, upgst: retry ? 2 : 1, attempt: a });
  if (!ctx.idle) {
    ctx.setUpgrade({ phase: 'waiting-idle' });
    ctx.log('upgrade waits for all lines to be idle', ctx.fire('upgrade.wait-idle'));
    return;
  }
  startUpgradeFetch(ctx);
}

function startUpgradeFetch(ctx: StepCtx): void {
  const a = ctx.s.upgrade.attempt;
  if (!a) return;
  const reqs = ctx.fire('upgrade.fetch');
  ctx.setUpgrade({ phase: 'fetching', lastAttemptAt: ctx.now });
  syslogTemplate(ctx, 'Log_Upgrade_Request_Msg', a);
  // Peer Firmware Sharing may take the download over (PFS-002, pfs/machine.ts).
  if (startPfsUpgrade(ctx, a)) return;
  emitFetch(ctx, a, reqs);
}

export function onUpgradeCallsIdle(ctx: StepCtx): void {
  if (ctx.s.upgrade.phase === 'installed') {
    rebootInto(ctx, 'upgrade.installed.idle-reboot');
    return;
  }
  if (ctx.s.upgrade.phase !== 'waiting-idle') return;
  ctx.fire('upgrade.idle.start');
  startUpgradeFetch(ctx);
}

export function onUpgradeFetchResult(ctx: StepCtx, outcome: FetchOutcome): void {
  const a = ctx.s.upgrade.attempt;
  if (!a || ctx.s.upgrade.phase !== 'fetching') return;
  const f = followOutcome(ctx, a, outcome);
  if (f.kind === 'refetched') {
    ctx.setUpgrade({ attempt: f.attempt });
    return;
  }
  if (f.kind === 'fail') {
    upgradeFailed(ctx, `${a.scheme}_get failed: ${f.message}`);
    return;
  }
  // Success: the image is installed; the phone reboots into it (AG88_113, UPG-006).
  const load = loadNameOf(a.path);
  ctx.setUpgrade({ attempt: undefined, upgerr: 'success', errorCount: 0, upgst: 1 });
  syslogTemplate(ctx, 'Log_Upgrade_Success_Msg', a, 'success');
  ctx.s = { ...ctx.s, installedLoad: load };
  if (!ctx.idle) {
    // A call started during the download: the reboot waits for idle lines (RESYNC-009, UPG-006).
    ctx.setUpgrade({ phase: 'installed' });
    ctx.log(`${load} installed; reboot waits for idle lines`, ctx.fire('upgrade.success.wait-idle'));
    return;
  }
  rebootInto(ctx, 'upgrade.success.reboot');
}

function rebootInto(ctx: StepCtx, transition: string): void {
  const reqs = ctx.fire(transition);
  ctx.setUpgrade({ phase: 'idle' });
  ctx.emit({ type: 'reboot', reason: `upgrade to ${ctx.s.installedLoad ?? '?'}`, reqs });
}

function upgradeFailed(ctx: StepCtx, message: string): void {
  const reqs = ctx.fire('upgrade.failure.retry');
  const u = ctx.s.upgrade;
  const errorCount = u.errorCount + 1;
  // PROF-033: $UPGERR = result of this attempt, $UPGST = 2 for the retry.
  ctx.setUpgrade({ phase: 'retry-wait', attempt: undefined, upgerr: message, upgst: 2, errorCount });
  syslogTemplate(ctx, 'Log_Upgrade_Failure_Msg', u.attempt, message);
  const delay = scheduleDelayMs(ctx, param(ctx.s.config, 'Upgrade_Error_Retry_Delay'), '3600', errorCount - 1);
  if (delay === undefined) ctx.setUpgrade({ phase: 'idle' });
  else ctx.startTimer('upgrade-retry', delay, reqs);
  if (paramYes(ctx.s.config, 'Resync_After_Upgrade_Attempt') && paramYes(ctx.s.config, 'Provision_Enable')) {
    // RESYNC-011 / X-RESYNC-003: resync right after the attempt, $PRVST 0.
    scheduleResync(ctx, 0, 0, {}, ctx.fire('upgrade.failure.resync'));
  }
}
