/**
 * Following the provisioning options the way a phone does (DHCP-001, DHCP-005, TFTP-001/002):
 * where the profile is, and fetching it through the emulator's clients.
 */
import { viewOptions, type DhcpMessage } from '../../lib/codec/dhcp/index.js';
import { phoneMacros, DEFAULT_PROFILE_PATH } from '../../lib/runner/content.js';
import { notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TestContext } from '../../lib/runner/types.js';
import { expandMacros, macroContextFrom, parseRule } from '../../lib/profile-rule/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { isAddressLiteral, lookupA, phoneDnsServer } from './dns-lookup.js';
import { profileText } from './profile-text.js';

export interface ProfileLocation {
  readonly url: string;
  readonly scheme: 'tftp' | 'http' | 'https';
  readonly host: string;
  /** Undefined when the URL gives none (defaults 69/80/443, TFTP-002, HTTP-001). */
  readonly port?: number;
  readonly path: string;
  /** Which option(s) gave it: `160`, `160+66`, `66`, `150`, `159`. */
  readonly source: string;
  readonly hostFrom66: boolean;
  /** Option 6 of the ACK: where the phone looks `host` up when it is a name (DHCP-005, RFC 2132 section 3.8). */
  readonly dnsServer?: string;
}

const DEFAULT_PORT = { tftp: 69, http: 80, https: 443 } as const;

function clean(s: string): string {
  return s.replace(/\0+$/, '');
}

/** Where the phone would look for its profile, from an ACK; `error` says why it cannot. */
export function locateProfile(ack: DhcpMessage, phone: RunPhone): ProfileLocation | { error: string } {
  const v = viewOptions(ack).view;
  const macros = macroContextFrom(phoneMacros(phone));
  const name66 = v.tftpServerName !== undefined ? clean(v.tftpServerName) : undefined;
  const make = (scheme: ProfileLocation['scheme'], host: string, port: number | undefined, rawPath: string, source: string, hostFrom66: boolean): ProfileLocation => {
    const path = expandMacros(rawPath, macros);
    const dns = v.dnsServers?.[0];
    return { url: `${scheme}://${host}${port !== undefined ? `:${port}` : ''}${path}`, scheme, host, ...(port !== undefined ? { port } : {}), path, source, hostFrom66, ...(dns !== undefined ? { dnsServer: dns } : {}) };
  };
  if (v.provisioningUrl !== undefined) {
    const text = clean(v.provisioningUrl);
    let url;
    try {
      url = parseRule(text, 'profile').alternatives.find((a) => a.url)?.url;
    } catch (e) {
      return { error: `option 160 ${JSON.stringify(text)}: ${isProvcertError(e) ? e.message : String(e)}` };
    }
    if (!url || url.scheme === 'gds') return { error: `option 160 ${JSON.stringify(text)} has no file URL` };
    const scheme = url.scheme ?? 'tftp';
    if (url.port !== undefined && !/^\d+$/.test(url.port)) return { error: `option 160 port '${url.port}' is a macro` };
    const port = url.port !== undefined ? Number(url.port) : undefined;
    if (url.host !== undefined) return make(scheme, url.host, port, url.path, '160', false);
    if (name66 === undefined) return { error: `option 160 ${JSON.stringify(text)} has no host and there is no option 66 (DHCP-005)` };
    return make(scheme, name66, port, url.path, '160+66', true);
  }
  if (name66 !== undefined) return make('tftp', name66, undefined, DEFAULT_PROFILE_PATH, '66', true);
  if (v.tftpServers?.[0] !== undefined) return make('tftp', v.tftpServers[0], undefined, DEFAULT_PROFILE_PATH, '150', false);
  const p159 = v.provisioningServer;
  if (p159?.ipv4 !== undefined) return make('tftp', p159.ipv4, undefined, DEFAULT_PROFILE_PATH, '159', false);
  return { error: 'none of options 160, 66, 150, 159' };
}

export type FetchResult =
  | { readonly ok: true; readonly body: string; readonly packet?: Uint8Array }
  | { readonly ok: false; readonly observed: string; readonly packet?: Uint8Array };

/** The User-Agent a Cisco MPP phone sends (HTTP-004). */
export function userAgent(p: RunPhone): string {
  return `Cisco-${p.model}/${p.swver} (${p.mac})`;
}

/**
 * The address the phone connects to: the host itself when it is an address, else its A record from
 * the option 6 server (never the system resolver, which knows no lab names).
 */
async function addressOf(ctx: TestContext, where: ProfileLocation): Promise<{ address: string } | { observed: string }> {
  if (isAddressLiteral(where.host)) return { address: where.host };
  if (where.dnsServer === undefined) return { observed: `no option 6 DNS server to resolve ${where.host}` };
  const server = phoneDnsServer(ctx, where.dnsServer);
  if ('unreachable' in server) notApplicable(`${where.host} cannot be resolved in this run: ${server.unreachable}`);
  const found = await lookupA(ctx, server.address, where.host, server.port);
  return found[0] !== undefined ? { address: found[0] } : { observed: `${where.host} has no A record at ${server.address}:${server.port}` };
}

/**
 * Fetches the profile. On loopback a URL without a port is sent to the target's unprivileged port
 * for that scheme, recorded as a lab adaptation. A host name is resolved with the option 6 server
 * first; HTTP then names the host in the Host header as the phone would (RFC 9110 section 7.2).
 */
export async function fetchProfile(ctx: TestContext, where: ProfileLocation, phone: RunPhone): Promise<FetchResult> {
  let port = where.port;
  if (port === undefined) {
    port = DEFAULT_PORT[where.scheme];
    const mapped = ctx.target.mode === 'loopback' ? ctx.running.ports[where.scheme] : undefined;
    if (mapped !== undefined && mapped !== port) {
      ctx.adapt(`loopback: URLs without a port (standard ${where.scheme} port ${port}) are fetched from the target's unprivileged ${where.scheme} port`);
      port = mapped;
    }
  }
  if (where.scheme === 'https') notApplicable('fetching over HTTPS needs the phone\'s client certificate and the target\'s trust anchors; the http suite judges HTTPS');
  const resolved = await addressOf(ctx, where);
  if ('observed' in resolved) return { ok: false, observed: resolved.observed };
  const address = resolved.address;
  if (where.scheme === 'http') {
    const host = address === where.host ? [] : [['Host', `${where.host}${where.port !== undefined ? `:${where.port}` : ''}`] as const];
    const r = await ctx.http({ url: `http://${address}:${port}${where.path}`, userAgent: userAgent(phone), phone: phone.mac, timeoutMs: 5000, headers: host });
    if (!r.ok) return { ok: false, observed: `${r.reason}: ${r.message}` };
    if (r.response.status !== 200) return { ok: false, observed: `HTTP ${r.response.status} ${r.response.statusText}` };
    return { ok: true, body: profileText(ctx, r.response.body) };
  }
  const r = await ctx.tftp({ server: { address, port }, filename: where.path.replace(/^\//, ''), timeoutMs: 1000, retries: 3, phone: phone.mac });
  const lastRx = [...r.log].reverse().find((e) => e.dir === 'rx');
  if (!r.outcome.ok) return { ok: false, observed: r.outcome.reason === 'error-packet' ? `TFTP ERROR ${r.outcome.code} ${r.outcome.message}` : `TFTP ${r.outcome.reason}: ${r.outcome.message}`, ...(lastRx ? { packet: lastRx.bytes } : {}) };
  return { ok: true, body: profileText(ctx, r.data) };
}
