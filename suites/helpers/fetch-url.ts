/**
 * Fetching a URL a target handed out (firmware in an Upgrade_Rule, an onboarding init URL, the
 * profile named in a NOTIFY) the way a phone does: tftp, http or https with the phone's User-Agent
 * (HTTP-004) and, over HTTPS, its client certificate (HTTP-019). On loopback only loopback hosts are
 * contacted (a URL naming a lab address is n/a there: no traffic leaves the host namespace for it).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isProvcertError } from '../../lib/errors.js';
import { ensureLabPki, issuePhoneCertificate, type PemPair } from '../../lib/targets/process/lab-pki.js';
import { macroContextFrom, parseRule, resolveUrl, type ResolvedUrl } from '../../lib/profile-rule/index.js';
import { phoneMacros } from '../../lib/runner/content.js';
import { notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TestContext } from '../../lib/runner/types.js';

export type UrlFetch =
  | { readonly ok: true; readonly status: number; readonly body: Uint8Array; readonly headers: readonly (readonly [string, string])[]; readonly packet?: Uint8Array }
  | { readonly ok: false; readonly status?: number; readonly observed: string; readonly packet?: Uint8Array };

const certs = new Map<string, PemPair>();

/** The phone's client certificate: the target file's, else one from the lab manufacturer CA (cached). */
export function clientCertificate(ctx: TestContext, phone: RunPhone): PemPair {
  const declared = ctx.target.spec.phones.find((p) => p.mac === phone.mac);
  if (declared?.cert !== undefined && declared.key !== undefined) return { cert: readFileSync(declared.cert, 'utf8'), key: readFileSync(declared.key, 'utf8') };
  let c = certs.get(phone.mac);
  if (!c) {
    c = issuePhoneCertificate(ensureLabPki().phoneCa, phone);
    certs.set(phone.mac, c);
  }
  return c;
}

/** True for hosts a loopback run may contact. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** The URL of a rule text for `phone`: first usable alternative, macros expanded, defaults applied. */
export function ruleUrlFor(rule: string, kind: 'profile' | 'upgrade', phone: RunPhone): ResolvedUrl | { error: string; requirementId?: string } {
  let parsed;
  try {
    parsed = parseRule(rule, kind);
  } catch (e) {
    return { error: isProvcertError(e) ? e.message : String(e), ...(isProvcertError(e) && e.requirementId ? { requirementId: e.requirementId } : {}) };
  }
  const macros = macroContextFrom(phoneMacros(phone));
  const url = parsed.alternatives.find((a) => a.url && a.url.scheme !== 'gds')?.url;
  if (!url) return { error: `rule '${rule}' has no file URL` };
  const r = resolveUrl(url, { macros });
  return 'error' in r ? { error: r.error, requirementId: r.requirementId } : r;
}

/** Parses an absolute URL string (tftp/http/https) into the resolved form. */
export function resolvedFromText(text: string): ResolvedUrl | undefined {
  const r = ruleUrlFor(text, 'profile', { mac: '000000000000', serial: 'x', model: 'x', swver: 'x', profilePath: '', marker: '' });
  return 'error' in r ? undefined : r;
}

/** GET (http/https) or RRQ (tftp) of `url` as `phone`; n/a on loopback for a non-loopback host. */
export async function fetchUrl(ctx: TestContext, url: ResolvedUrl, phone: RunPhone, o: { timeoutMs?: number } = {}): Promise<UrlFetch> {
  if (ctx.target.mode === 'loopback' && !isLoopbackHost(url.host)) {
    notApplicable(`${url.text} names host ${url.host}, which a loopback run does not contact (only the lab can reach it)`);
  }
  const timeoutMs = o.timeoutMs ?? 5000;
  if (url.scheme === 'tftp') {
    const r = await ctx.tftp({ server: { address: url.host, port: url.port }, filename: url.path.replace(/^\/+/, ''), timeoutMs: 1000, retries: 3, phone: phone.mac });
    const lastRx = [...r.log].reverse().find((e) => e.dir === 'rx');
    const packet = lastRx ? { packet: lastRx.bytes } : {};
    if (!r.outcome.ok) return { ok: false, observed: r.outcome.reason === 'error-packet' ? `TFTP ERROR ${r.outcome.code} ${r.outcome.message}` : `TFTP ${r.outcome.reason}: ${r.outcome.message}`, ...packet };
    return { ok: true, status: 200, body: r.data, headers: [], ...packet };
  }
  const https = url.scheme === 'https';
  const cert = https ? clientCertificate(ctx, phone) : undefined;
  const r = await ctx.http({
    url: `${url.scheme}://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}${url.path}`,
    userAgent: `Cisco-${phone.model}/${phone.swver} (${phone.mac})`, phone: phone.mac, timeoutMs,
    ...(cert ? { tls: { cert: cert.cert, key: cert.key, verify: false, checkServerIdentity: false } } : {}),
  });
  if (!r.ok) return { ok: false, observed: `${r.reason}: ${r.message}` };
  const res = r.response;
  if (res.status !== 200) return { ok: false, status: res.status, observed: `HTTP ${res.status} ${res.statusText}` };
  return { ok: true, status: 200, body: res.body, headers: res.rawHeaders };
}
