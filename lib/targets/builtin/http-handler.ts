/**
 * The HTTP(S) request handler: files from the store with exact Content-Length (HTTP-023), HEAD,
 * 404 for what is not there, declared 301/302 redirects (HTTP-007/008), chunked bodies for declared
 * paths over HTTP/1.1 (HTTP-003), RFC 8188 aes128gcm bodies when the phone asks for them and the
 * deployment has an IKM (ENC-008..010), the onboarding and activation endpoints, and over HTTPS the
 * per-phone authorisation: the client certificate's S= MAC (HTTP-019) must match any MAC in the
 * requested path, else 403 (HTTP-020: each phone gets only its own profile).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { aes128gcmEncrypt, isGzip, isXmlText } from '../../crypto/index.js';
import type { OnboardingSpec, PhoneSpec } from '../types.js';
import type { FileStore } from './content.js';
import type { LogFn } from './log.js';
import { activationCode, activationProfile, boundProfile, initUrlFor, matchInitPath } from './onboarding.js';
import type { Routes } from './routes.js';

export interface HttpContext {
  readonly store: FileStore;
  readonly routes: Routes;
  readonly log: LogFn;
  readonly ikm?: Uint8Array;
  readonly onboarding?: OnboardingSpec;
  readonly phones: readonly PhoneSpec[];
}

const MAC_IN_PATH = /(?<![0-9a-f])([0-9a-f]{2}(?::?[0-9a-f]{2}){5})(?![0-9a-f])/gi;
const enc = new TextEncoder();

function normMac(s: string): string {
  return s.replace(/[:-]/g, '').toLowerCase();
}

/** The client certificate's S= (ST) field as a bare lower-case MAC, when there is a verified one. */
export function peerMac(req: IncomingMessage): string | undefined {
  const sock = req.socket as Partial<TLSSocket>;
  if (typeof sock.getPeerCertificate !== 'function' || !sock.authorized) return undefined;
  const st = sock.getPeerCertificate().subject?.ST;
  const v = Array.isArray(st) ? st[0] : st;
  return v ? normMac(v) : undefined;
}

