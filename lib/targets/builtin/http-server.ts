/**
 * HTTP and HTTPS listeners (node:http/https; keep-alive; HTTP/1.0 and 1.1 through node's parser).
 * HTTPS asks every client for a certificate and refuses the handshake without one that chains to
 * the phone CA (requestCert + rejectUnauthorized): no profile without a valid client certificate
 * (HTTP-020).
 */
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ProvcertError } from '../../errors.js';
import type { RunningService } from './dhcp-server.js';
import { handleHttp, type HttpContext } from './http-handler.js';

function listen(server: Server, bind: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(new ProvcertError('PC_ERR_TARGET', `cannot listen on TCP ${bind}:${port}: ${e.message}`, { cause: e }));
    server.once('error', onError);
    server.listen(port, bind, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

function closer(server: Server): () => Promise<void> {
  return () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startHttp(ctx: HttpContext, bind: string, port: number): Promise<RunningService> {
  const server = createHttp({ keepAlive: true }, (req, res) => handleHttp(ctx, 'http', req, res));
  const p = await listen(server, bind, port);
  ctx.log('http', `listening on ${bind}:${p}`);
  return { port: p, stop: closer(server) };
}

export interface TlsMaterial {
  readonly certPem: string;
  readonly keyPem: string;
  /** Phone (manufacturer) CA certificates the client certificate must chain to. */
  readonly phoneCaPem: string;
}

export async function startHttps(ctx: HttpContext, bind: string, port: number, tls: TlsMaterial): Promise<RunningService> {
  const server = createHttps({
    key: tls.keyPem, cert: tls.certPem, ca: tls.phoneCaPem, requestCert: true, rejectUnauthorized: true, keepAlive: true,
  }, (req, res) => handleHttp(ctx, 'https', req, res));
  server.on('tlsClientError', (e, socket: TLSSocket) => ctx.log('https', `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} TLS refused: ${e.message}`));
  const p = await listen(server, bind, port);
  ctx.log('https', `listening on ${bind}:${p}, client certificates required`);
  return { port: p, stop: closer(server) };
}
