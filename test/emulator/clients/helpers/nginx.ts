/** nginx on loopback high ports with a temp prefix (no root needed): HTTP and HTTPS with mTLS. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Nginx { http: number; https: number; dir: string; accessLog(): string[]; stop(): Promise<void> }

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

export async function startNginx(o: { serverCert: string; serverKey: string; clientCa: string; files: Record<string, Uint8Array | string>; extra?: string }): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-nginx-'));
  chmodSync(dir, 0o755);
  const www = join(dir, 'www');
  mkdirSync(www);
  mkdirSync(join(dir, 'tmp'));
  chmodSync(www, 0o755);
  for (const [n, d] of Object.entries(o.files)) { writeFileSync(join(www, n), d); chmodSync(join(www, n), 0o644); }
  writeFileSync(join(dir, 'srv.crt'), o.serverCert);
  writeFileSync(join(dir, 'srv.key'), o.serverKey);
  writeFileSync(join(dir, 'ca.crt'), o.clientCa);
  const [http, https] = [await freeTcpPort(), await freeTcpPort()];
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${dir}/tmp/${k};`).join('\n');
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(join(dir, 'nginx.conf'), `${user}
daemon off; master_process off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  ${temps}
  log_format pc '$remote_addr|$status|$request|$http_user_agent|$http_accept_encoding|$ssl_client_s_dn';
  access_log ${dir}/access.log pc;
  server { listen 127.0.0.1:${http}; root ${www};
    location = /redir { return 302 http://127.0.0.1:${http}/a.xml; }
    location = /gz.xml { default_type application/xml; add_header Content-Encoding gzip; }
    ${o.extra ?? ''}
  }
  server { listen 127.0.0.1:${https} ssl; root ${www};
    ssl_certificate ${dir}/srv.crt; ssl_certificate_key ${dir}/srv.key;
    ssl_client_certificate ${dir}/ca.crt; ssl_verify_client on;
  }
}
`);
  const child = spawn('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (existsSync(join(dir, 'error.log')) && /start worker|using the "epoll"/.test(readFileSync(join(dir, 'error.log'), 'utf8'))) break;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50));
  return {
    http, https, dir,
    accessLog: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8').trim().split('\n').filter(Boolean) : []),
    async stop() {
      if (child.exitCode === null) { child.kill('SIGQUIT'); await new Promise((r) => child.once('exit', r)); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