/** HTTP-004: the MAC in parentheses at the end of the User-Agent, e.g. Cisco-CP-8841-3PCC/11.0 (00562b043615). */
function userAgentMac(req: IncomingMessage): string | undefined {
  const m = /\(([0-9a-fA-F]{12})\)\s*$/.exec(req.headers['user-agent'] ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

function acceptsAes128gcm(req: IncomingMessage): boolean {
  const h = req.headers['accept-encoding'];
  if (!h) return false;
  return h.split(',').some((part) => {
    const [token, ...params] = part.trim().split(';').map((x) => x.trim());
    if (token?.toLowerCase() !== 'aes128gcm') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Uint8Array, chunked = false): void {
  if (chunked && req.httpVersion === '1.1' && req.method !== 'HEAD') {
    res.writeHead(status, { ...headers, 'Transfer-Encoding': 'chunked' });
    // Two chunks at least, so that a client really has to de-chunk.
    const half = Math.ceil(body.length / 2);
    if (half > 0) res.write(body.subarray(0, half));
    if (body.length > half) res.write(body.subarray(half));
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function text(req: IncomingMessage, res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  send(req, res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra }, enc.encode(`${message}\n`));
}

function contentType(path: string): string {
  if (/\.xml$/i.test(path)) return 'application/xml';
  if (/\.(cfg|txt)$/i.test(path)) return 'text/plain';
  return 'application/octet-stream';
}

export function handleHttp(ctx: HttpContext, scheme: 'http' | 'https', req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const mac = scheme === 'https' ? peerMac(req) : undefined;
  const who = `${req.socket.remoteAddress}:${req.socket.remotePort}${mac ? ` cert S=${mac}` : ''}`;
  const done = (status: number, note: string) => ctx.log(scheme, `${who} ${method} ${req.url} HTTP/${req.httpVersion} -> ${status}${note ? ` (${note})` : ''}`);
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    done(405, 'method');
    return text(req, res, 405, 'method not allowed', { Allow: 'GET, HEAD, POST' });
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    done(400, 'bad path');
    return text(req, res, 400, 'bad request path');
  }
  // A POST body (HTTP-005 [--post]) is read and discarded; the answer is the same file.
  req.resume();

  const o = ctx.onboarding;
  if (o) {
    const code = /^\/activation\/code\/([^/]+)$/.exec(path);
    const device = /^\/activation\/device\/([^/]+)$/.exec(path);
    if (code || device) {
      let customer: string | undefined;
      if (code) {
        if (!/^\d{16}$/.test(code[1]!)) { done(400, 'activation code is not 16 digits'); return text(req, res, 400, 'activation code must be 16 digits (EDOS-007)'); }
        customer = [...new Set(Object.values(o.customerIds))].find((id) => activationCode(id) === code[1]);
      } else {
        customer = Object.entries(o.customerIds).find(([m]) => normMac(m) === normMac(device![1]!))?.[1];
      }
      if (!customer) { done(404, 'no such activation'); return text(req, res, 404, 'unknown activation code or device'); }
      const url = initUrlFor(o.initUrl, customer);
      done(200, `activation -> ${url}`);
      return send(req, res, 200, { 'Content-Type': 'application/xml' }, enc.encode(activationProfile(url)));
    }
    const init = matchInitPath(o, path);
    if (init) {
      // RESYNC-013 / EDOS-010: bind the requesting phone (certificate identity, else the User-Agent MAC) to the account.
      const id = mac ?? userAgentMac(req);
      if (!id || !init.macs.includes(id)) {
        done(403, `onboarding: ${id ?? 'unidentified phone'} is not a phone of customer ${init.customerId}`);
        return text(req, res, 403, 'this phone is not bound to that customer');
      }
      done(200, `onboarding: ${id} bound to customer ${init.customerId}`);
      return send(req, res, 200, { 'Content-Type': 'application/xml' }, enc.encode(boundProfile(o, init.customerId)));
    }
  }

  const redirect = ctx.routes.redirects.get(path);
  if (redirect) {
    const location = /^[a-z][a-z0-9+.-]*:/i.test(redirect.to) ? redirect.to : `${scheme}://${req.headers.host ?? 'localhost'}${redirect.to.startsWith('/') ? '' : '/'}${redirect.to}`;
    done(redirect.status, `-> ${location}`);
    return send(req, res, redirect.status, { Location: location, 'Content-Type': 'text/plain' }, enc.encode(`moved to ${location}\n`));
  }

  const found = ctx.store.lookup(path);
  if (found.kind !== 'file') {
    done(404, found.kind === 'traversal' ? 'outside the served folder' : 'no such file');
    return text(req, res, 404, 'not found');
  }

  if (scheme === 'https') {
    // HTTP-020: a phone gets only its own files. Any MAC or known serial in the path must be the certificate's.
    const inPath = [...path.matchAll(MAC_IN_PATH)].map((m) => normMac(m[1]!));
    const foreignSerial = ctx.phones.find((p) => normMac(p.mac) !== mac && p.serial.length >= 4 && path.includes(p.serial));
    if (!mac || inPath.some((m) => m !== mac) || foreignSerial) {
      done(403, `path belongs to another phone than certificate S=${mac ?? '(none)'}`);
      return text(req, res, 403, 'forbidden: not this phone\'s file');
    }
  }

  let body = found.bytes;
  const headers: Record<string, string> = { 'Content-Type': contentType(found.path), Vary: 'Accept-Encoding' };
  // A file stored encrypted (openssl enc) whose clear text the server keeps is coded from the clear
  // text instead when the phone asks for aes128gcm: the phone decrypts one layer (ENC-008, ENC-010).
  const clear = ctx.ikm && acceptsAes128gcm(req) ? ctx.store.clearText(found.path) : undefined;
  if (clear) body = clear;
  if (ctx.ikm && acceptsAes128gcm(req) && (isXmlText(body) || isGzip(body))) {
    // ENC-008/ENC-010: RFC 8188 body, coding named in Content-Encoding; a fresh random salt per response.
    body = aes128gcmEncrypt(body, ctx.ikm);
    headers['Content-Encoding'] = 'aes128gcm';
  }
  done(200, `${body.length} octets${headers['Content-Encoding'] ? ' aes128gcm' : ''}`);
  send(req, res, 200, headers, body, ctx.routes.chunked.has(path));
}
