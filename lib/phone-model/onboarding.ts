/**
 * Onboarding without a provisioning server (EDOS-*, seed "Provisioning Overview" and
 * "Onboard Your Phone with the Activation Code"):
 * - factory-default phone, DHCP without provisioning options -> device activation server
 *   (activate.cisco.com; webapps.cisco.com before 11.2(1)) over HTTPS (EDOS-001/003, X-EDOS-001);
 * - Profile_Rule = gds:// -> activation-code screen (EDOS-005), 16 digits (EDOS-007),
 *   not on 6861 (EDOS-009), needs 11-2-3MSR1+ (EDOS-004) -> activation.webex.com (X-EDOS-002).
 * A profile returned by either service is applied and marks the phone "EDOS configured".
 */
import { decideSetPassword } from './access.js';
import { applyProfileBody } from './apply.js';
import type { StepCtx } from './ctx.js';
import { decodeBody } from './decode.js';
import type { FetchOutcome } from './events.js';
import { emitFetch, followOutcome, newAttempt } from './fetch.js';
import { scheduleResync } from './resync.js';

/** major.minor.micro of a load name such as sip68xx.11-2-3MSR1-1 or 11.2.1. */
export function loadTriple(sw: string): [number, number, number] | undefined {
  const m = /(\d+)[-.](\d+)[-.](\d+)/.exec(sw);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(sw: string, min: [number, number, number]): boolean {
  const t = loadTriple(sw);
  if (!t) return false;
  for (let i = 0; i < 3; i++) if ((t[i] as number) !== min[i]) return (t[i] as number) > min[i];
  return true;
}

/**
 * The EDOS hosts a phone contacts (EDOS-003, X-EDOS-001/002): the device activation server (before
 * 11.2(1): webapps.cisco.com) and the activation-code service. The lab DNS and EDOS stub serve these.
 */
export const EDOS_HOSTS = {
  deviceActivation: 'activate.cisco.com',
  deviceActivationBefore1121: 'webapps.cisco.com',
  activationCode: 'activation.webex.com',
} as const;

/** EDOS-003: the activation host depends on the running load. */
export function activationHost(sw: string): string {
  return atLeast(sw, [11, 2, 1]) ? EDOS_HOSTS.deviceActivation : EDOS_HOSTS.deviceActivationBefore1121;
}

/** Should a freshly bound phone ask the device activation server (EDOS-003)? */
export function needsDeviceActivation(ctx: StepCtx): boolean {
  return ctx.s.access.firstBoot && !ctx.s.dhcp.provisioningConfigured && !ctx.s.onboarding.edosConfigured
    && ctx.s.config['Profile_Rule'] === undefined && ctx.s.onboarding.phase === 'none';
}

export function startDeviceActivation(ctx: StepCtx): void {
  const reqs = ctx.fire('edos.activation-server.fetch');
  const host = activationHost(ctx.s.facts.swVersion);
  const a = newAttempt(ctx, { purpose: 'activation', scheme: 'https', host, port: 443, path: '/', url: `https://${host}/`, method: 'GET' });
  ctx.setOnboarding({ phase: 'activation-server', attempt: a });
  emitFetch(ctx, a, reqs);
}

/** Profile_Rule resolved to gds:// (EDOS-005). */
export function enterActivationCode(ctx: StepCtx): void {
  const phase = ctx.s.onboarding.phase;
  if (phase === 'activation-code-screen' || phase === 'activating') return;
  const f = ctx.s.facts;
  if (/6861/.test(f.productName)) {
    ctx.log('gds:// onboarding is not supported on the 6861', ctx.fire('edos.gds.unsupported-6861'));
    ctx.setOnboarding({ phase: 'done' });
    decideSetPassword(ctx);
    return;
  }
  if (!atLeast(f.swVersion, [11, 2, 3])) {
    ctx.log(`gds:// onboarding needs 11-2-3MSR1 or later (running ${f.swVersion})`, ctx.fire('edos.gds.old-load'));
    ctx.setOnboarding({ phase: 'done' });
    decideSetPassword(ctx);
    return;
  }
  ctx.setOnboarding({ phase: 'activation-code-screen', attempt: undefined });
  ctx.emit({ type: 'show-screen', screen: 'activation-code', reqs: ctx.fire('edos.gds.screen') });
}

export function onActivationCode(ctx: StepCtx, code: string): void {
  if (ctx.s.onboarding.phase !== 'activation-code-screen') return;
  if (!/^\d{16}$/.test(code)) {
    ctx.log('activation code must be 16 digits', ctx.fire('edos.code.invalid'));
    return;
  }
  const reqs = ctx.fire('edos.code.submit');
  const a = newAttempt(ctx, { purpose: 'activation', scheme: 'https', host: EDOS_HOSTS.activationCode, port: 443, path: '/', url: `https://${EDOS_HOSTS.activationCode}/`, method: 'POST', body: code });
  ctx.setOnboarding({ phase: 'activating', attempt: a });
  emitFetch(ctx, a, reqs);
}

export function onActivationFetchResult(ctx: StepCtx, outcome: FetchOutcome): void {
  const o = ctx.s.onboarding;
  const a = o.attempt;
  if (!a) return;
  const f = followOutcome(ctx, a, outcome);
  if (f.kind === 'refetched') { ctx.setOnboarding({ attempt: f.attempt }); return; }
  if (f.kind === 'fail') { activationFailed(ctx, f.message); return; }
  continueActivationBody(ctx, f.body, f.headers);
}

export function onActivationDecodeResult(ctx: StepCtx, ok: boolean, body: Uint8Array | undefined): void {
  if (!ok || body === undefined) { activationFailed(ctx, 'corrupt activation profile'); return; }
  continueActivationBody(ctx, body, {});
}

function continueActivationBody(ctx: StepCtx, body: Uint8Array, headers: Readonly<Record<string, string>>): void {
  const a = ctx.s.onboarding.attempt;
  if (!a) return;
  const d = decodeBody(ctx, a, body, headers);
  if (d.kind === 'pending') { ctx.setOnboarding({ attempt: d.attempt }); return; }
  if (d.kind === 'fail') { activationFailed(ctx, d.message); return; }
  const applied = applyProfileBody(ctx, d.body, a.url);
  if (!applied.ok) { activationFailed(ctx, applied.message); return; }
  const reqs = ctx.fire('edos.configured');
  ctx.setOnboarding({ phase: 'done', edosConfigured: true, attempt: undefined });
  // The returned profile names the provisioning server: resync against it now.
  scheduleResync(ctx, 0, 0, {}, reqs);
}

function activationFailed(ctx: StepCtx, message: string): void {
  const wasCode = ctx.s.onboarding.phase === 'activating';
  ctx.log(`activation failed: ${message}`, ctx.fire('edos.failed'));
  if (wasCode) {
    ctx.setOnboarding({ phase: 'activation-code-screen', attempt: undefined });
    ctx.emit({ type: 'show-screen', screen: 'activation-code', reqs: ['EDOS-005'] });
    return;
  }
  ctx.setOnboarding({ phase: 'done', attempt: undefined });
  decideSetPassword(ctx);
}
