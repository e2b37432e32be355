/**
 * Reaching the files a target serves (tftp, http, https) from a test: the target's address and
 * port per service, the phone's client certificate (HTTP-019/020), the target's trust anchors
 * (HTTP-016), and a `fetchServed` that picks the first file service the target has.
 */
import { readFileSync } from 'node:fs';
import type { PhoneHttpResult } from '../../lib/emulator/clients/http-client.js';
import type { TftpGetResult, TftpGetOptions } from '../../lib/emulator/clients/tftp-client.js';
import type { Endpoint } from '../../lib/emulator/net/packet-events.js';
import { ensureLabPki, issuePhoneCertificate, type PemPair } from '../../lib/targets/process/lab-pki.js';
import type { Service } from '../../lib/targets/types.js';
import { notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TestContext } from '../../lib/runner/types.js';
import { userAgent } from './profile-fetch.js';

const STANDARD: Readonly<Partial<Record<Service, number>>> = { tftp: 69, http: 80, https: 443 };

/** Where the target listens for `service` (its run port; the standard port when none is known). */
export function serviceEndpoint(ctx: TestContext, service: 'tftp' | 'http' | 'https'): Endpoint {
  return { address: ctx.running.serverIp, port: ctx.running.ports[service] ?? STANDARD[service] ?? 0 };
}

/** A path nobody provisioned: random per test, so that no cache or earlier test can serve it. */
export function missingPath(ctx: TestContext): string {
  return `provcert-missing-${Math.floor(ctx.random() * 0xffffffff).toString(16)}.xml`;
}

export async function tftpRead(ctx: TestContext, filename: string, opts: Partial<Omit<TftpGetOptions, 'server' | 'filename' | 'tap'>> = {}): Promise<TftpGetResult> {
  return ctx.tftp({ server: serviceEndpoint(ctx, 'tftp'), filename, timeoutMs: 1000, retries: 3, ...(ctx.phones[0] ? { phone: ctx.phones[0].mac } : {}), ...opts });
}

const credentials = new Map<string, PemPair>();

/**
 * The phone's client certificate: the target file's (cert/key paths) when given, else one the lab
 * manufacturer CA issues (the CA builtin and nginx verify against). Cached per phone for the process.
 */
export function phoneCertificate(ctx: TestContext, phone: RunPhone): PemPair {
  const declared = ctx.target.spec.phones.find((p) => p.mac === phone.mac);
  if (declared?.cert !== undefined && declared.key !== undefined) return { cert: readFileSync(declared.cert, 'utf8'), key: readFileSync(declared.key, 'utf8') };
  const key = `${phone.mac}/${phone.serial}/${phone.model}`;
  let c = credentials.get(key);
  if (!c) {
    c = issuePhoneCertificate(ensureLabPki().phoneCa, phone);
    credentials.set(key, c);
  }
  return c;
}

/** The target's serverCa (PEM text); n/a when the target declares none. */
export function serverCa(ctx: TestContext): string {
  const path = ctx.running.spec.serverCa;
  if (path === undefined) notApplicable('the target declares no serverCa, so the phone has no trust anchor to check against');
  return readFileSync(path, 'utf8');
}

export interface HttpGetOptions {
  readonly https?: boolean;
  /** The phone whose User-Agent (and, over HTTPS, certificate unless `cert` says otherwise) is used. */
  readonly phone?: RunPhone;
  /** Over HTTPS: 'phone' (default) presents the phone's certificate, 'none' presents none. */
  readonly cert?: 'phone' | 'none';
  /** Verify the chain against the target's serverCa (default false: the tls tests judge it). */
  readonly verify?: boolean;
  readonly acceptAes128gcm?: boolean;
  readonly method?: string;
}

/** GET `path` (no leading slash needed) from the target's HTTP or HTTPS port, as a phone. */
export async function httpGet(ctx: TestContext, path: string, o: HttpGetOptions = {}): Promise<PhoneHttpResult> {
  const phone = o.phone ?? ctx.phones[0];
  const ep = serviceEndpoint(ctx, o.https ? 'https' : 'http');
  const url = `${o.https ? 'https' : 'http'}://${ep.address}:${ep.port}/${path.replace(/^\/+/, '')}`;
  const cert = o.https && o.cert !== 'none' && phone ? phoneCertificate(ctx, phone) : undefined;
  const ca = o.https && o.verify && ctx.running.spec.serverCa !== undefined ? readFileSync(ctx.running.spec.serverCa, 'utf8') : undefined;
  return ctx.http({
    url, userAgent: phone ? userAgent(phone) : 'Cisco-CP-8841-3PCC/11.3.1 (000000000000)',
    ...(o.method ? { method: o.method } : {}),
    ...(phone ? { phone: phone.mac } : {}),
    ...(o.acceptAes128gcm ? { acceptAes128gcm: true } : {}),
    ...(o.https ? { tls: { ...(cert ? { cert: cert.cert, key: cert.key } : {}), ...(ca ? { ca } : {}), verify: o.verify === true, checkServerIdentity: false } } : {}),
    timeoutMs: 5000,
  });
}

export type Served =
  | { readonly ok: true; readonly body: Uint8Array; readonly via: 'http' | 'https' | 'tftp'; readonly headers: readonly (readonly [string, string])[]; readonly packet?: Uint8Array }
  | { readonly ok: false; readonly via: 'http' | 'https' | 'tftp'; readonly observed: string; readonly packet?: Uint8Array };

/** Which file service a profile test uses: http, else https, else tftp; n/a when none is served. */
export function fileService(ctx: TestContext): 'http' | 'https' | 'tftp' {
  for (const s of ['http', 'https', 'tftp'] as const) if (ctx.target.serves.includes(s)) return s;
  notApplicable('the target serves no files (neither tftp, http nor https)');
}

/** Fetches `path` for `phone` over the first file service the target has. */
export async function fetchServed(ctx: TestContext, path: string, phone: RunPhone, o: { acceptAes128gcm?: boolean } = {}): Promise<Served> {
  const via = fileService(ctx);
  if (via === 'tftp') {
    const r = await tftpRead(ctx, path.replace(/^\/+/, ''), { phone: phone.mac });
    const lastRx = [...r.log].reverse().find((e) => e.dir === 'rx');
    const packet = lastRx ? { packet: lastRx.bytes } : {};
    if (!r.outcome.ok) return { ok: false, via, observed: r.outcome.reason === 'error-packet' ? `TFTP ERROR ${r.outcome.code} ${r.outcome.message}` : `TFTP ${r.outcome.reason}: ${r.outcome.message}`, ...packet };
    return { ok: true, via, body: r.data, headers: [], ...packet };
  }
  const r = await httpGet(ctx, path, { https: via === 'https', phone, ...(o.acceptAes128gcm ? { acceptAes128gcm: true } : {}) });
  if (!r.ok) return { ok: false, via, observed: `${r.reason}: ${r.message}` };
  if (r.response.status !== 200) return { ok: false, via, observed: `HTTP ${r.response.status} ${r.response.statusText}` };
  return { ok: true, via, body: r.response.body, headers: r.response.rawHeaders };
}
