/**
 * Access control (ACCESS-*): domain restrictions for resync/upgrade (ACCESS-003, X-ACCESS-002),
 * the Set-Password bypass table (seed "Bypass the Set Password Screen", ACCESS-006..009,
 * X-ACCESS-001), and the phone web server (ACCESS-004/005, HTTP-002).
 */
import type { StepCtx } from './ctx.js';
import { param, paramYes, type ConfigStore } from './params.js';

/** ACCESS-003 / X-ACCESS-002: empty list = no restriction; else exact FQDN, case-insensitive. */
export function domainAllowed(config: ConfigStore, host: string): boolean {
  const list = param(config, 'Restricted_Access_Domains').split(',').map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  if (list.length === 0) return true;
  return list.includes(host.toLowerCase());
}

/** The seed's Table 1, as data: [dhcp, edos, password] -> bypass (n/a rows expanded). */
export function setPasswordBypassed(dhcpConfigured: boolean, edosConfigured: boolean, passwordConfigured: boolean): boolean {
  if (dhcpConfigured) return passwordConfigured; // rows 1-2 (EDOS n/a)
  if (edosConfigured) return passwordConfigured; // rows 3-4
  return false; // row 5 (password n/a)
}

/**
 * Makes the Set-Password decision once, at first boot / after factory reset, when the first
 * provisioning round is over (the phone reaches its idle screen).
 */
export function decideSetPassword(ctx: StepCtx): void {
  const a = ctx.s.access;
  if (!a.firstBoot || a.setPassword !== 'pending') return;
  const dhcp = ctx.s.dhcp.provisioningConfigured;
  const edos = ctx.s.onboarding.edosConfigured;
  const pw = a.passwordProvisioned;
  const bypass = setPasswordBypassed(dhcp, edos, pw);
  const id = dhcp
    ? (pw ? 'access.set-password.dhcp.bypass' : 'access.set-password.dhcp.shown')
    : edos
      ? (pw ? 'access.set-password.edos.bypass' : 'access.set-password.edos.shown')
      : 'access.set-password.none.shown';
  const reqs = ctx.fire(id);
  ctx.setAccess({ setPassword: bypass ? 'bypassed' : 'shown' });
  if (bypass) ctx.log(`Set password screen bypassed (DHCP ${dhcp ? 'yes' : 'no'}, EDOS ${edos ? 'yes' : 'no'}, User_Password provisioned)`, reqs);
  else ctx.emit({ type: 'show-screen', screen: 'set-password', reqs });
}

export type WebAction = { readonly kind: 'none' } | { readonly kind: 'resync'; readonly url?: string };

/** The phone's web server: returns what the request asks the phone to do. */
export function onWebRequest(ctx: StepCtx, path: string, query: string | undefined, role: 'none' | 'user' | 'admin'): WebAction {
  const c = ctx.s.config;
  if (!paramYes(c, 'Enable_Web_Server')) {
    // ACCESS-004: server disabled; status 0 = no answer (connection refused).
    ctx.emit({ type: 'web-response', status: 0, reqs: ctx.fire('web.disabled') });
    return { kind: 'none' };
  }
  const adminPw = param(c, 'Admin_Password') !== '';
  const userPw = param(c, 'User_Password') !== '';
  const isAdminPath = path === '/admin' || path.startsWith('/admin/');
  if (isAdminPath && adminPw && role !== 'admin') {
    ctx.emit({ type: 'web-response', status: 401, reqs: ctx.fire('web.admin.unauthorized') });
    return { kind: 'none' };
  }
  if (!isAdminPath && userPw && role === 'none') {
    ctx.emit({ type: 'web-response', status: 401, reqs: ctx.fire('web.user.unauthorized') });
    return { kind: 'none' };
  }
  if (path === '/admin/resync') {
    ctx.emit({ type: 'web-response', status: 200, reqs: ctx.fire('web.admin.resync') });
    const url = query !== undefined && query.trim() !== '' ? decodeQuery(query) : undefined;
    return url !== undefined ? { kind: 'resync', url } : { kind: 'resync' };
  }
  if (path === '/' || path === '/admin' || path === '/admin/advanced') {
    ctx.emit({ type: 'web-response', status: 200, reqs: ctx.fire('web.page') });
    return { kind: 'none' };
  }
  ctx.emit({ type: 'web-response', status: 404, reqs: ctx.fire('web.not-found') });
  return { kind: 'none' };
}

function decodeQuery(q: string): string {
  try {
    return decodeURIComponent(q);
  } catch {
    return q;
  }
}
