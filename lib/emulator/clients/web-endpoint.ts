/**
 * The phone's web server, reduced to what provisioning uses: `GET /admin/resync?<url>` (HTTP-002)
 * hands the URL to the phone's handler, which the runtime turns into a model event. One server
 * serves all phones of a process and routes by the local address the request arrived on (each
 * phone has its own: lab secondary addresses or 127.77.x.y), so 10,000 phones need one socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ProvcertError } from '../../errors.js';
import type { Endpoint } from '../net/packet-events.js';

export interface ResyncCommand {
  /** Text after the first '?', exactly as requested (may itself contain '?'); undefined without a query. */
  readonly rawUrl?: string;
  /** rawUrl percent-decoded, when it decodes. */
  readonly url?: string;
  readonly from: Endpoint;
  readonly userAgent?: string;
}

export interface ResyncAnswer {
  readonly status: number;
  readonly body?: string;
}

export type ResyncHandler = (cmd: ResyncCommand) => ResyncAnswer | void | Promise<ResyncAnswer | void>;

export class PhoneWebEndpoint {
  private readonly phones = new Map<string, ResyncHandler>();
  private constructor(private readonly server: Server, readonly port: number) {}

  /** Listens on host:port (0.0.0.0 and a fixed port normally; port 0 = ephemeral). */
  static async listen(o: { host?: string; port?: number } = {}): Promise<PhoneWebEndpoint> {
    let self: PhoneWebEndpoint | undefined;
    const server = createServer((req, res) => { void self?.handle(req, res); });
    server.keepAliveTimeout = 1000;
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', (e) => reject(new ProvcertError('PC_ERR_LAB', `phone web endpoint cannot listen on ${o.host ?? '0.0.0.0'}:${o.port ?? 0}: ${e.message}`, { cause: e })));
      server.listen(o.port ?? 0, o.host ?? '0.0.0.0', () => resolve((server.address() as { port: number }).port));
    });
    self = new PhoneWebEndpoint(server, port);
    return self;
  }

  /** Routes requests arriving on `localAddress` to this phone's handler (undefined removes it). */
  route(localAddress: string, handler: ResyncHandler | undefined): void {
    if (handler) this.phones.set(localAddress, handler);
    else this.phones.delete(localAddress);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const local = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
    const handler = this.phones.get(local);
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    if (!handler || req.method !== 'GET' || path !== '/admin/resync') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const rawUrl = q < 0 || q === target.length - 1 ? undefined : target.slice(q + 1);
    let url: string | undefined;
    try { url = rawUrl === undefined ? undefined : decodeURIComponent(rawUrl); } catch { url = undefined; }
    const from = { address: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''), port: req.socket.remotePort ?? 0 };
    let answer: ResyncAnswer | void;
    try {
      answer = await handler({ rawUrl, url, from, userAgent: req.headers['user-agent'] });
    } catch {
      answer = { status: 500, body: 'handler failed\n' };
    }
    res.writeHead(answer?.status ?? 200, { 'Content-Type': 'text/plain' }).end(answer?.body ?? 'resync requested\n');
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
