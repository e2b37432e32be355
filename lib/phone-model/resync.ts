/**
 * Resync sub-machine (RESYNC-*, PROF-015/016/019, HTTP-006..014, PROF-040):
 *   idle -> scheduled (timer 'resync') -> [deferred by a call] -> fetching -> [decoding] -> ...
 * Profile_Rule.._D are evaluated in order; a failure (B or C) aborts the sequence and retries
 * from Profile_Rule after Resync_Error_Retry_Delay; success arms Resync_Periodic or Resync_At.
 */
import { decideSetPassword, domainAllowed } from './access.js';
import { applyProfileBody } from './apply.js';
import type { StepCtx } from './ctx.js';
import { decodeBody } from './decode.js';
import type { FetchOutcome } from './events.js';
import { emitFetch, followOutcome, newAttempt } from './fetch.js';
import { syslogTemplate } from './log.js';
import { enterActivationCode } from './onboarding.js';
import { param, paramInt, paramYes, PROFILE_RULE_PARAMS } from './params.js';
import { evaluateRule } from './rules.js';
import { nextDailyMs, parseResyncAt, scheduleDelayMs } from './schedule.js';
import type { FetchAttempt, PrvSt } from './state.js';
import { evaluateTriggers } from './triggers.js';
import { afterResyncSuccess } from './upgrade.js';

export interface ResyncRequest {
  readonly explicitUrl?: string;
  readonly bypassTriggers?: boolean;
}

/** Arms the 'resync' timer for a resync of kind `reason` (replaces any armed one). */
export function scheduleResync(ctx: StepCtx, reason: PrvSt, delayMs: number, req: ResyncRequest, reqs: readonly string[]): void {
  ctx.setResync({
    phase: 'scheduled', reason, bypassTriggers: req.bypassTriggers ?? false,
    explicitUrl: req.explicitUrl,
  });
  ctx.startTimer('resync', delayMs, reqs);
}

/** After the first DHCPACK of a power-up (or link-up): RESYNC-002/003, X-RESYNC-002. */
export function onNetworkUp(ctx: StepCtx, afterPowerUp: boolean): void {
  const c = ctx.s.config;
  if (!paramYes(c, 'Provision_Enable')) {
    ctx.log('Provision_Enable=No: no resync', ctx.fire('resync.power-up.disabled'));
    return;
  }
  if (!afterPowerUp) {
    scheduleResync(ctx, 0, 0, {}, ctx.fire('resync.link-up'));
    return;
  }
  if (!paramYes(c, 'Resync_On_Reset')) {
    // No resync at boot; the periodic schedule still runs (docs/model-notes.md).
    armNextRegular(ctx, ctx.fire('resync.power-up.no-reset-resync'));
    return;
  }
  // RESYNC-003: uniform 0..Resync_Random_Delay x 20 s, first contact after power-up only.
  const units = paramInt(c, 'Resync_Random_Delay');
  const reqs = ctx.fire('resync.power-up.random-delay');
  const delay = units > 0 ? ctx.random(0, units * 20_000) : 0;
  ctx.setResync({ firstContactPending: true });
  scheduleResync(ctx, 0, delay, {}, reqs);
}

/** An explicit resync (/admin/resync, SIP NOTIFY, keypad): now, $PRVST=-1, no triggers. */
export function requestExplicitResync(ctx: StepCtx, transition: string, explicitUrl?: string): void {
  const reqs = ctx.fire(transition);
  if (!paramYes(ctx.s.config, 'Provision_Enable')) {
    ctx.log('Provision_Enable=No: resync request ignored', ctx.fire('resync.explicit.disabled'));
    return;
  }
  const p = ctx.s.resync.phase;
  if (p === 'fetching' || p === 'decoding') {
    ctx.log('resync already in progress: request ignored', ctx.fire('resync.explicit.busy'));
    return;
  }
  if (p === 'deferred') {
    // A call is holding a due resync: the request joins it and keeps its Forced_Resync_Delay deadline.
    ctx.setResync({ reason: -1, bypassTriggers: true, explicitUrl });
    ctx.log('resync request waits for the call to end', reqs);
    return;
  }
  scheduleResync(ctx, -1, 0, { bypassTriggers: true, ...(explicitUrl !== undefined ? { explicitUrl } : {}) }, reqs);
}

