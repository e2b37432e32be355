/**
 * nginx as a process target (HTTP + HTTPS with client certificates). Certificates: the server
 * certificate is issued for the server address and the lab DNS name by the server CA (the target file's
 * serverCa when it holds a key, else the lab's); clients must chain to the target file's phoneCa or the
 * lab manufacturer CA (lab-pki.ts, a view of the one lab PKI in lib/emulator/pki).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDriver, TargetSpec } from '../types.js';
import { ProvcertError } from '../../errors.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { ensureLabPki, issueServerCertificate, readPemFile } from './lab-pki.js';
import { renderNginxConfig, type NginxFiles } from './nginx-config.js';
import { LAB_PORTS, LAB_SERVER_NAME } from './provisioning-options.js';
import { serverHost } from './server-host.js';

/** Writes the server certificate, its key and the client CA into `dir`; returns their paths. */
export function writeNginxCertificates(spec: TargetSpec, dir: string, serverIp: string, serverName = LAB_SERVER_NAME): NginxFiles {
  const pki = ensureLabPki();
  let serverCa = pki.serverCa;
  let server: { cert: string; key: string } | undefined;
  if (spec.serverCa) {
    const given = readPemFile(spec.serverCa);
    if (!given.key) throw new ProvcertError('PC_ERR_CONFIG', `serverCa ${spec.serverCa} has no private key: nginx needs it to issue the server certificate for ${serverIp}`);
    serverCa = { cert: given.cert, key: given.key };
    server = issueServerCertificate(serverCa, { ip: serverIp, name: serverName });
  }
  // The lab server CA's certificate comes from the one lab PKI cache (lib/emulator/pki), which the emulator trusts.
  server ??= pki.serverCertificate({ ip: serverIp, name: serverName });
  const files: NginxFiles = { serverCert: join(dir, 'server.pem'), serverKey: join(dir, 'server.key'), clientCa: join(dir, 'client-ca.pem') };
  writeFileSync(files.serverCert, server.cert + serverCa.cert, { mode: 0o644 }); // leaf + issuer
  writeFileSync(files.serverKey, server.key, { mode: 0o600 });
  writeFileSync(files.clientCa, spec.phoneCa ? readPemFile(spec.phoneCa).cert : pki.phoneCa.cert, { mode: 0o644 });
  return files;
}

export const nginxDriver: TargetDriver = {
  name: 'nginx',
  kind: 'process',
  serves: ['http', 'https'],
  unavailable: () => processUnavailable(['nginx']),
  async start(spec, env) {
    const s = serverHost(spec, env, 'nginx');
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(s.dir, 'tmp', t), { recursive: true });
    const files = writeNginxCertificates(spec, s.dir, s.serverIp);
    const conf = join(s.dir, 'nginx.conf');
    writeFileSync(conf, renderNginxConfig(s.input, files, LAB_SERVER_NAME), { mode: 0o644 });
    const d = await startDaemon(s.lab, s.host, {
      name: 'nginx',
      argv: ['nginx', '-p', s.dir, '-c', conf, '-e', join(s.dir, 'nginx-error.log')],
      logPath: join(s.dir, 'nginx.log'),
      listens: [{ proto: 'tcp', port: LAB_PORTS.http }, { proto: 'tcp', port: LAB_PORTS.https }],
    });
    return runningTarget({
      spec, lab: s.lab, serverIp: s.serverIp, ports: { http: LAB_PORTS.http, https: LAB_PORTS.https },
      versions: { nginx: versionOf(['nginx', '-v'], /nginx\/(\S+)/) },
      daemons: [d],
      extraLogs: [join(s.dir, 'nginx-access.log'), join(s.dir, 'nginx-error.log')],
    });
  },
};
