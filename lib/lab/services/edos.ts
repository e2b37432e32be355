/**
 * The EDOS/activation stub's answers, pure (request in, answer out); https-server.ts does the I/O.
 * - GET / (device activation server, EDOS-001/003, X-EDOS-001): a factory-default phone is sent to
 *   the target: a profile whose Profile_Rule is the target's provisioning URL.
 * - POST / with a 16-digit body (activation-code service, EDOS-007, X-EDOS-002, as the phone model
 *   sends it), /activation/code/<16 digits> and /activation/device/<MAC>: as builtin's endpoints,
 *   the init URL of the bound customer (lib/targets/builtin/onboarding.ts), when the target file
 *   declares onboarding; otherwise 404.
 */
import { activationCode, activationProfile, initUrlFor } from '../../targets/builtin/onboarding.js';
import type { OnboardingSpec } from '../../targets/types.js';

export interface EdosRequest {
  readonly method: string;
  /** URL path, percent-decoded. */
  readonly path: string;
  readonly body: string;
}

export interface EdosAnswer {
  readonly status: number;
  readonly contentType: 'application/xml' | 'text/plain; charset=utf-8';
  readonly body: string;
  /** For the log: why this answer. */
  readonly note: string;
}

export interface EdosContext {
  readonly provisioningUrl: string;
  readonly onboarding?: OnboardingSpec;
}

const xml = (body: string, note: string): EdosAnswer => ({ status: 200, contentType: 'application/xml', body, note });
const plain = (status: number, text: string, note: string): EdosAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body: `${text}\n`, note });

function normMac(s: string): string {
  return s.replace(/[:-]/g, '').toLowerCase();
}

/** The customer an activation code (EDOS-007: 16 digits) or a device MAC is bound to. */
function customerOf(o: OnboardingSpec, by: { code: string } | { mac: string }): string | undefined {
  if ('code' in by) return [...new Set(Object.values(o.customerIds))].find((id) => activationCode(id) === by.code);
  return Object.entries(o.customerIds).find(([m]) => normMac(m) === normMac(by.mac))?.[1];
}

function activate(ctx: EdosContext, by: { code: string } | { mac: string }): EdosAnswer {
  if ('code' in by && !/^\d{16}$/.test(by.code)) return plain(400, 'activation code must be 16 digits (EDOS-007)', 'activation code is not 16 digits');
  const o = ctx.onboarding;
  if (!o) return plain(404, 'no onboarding is declared for this target', 'activation: the target declares no onboarding');
  const customer = customerOf(o, by);
  if (!customer) return plain(404, 'unknown activation code or device', 'no such activation');
  const url = initUrlFor(o.initUrl, customer);
  return xml(activationProfile(url), `activation -> ${url}`);
}

export function answerEdos(req: EdosRequest, ctx: EdosContext): EdosAnswer {
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return plain(405, 'method not allowed', 'method');
  const code = /^\/activation\/code\/([^/]+)$/.exec(req.path);
  if (code) return activate(ctx, { code: code[1]! });
  const device = /^\/activation\/device\/([^/]+)$/.exec(req.path);
  if (device) return activate(ctx, { mac: device[1]! });
  if (req.path === '/') {
    if (method === 'POST') return activate(ctx, { code: req.body.trim() });
    return xml(activationProfile(ctx.provisioningUrl), `device activation -> ${ctx.provisioningUrl}`);
  }
  return plain(404, 'not found', 'no such endpoint');
}