export function onResyncTimer(ctx: StepCtx): void {
  const r = ctx.s.resync;
  if (r.phase !== 'scheduled') return;
  if (!paramYes(ctx.s.config, 'Provision_Enable')) {
    ctx.setResync({ phase: 'idle' });
    ctx.log('Provision_Enable=No: scheduled resync dropped', ctx.fire('resync.timer.disabled'));
    return;
  }
  if (r.reason === 1 && !r.bypassTriggers) {
    const t = evaluateTriggers(ctx.s);
    if (t === 'false') {
      // RESYNC-012: no trigger true -> no resync this interval.
      const reqs = ctx.fire('resync.timer.trigger-false');
      ctx.log('Resync_Trigger_1/2 all false: periodic resync skipped', reqs);
      armNextRegular(ctx, reqs);
      return;
    }
  }
  if (!ctx.idle) {
    // RESYNC-009/010: wait for idle, at most Forced_Resync_Delay.
    const reqs = ctx.fire('resync.timer.deferred-by-call');
    ctx.setResync({ phase: 'deferred', deferredSince: ctx.now });
    ctx.startTimer('forced-resync', paramInt(ctx.s.config, 'Forced_Resync_Delay') * 1000, reqs);
    return;
  }
  ctx.fire('resync.timer.start');
  beginResync(ctx);
}

export function onCallsIdle(ctx: StepCtx): void {
  if (ctx.s.resync.phase !== 'deferred') return;
  const reqs = ctx.fire('resync.deferred.call-ended');
  ctx.cancelTimer('forced-resync', reqs);
  beginResync(ctx);
}

export function onForcedTimer(ctx: StepCtx): void {
  if (ctx.s.resync.phase !== 'deferred') return;
  ctx.fire('resync.deferred.forced');
  beginResync(ctx);
}

function beginResync(ctx: StepCtx): void {
  ctx.setResync({ phase: 'fetching', ruleIndex: 0, lastAttemptAt: ctx.now, firstContactPending: false, deferredSince: undefined, attempt: undefined });
  nextRule(ctx);
}

/** Evaluates rules from ruleIndex on until one fetches, the sequence ends, or it fails. */
function nextRule(ctx: StepCtx): void {
  for (let guard = 0; guard < PROFILE_RULE_PARAMS.length + 1; guard++) {
    const r = ctx.s.resync;
    const explicit = r.explicitUrl;
    if (explicit !== undefined ? r.ruleIndex >= 1 : r.ruleIndex >= PROFILE_RULE_PARAMS.length) {
      succeed(ctx);
      return;
    }
    const ruleParam = explicit !== undefined ? 'explicit' : (PROFILE_RULE_PARAMS[r.ruleIndex] as string);
    const text = explicit ?? param(ctx.s.config, ruleParam);
    const sticky = r.sticky[ruleParam];
    if (sticky && sticky.rule === text) {
      // HTTP-007, X-HTTP-022: a 301 target replaces the rule's URL until the rule changes.
      const reqs = ctx.fire('resync.rule.sticky-301');
      const m = /^(https?|tftp):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?(\/.*)$/.exec(sticky.url);
      if (m) {
        const scheme = m[1] as 'http' | 'https' | 'tftp';
        const port = m[3] !== undefined ? Number(m[3]) : scheme === 'https' ? 443 : scheme === 'http' ? 80 : 69;
        startProfileFetch(ctx, { scheme, host: m[2] as string, port, path: m[4] as string, url: sticky.url, method: 'GET', ruleParam, ruleText: text }, reqs);
        return;
      }
    }
    const ev = evaluateRule(ctx, text, 'profile');
    if (ev.kind === 'skip') {
      // PROF-019: no matching alternative or empty rule -> next rule.
      ctx.log(`${ruleParam}: ${ev.why}, skipped`, ctx.fire('resync.rule.skip'));
      ctx.setResync({ ruleIndex: r.ruleIndex + 1 });
      continue;
    }
    if (ev.kind === 'error') {
      fail(ctx, 'C', `${ruleParam}: ${ev.message}`, 'resync.rule.error');
      return;
    }
    if (ev.kind === 'gds') {
      ctx.setResync({ phase: 'idle', attempt: undefined });
      enterActivationCode(ctx);
      return;
    }
    if (!domainAllowed(ctx.s.config, ev.host)) {
      fail(ctx, 'C', `${ev.host} not in Restricted_Access_Domains`, 'resync.rule.domain-refused');
      return;
    }
    const reqs = ctx.fire('resync.rule.fetch');
    startProfileFetch(ctx, {
      scheme: ev.scheme, host: ev.host, port: ev.port, path: ev.path, url: ev.text, method: ev.method,
      ...(ev.body !== undefined ? { body: ev.body } : {}), ...(ev.key !== undefined ? { key: ev.key } : {}),
      ...(ev.credentials !== undefined ? { credentials: ev.credentials } : {}), ruleParam, ruleText: text,
    }, reqs);
    return;
  }
}

