/**
 * The lab child's control channel: line-delimited JSON over a Unix socket file, which the parent can
 * reach from outside the server namespace. Request {id, type:'notify-resync', phoneMac, phoneSip,
 * profileUrl?}; answer {id, ok:true, status} or {id, ok:false, error}.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { ProvcertError, isProvcertError } from '../../errors.js';
import type { NotifyRequest } from './sip-notify.js';

export interface ControlRequest extends NotifyRequest {
  readonly id: number;
  readonly type: 'notify-resync';
}

type ControlAnswer = { id: number; ok: true; status: number } | { id: number; ok: false; error: string };

export function serveControl(path: string, notify: (r: NotifyRequest) => Promise<number>): Promise<Server> {
  rmSync(path, { force: true });
  const server = createServer((conn) => {
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 1 << 20) return conn.destroy();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let req: ControlRequest;
        try { req = JSON.parse(line) as ControlRequest; } catch { continue; }
        const reply = (a: ControlAnswer) => conn.write(`${JSON.stringify(a)}\n`);
        if (req.type !== 'notify-resync') {
          reply({ id: req.id, ok: false, error: `unknown action '${String(req.type)}'` });
          continue;
        }
        notify(req).then(
          (status) => reply({ id: req.id, ok: true, status }),
          (e: unknown) => reply({ id: req.id, ok: false, error: isProvcertError(e) ? e.message : String(e) }),
        );
      }
    });
    conn.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

/** Parent side: one request, one answer (bounded by `timeoutMs`). */
export function callControl(path: string, req: Omit<ControlRequest, 'id'>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(path);
    const id = 1;
    let buf = '';
    const timer = setTimeout(() => { conn.destroy(); reject(new ProvcertError('PC_ERR_TARGET', `builtin control: no answer within ${timeoutMs} ms`)); }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ ...req, id })}\n`));
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      conn.end();
      const a = JSON.parse(buf.slice(0, nl)) as ControlAnswer;
      if (a.ok) resolve(a.status);
      else reject(new ProvcertError('PC_ERR_TARGET', a.error));
    });
    conn.on('error', (e) => { clearTimeout(timer); reject(new ProvcertError('PC_ERR_TARGET', `builtin control: ${e.message}`)); });
  });
}
