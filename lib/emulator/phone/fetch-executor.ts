/**
 * Executes a model `fetch` effect on real sockets and returns the FetchOutcome the model reads
 * (PG46): TFTP via tftp-client, HTTP(S) via http-client (raw body, no automatic redirects or
 * decompression: both are model decisions). Headers come from the effect (User-Agent HTTP-004,
 * Accept-Encoding aes128gcm only when the model put it there, ENC-008); the client certificate is
 * presented only when the effect says so (HTTP-019). Nothing here decides what a status means.
 */
import { Buffer } from 'node:buffer';
import type { FetchEffect, FetchOutcome } from '../../phone-model/index.js';
import { phoneHttpRequest } from '../clients/http-client.js';
import { tftpGet } from '../clients/tftp-client.js';
import type { TftpOption } from '../../codec/tftp/index.js';
import type { PacketTap } from '../net/packet-events.js';

export interface FetchIo {
  readonly mac: string;
  /** Source address (the phone's lease); undefined before a lease (not expected for fetches). */
  readonly localAddress?: string;
  readonly tap?: PacketTap;
  /** The phone's client certificate and key (PEM), used when the effect asks for it. */
  readonly credentials?: { readonly cert: string; readonly key: string };
  /** Trust anchors for HTTPS (the target's serverCa); absent = Node's default store. */
  readonly serverCa?: string;
  /** Host name -> IPv4 address; undefined = cannot resolve (outcome C). */
  readonly resolve: (host: string) => Promise<string | undefined>;
  readonly httpTimeoutMs?: number;
  readonly tftpTimeoutMs?: number;
  readonly tftpRetries?: number;
  /** TFTP options requested in the RRQ (transport choice, not a model decision); default none. */
  readonly tftpOptions?: readonly TftpOption[];
}

export interface FetchRun {
  readonly outcome: FetchOutcome;
  /** Wall ms from the start of the request to its result. */
  readonly wallMs: number;
  /** Resolved address the request went to. */
  readonly address?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function headerRecord(raw: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of raw) {
    const have = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase());
    if (have === undefined) out[k] = v; // the first value wins: Location, Content-Encoding are single-valued
  }
  return out;
}

export async function executeFetch(e: FetchEffect, io: FetchIo): Promise<FetchRun> {
  const started = performance.now();
  const done = (outcome: FetchOutcome, address?: string): FetchRun => ({ outcome, wallMs: performance.now() - started, ...(address ? { address } : {}) });
  const host = e.host.replace(/^\[|\]$/g, '');
  const address = IPV4.test(host) ? host : await io.resolve(host);
  if (address === undefined) return done({ kind: 'network-error', message: `cannot resolve ${host}` });
  if (e.scheme === 'tftp') {
    const r = await tftpGet({
      server: { address, port: e.port }, filename: e.path.replace(/^\//, ''), localAddress: io.localAddress,
      options: io.tftpOptions ?? [], timeoutMs: io.tftpTimeoutMs ?? 1000, retries: io.tftpRetries ?? 5, tap: io.tap, phone: io.mac,
    });
    if (r.outcome.ok) return done({ kind: 'tftp', body: r.data }, address);
    if (r.outcome.reason === 'error-packet') return done({ kind: 'tftp-error', code: r.outcome.code, message: r.outcome.message }, address);
    return done({ kind: 'network-error', message: `tftp ${r.outcome.reason}: ${r.outcome.message}` }, address);
  }
  const def = e.scheme === 'https' ? 443 : 80;
  const url = `${e.scheme}://${address}${e.port === def ? '' : `:${e.port}`}${e.path}`;
  const extra: [string, string][] = [];
  // A name resolved by us: the request goes to the address, the Host header keeps the name (RFC 9110 section 7.2).
  if (address !== host) extra.push(['Host', `${host}${e.port === def ? '' : `:${e.port}`}`]);
  for (const [k, v] of Object.entries(e.headers)) {
    const lk = k.toLowerCase();
    if (lk !== 'user-agent' && lk !== 'accept-encoding') extra.push([k, v]);
  }
  // HTTP-011 retries carry the rule's --uid/--pwd (X-HTTP-021); Basic is the scheme offered here.
  if (e.credentials) extra.push(['Authorization', `Basic ${Buffer.from(`${e.credentials.user}:${e.credentials.password}`).toString('base64')}`]);
  const acceptKey = Object.keys(e.headers).find((k) => k.toLowerCase() === 'accept-encoding');
  const accept = acceptKey === undefined ? undefined : e.headers[acceptKey];
  if (accept !== undefined && accept !== 'aes128gcm') extra.push(['Accept-Encoding', accept]);
  const ua = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '';
  const useCert = e.scheme === 'https' && e.clientCert && io.credentials !== undefined;
  const r = await phoneHttpRequest({
    url, method: e.method, userAgent: ua, acceptAes128gcm: accept === 'aes128gcm', headers: extra,
    ...(e.body !== undefined ? { body: new TextEncoder().encode(e.body) } : {}),
    ...(io.localAddress !== undefined ? { localAddress: io.localAddress } : {}),
    ...(e.scheme === 'https' ? { tls: { ...(io.serverCa !== undefined ? { ca: io.serverCa } : {}), ...(useCert ? { cert: io.credentials!.cert, key: io.credentials!.key } : {}), ...(address !== host ? { servername: host } : {}) } } : {}),
    timeoutMs: io.httpTimeoutMs ?? 10_000, tap: io.tap, phone: io.mac,
  });
  if (!r.ok) return done({ kind: 'network-error', message: `${r.reason}: ${r.message}` }, address);
  return done({ kind: 'http', status: r.response.status, headers: headerRecord(r.response.rawHeaders), body: r.response.body }, address);
}