function startProfileFetch(ctx: StepCtx, init: Omit<FetchAttempt, 'id' | 'redirects' | 'authRetries' | 'purpose'>, reqs: readonly string[]): void {
  const a = newAttempt(ctx, { ...init, purpose: 'profile' });
  ctx.setResync({ phase: 'fetching', attempt: a });
  syslogTemplate(ctx, 'Log_Request_Msg', a);
  emitFetch(ctx, a, reqs);
}

export function onProfileFetchResult(ctx: StepCtx, outcome: FetchOutcome): void {
  const a = ctx.s.resync.attempt;
  if (!a) return;
  const f = followOutcome(ctx, a, outcome);
  if (f.kind === 'refetched') {
    if (f.sticky && a.ruleParam !== undefined && a.ruleText !== undefined) {
      ctx.setResync({ sticky: { ...ctx.s.resync.sticky, [a.ruleParam]: { rule: a.ruleText, url: f.attempt.url } } });
    }
    ctx.setResync({ attempt: f.attempt });
    return;
  }
  if (f.kind === 'fail') {
    if (f.cls === 'B' && f.message.includes('not found') && !paramYes(ctx.s.config, 'Resync_Fails_On_FNF')) {
      // PROF-040: Resync_Fails_On_FNF=No -> file-not-found counts as success for this rule.
      ctx.log(`${a.url}: file not found treated as success (Resync_Fails_On_FNF=No)`, ctx.fire('resync.fetch.fnf-as-success'));
      ruleDone(ctx);
      return;
    }
    fail(ctx, f.cls, f.message, f.cls === 'B' ? 'resync.outcome.B' : 'resync.outcome.C');
    return;
  }
  continueBody(ctx, a, f.body, f.headers);
}

export function onProfileDecodeResult(ctx: StepCtx, ok: boolean, body: Uint8Array | undefined): void {
  const a = ctx.s.resync.attempt;
  if (!a || ctx.s.resync.phase !== 'decoding') return;
  if (!ok || body === undefined) {
    fail(ctx, 'B', 'decryption or decompression failed (corrupt profile)', 'resync.outcome.B');
    return;
  }
  continueBody(ctx, a, body, {});
}

