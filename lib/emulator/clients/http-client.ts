/**
 * One HTTP(S) request as a phone makes it, on undici 7's Client/dispatch: raw body bytes, NO
 * automatic redirects and NO automatic decompression (both are model decisions: HTTP outcome table,
 * aes128gcm only with an IKM), headers in wire order, the TLS peer certificate and timings.
 * One connection per request, so the certificate and timings belong to this request.
 */
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import { ProvcertError } from '../../errors.js';
import { phoneConnector, type ConnectionInfo, type TlsClientOptions } from '../net/tcp-connector.js';
import type { Endpoint, PacketTap } from '../net/packet-events.js';

export interface PhoneHttpRequest {
  readonly url: string;
  readonly method?: string;
  /** The phone's User-Agent (HTTP-004), e.g. Cisco-CP-8841-3PCC/11.3.1 (000e08abcdef). */
  readonly userAgent: string;
  /** Adds `Accept-Encoding: aes128gcm` (RFC 8188); the model sets it only when an IKM is configured. */
  readonly acceptAes128gcm?: boolean;
  /** Further headers, sent in this order after User-Agent (and Accept-Encoding). */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
  /** Source address: the phone's lease. */
  readonly localAddress?: string;
  readonly tls?: TlsClientOptions;
  /** Whole request bound, wall time; default 10 s. */
  readonly timeoutMs?: number;
  /** Bound on the body kept; default 64 MiB (beyond it the request is aborted: outcome too-large). */
  readonly maxBodyBytes?: number;
  readonly tap?: PacketTap;
  readonly phone?: string;
}

export interface HttpTimings {
  readonly connectMs?: number;
  readonly tlsMs?: number;
  /** From the start to the response headers. */
  readonly headersMs?: number;
  readonly totalMs: number;
}

export interface PhoneHttpResponse {
  readonly status: number;
  readonly statusText: string;
  /** Header lines in wire order, names as written (latin1). */
  readonly rawHeaders: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
  readonly trailers: readonly (readonly [string, string])[];
}

export type PhoneHttpResult =
  | { readonly ok: true; readonly response: PhoneHttpResponse; readonly connection: ConnectionInfo; readonly timings: HttpTimings }
  | { readonly ok: false; readonly reason: 'connect' | 'tls' | 'timeout' | 'too-large' | 'protocol'; readonly message: string; readonly connection?: ConnectionInfo; readonly timings: HttpTimings };

function pairs(raw: readonly Buffer[] | null | undefined): [string, string][] {
  const out: [string, string][] = [];
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!.toString('latin1'), raw[i + 1]!.toString('latin1')]);
  return out;
}

/** First value of a header, case-insensitively, from raw pairs. */
export function rawHeader(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const want = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === want)?.[1];
}

function classify(e: unknown, https: boolean): { reason: 'connect' | 'tls' | 'timeout' | 'protocol'; message: string } {
  const err = e as NodeJS.ErrnoException & { code?: string };
  const code = String(err?.code ?? '');
  const message = err instanceof Error ? err.message : String(e);
  if (/TIMEOUT/.test(code)) return { reason: 'timeout', message };
  if (https && (/^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME|EPROTO/.test(code) || /certificate|handshake|alert/i.test(message))) return { reason: 'tls', message: `${code} ${message}`.trim() };
  if (/^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|ADDRNOTAVAIL|ADDRINUSE)$|UND_ERR_SOCKET|UND_ERR_CONNECT/.test(code)) return { reason: 'connect', message: `${code} ${message}`.trim() };
  return { reason: 'protocol', message: `${code} ${message}`.trim() };
}

export async function phoneHttpRequest(r: PhoneHttpRequest): Promise<PhoneHttpResult> {
  let url: URL;
  try {
    url = new URL(r.url);
  } catch {
    throw new ProvcertError('PC_ERR_CONFIG', `not a URL: '${r.url}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProvcertError('PC_ERR_CONFIG', `not an http(s) URL: '${r.url}'`);
  const https = url.protocol === 'https:';
  const started = performance.now();
  let connection: ConnectionInfo | undefined;
  const client = new Client(url.origin, {
    connect: phoneConnector({ localAddress: r.localAddress, tls: r.tls, tap: r.tap, phone: r.phone, onConnection: (i) => { connection = i; } }),
    pipelining: 1,
    // Bounds are enforced by the overall timer below; undici's own would report other codes.
    headersTimeout: 0, bodyTimeout: 0, connectTimeout: r.timeoutMs ?? 10_000,
  });
  const headers: string[] = ['User-Agent', r.userAgent];
  if (r.acceptAes128gcm) headers.push('Accept-Encoding', 'aes128gcm');
  for (const [k, v] of r.headers ?? []) headers.push(k, v);
  const maxBody = r.maxBodyBytes ?? 64 * 1024 * 1024;
  let headersAt: number | undefined;
  const timings = (): HttpTimings => ({ connectMs: connection?.connectMs, tlsMs: connection?.tlsMs, headersMs: headersAt, totalMs: performance.now() - started });

  try {
    return await new Promise<PhoneHttpResult>((resolve) => {
      let abort: ((e?: Error) => void) | undefined;
      let status = 0;
      let statusText = '';
      let rawHeaders: [string, string][] = [];
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const settle = (res: PhoneHttpResult) => { if (!settled) { settled = true; clearTimeout(timer); resolve(res); } };
      const timer = setTimeout(() => {
        settle({ ok: false, reason: 'timeout', message: `no complete response within ${r.timeoutMs ?? 10_000} ms`, connection, timings: timings() });
        abort?.(new Error('timeout'));
      }, r.timeoutMs ?? 10_000);
      const handler: Dispatcher.DispatchHandler = {
        onConnect(a) { abort = a; },
        onHeaders(statusCode, raw, _resume, text) {
          status = statusCode;
          statusText = text;
          rawHeaders = pairs(raw as unknown as Buffer[]);
          headersAt = performance.now() - started;
          return true;
        },
        onData(chunk) {
          size += chunk.length;
          if (size > maxBody) {
            settle({ ok: false, reason: 'too-large', message: `body larger than ${maxBody} octets`, connection, timings: timings() });
            abort?.(new Error('too large'));
            return false;
          }
          chunks.push(chunk);
          return true;
        },
        onComplete(trailers) {
          const body = Buffer.concat(chunks);
          settle({
            ok: true, connection: connection ?? { connId: 0 }, timings: timings(),
            response: { status, statusText, rawHeaders, body: new Uint8Array(body.buffer, body.byteOffset, body.length), trailers: pairs(trailers as unknown as Buffer[] | null) },
          });
        },
        onError(e) {
          settle({ ok: false, ...classify(e, https), connection, timings: timings() });
        },
      };
      client.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method: (r.method ?? 'GET') as Dispatcher.HttpMethod, headers, body: r.body ? Buffer.from(r.body) : undefined }, handler);
    });
  } finally {
    await client.destroy().catch(() => undefined);
  }
}
