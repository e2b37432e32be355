/**
 * The EDOS/activation stub over HTTPS (port 443 in the lab): node:https with a certificate for the
 * EDOS names from the lab server CA; answers come from edos.ts. Request bodies are read up to a small
 * bound (an activation code is 16 digits); a larger body is refused with 413.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvcertError } from '../../errors.js';
import type { LogFn } from '../../targets/builtin/log.js';
import { answerEdos, type EdosContext } from './edos.js';

const MAX_BODY = 4096;

export interface EdosHttpsOptions {
  readonly bind: string;
  readonly port: number;
  readonly key: string;
  readonly cert: string;
  /** Read per request: the target's URL changes when it restarts. */
  readonly context: () => EdosContext;
  readonly log: LogFn;
}

export interface RunningHttps {
  readonly port: number;
  stop(): Promise<void>;
}

function handle(o: EdosHttpsOptions, req: IncomingMessage, res: ServerResponse): void {
  const who = `${req.socket.remoteAddress}:${req.socket.remotePort} Host ${req.headers.host ?? '-'}`;
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (d: Buffer) => {
    size += d.length;
    if (size > MAX_BODY) { refused = true; return; }
    chunks.push(d);
  });
  req.on('end', () => {
    let path: string;
    try { path = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname); } catch { path = '\0bad'; }
    const a = refused
      ? { status: 413, contentType: 'text/plain; charset=utf-8', body: 'body too large\n', note: `body over ${MAX_BODY} octets` }
      : path === '\0bad'
        ? { status: 400, contentType: 'text/plain; charset=utf-8', body: 'bad request path\n', note: 'bad path' }
        : answerEdos({ method: req.method ?? 'GET', path, body: Buffer.concat(chunks).toString('utf8') }, o.context());
    const body = Buffer.from(a.body, 'utf8');
    o.log('edos', `${who} ${req.method} ${req.url} HTTP/${req.httpVersion} -> ${a.status} (${a.note})`);
    res.writeHead(a.status, { 'Content-Type': a.contentType, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

export function startEdosHttps(o: EdosHttpsOptions): Promise<RunningHttps> {
  const server: Server = createServer({ key: o.key, cert: o.cert }, (req, res) => handle(o, req, res));
  server.on('tlsClientError', (e) => o.log('edos', `TLS: ${e.message}`));
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new ProvcertError('PC_ERR_LAB', `EDOS stub cannot listen on ${o.bind}:${o.port}: ${e.message}`, { cause: e })));
    server.listen(o.port, o.bind, () => {
      const port = (server.address() as AddressInfo).port;
      o.log('edos', `listening on ${o.bind}:${port} (HTTPS)`);
      resolve({
        port,
        stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