function continueBody(ctx: StepCtx, a: FetchAttempt, body: Uint8Array, headers: Readonly<Record<string, string>>): void {
  const d = decodeBody(ctx, a, body, headers);
  if (d.kind === 'pending') {
    ctx.setResync({ phase: 'decoding', attempt: d.attempt });
    return;
  }
  if (d.kind === 'fail') {
    fail(ctx, 'B', d.message, 'resync.outcome.B');
    return;
  }
  const applied = applyProfileBody(ctx, d.body, a.url);
  if (!applied.ok) {
    fail(ctx, 'B', applied.message, 'resync.outcome.B');
    return;
  }
  ruleDone(ctx);
}

function ruleDone(ctx: StepCtx): void {
  // The finished attempt stays until the next one replaces it: Log_Success_Msg reports it.
  ctx.setResync({ phase: 'fetching', ruleIndex: ctx.s.resync.ruleIndex + 1 });
  nextRule(ctx);
}

function succeed(ctx: StepCtx): void {
  const reqs = ctx.fire('resync.outcome.A');
  const last = ctx.s.resync.attempt;
  ctx.setResync({ phase: 'idle', attempt: undefined, explicitUrl: undefined, errorCount: 0, everSucceeded: true, lastError: '' });
  if (last) syslogTemplate(ctx, 'Log_Success_Msg', last);
  armNextRegular(ctx, reqs);
  decideSetPassword(ctx);
  afterResyncSuccess(ctx);
  // EDOS-005: a profile that set Profile_Rule=gds:// brings up the activation screen now,
  // unless an upgrade started (then the power-up resync after the reboot gets there).
  if (ctx.s.upgrade.phase === 'idle' && /^\s*gds:\/\//i.test(param(ctx.s.config, 'Profile_Rule'))) enterActivationCode(ctx);
}

/** PROF-016, HTTP-014, RESYNC-008: abort the sequence, retry from Profile_Rule later. */
function fail(ctx: StepCtx, cls: 'B' | 'C', message: string, transition: string): void {
  const reqs = ctx.fire(transition);
  const r = ctx.s.resync;
  const errorCount = r.errorCount + 1;
  ctx.setResync({ phase: 'idle', attempt: undefined, explicitUrl: undefined, errorCount, periodicCount: 0, lastError: message });
  syslogTemplate(ctx, 'Log_Failure_Msg', r.attempt, message);
  ctx.log(`resync failed (outcome ${cls}): ${message}`, reqs);
  const delay = scheduleDelayMs(ctx, param(ctx.s.config, 'Resync_Error_Retry_Delay'), '3600', errorCount - 1);
  if (delay === undefined) {
    // X-RESYNC-001: 0 = no retry (MPP reading); the regular schedule continues if it ran before.
    const noRetry = ctx.fire('resync.retry.disabled');
    if (ctx.s.resync.everSucceeded) armNextRegular(ctx, noRetry);
  } else {
    scheduleResync(ctx, 2, delay, {}, ctx.fire('resync.retry.scheduled'));
  }
  decideSetPassword(ctx);
}

/** Arms the next periodic (Resync_Periodic) or daily (Resync_At) resync, RESYNC-004..007. */
export function armNextRegular(ctx: StepCtx, reqs: readonly string[]): void {
  const c = ctx.s.config;
  const at = parseResyncAt(param(c, 'Resync_At'));
  if (at !== undefined) {
    const delay = nextDailyMs(ctx, at, paramInt(c, 'Resync_At_Random_Delay'));
    scheduleResync(ctx, 1, delay, {}, [...reqs, ...ctx.fire('resync.schedule.daily')]);
    return;
  }
  const index = ctx.s.resync.periodicCount;
  const delay = scheduleDelayMs(ctx, param(c, 'Resync_Periodic'), '3600', index);
  if (delay === undefined) {
    ctx.cancelTimer('resync', reqs);
    ctx.setResync({ phase: 'idle' });
    ctx.log('Resync_Periodic=0: periodic resync disabled', ctx.fire('resync.schedule.periodic-disabled'));
    return;
  }
  ctx.setResync({ periodicCount: index + 1 });
  scheduleResync(ctx, 1, delay, {}, [...reqs, ...ctx.fire('resync.schedule.periodic')]);
}
