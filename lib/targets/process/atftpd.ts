/** atftpd as a process target: TFTP of the content folder in the server namespace. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand } from '../../lab/sys.js';
import type { TargetDriver } from '../types.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { LAB_PORTS } from './provisioning-options.js';
import { serverHost } from './server-host.js';
import { atftpdArgv } from './tftp-argv.js';

/**
 * Debian's atftpd and tftpd-hpa packages conflict (both ship /usr/sbin/in.tftpd), so the lab keeps
 * tftpd-hpa installed and atftpd unpacked beside it (`dpkg-deb -x atftpd_*.deb /opt/provcert/atftpd`,
 * docs/lab.md). Order: $PROVCERT_ATFTPD, `atftpd` on PATH, the unpacked copy.
 */
export const ATFTPD_UNPACKED = '/opt/provcert/atftpd/usr/sbin/atftpd';

/** `atftpd --version` prints `atftp-0.8.0 (server)`; shared with container:atftpd. */
export const ATFTPD_VERSION_RE = /atftp-(\S+)/;

export function atftpdBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['PROVCERT_ATFTPD'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  if (hasCommand('atftpd')) return 'atftpd';
  return existsSync(ATFTPD_UNPACKED) ? ATFTPD_UNPACKED : undefined;
}

export const atftpdDriver: TargetDriver = {
  name: 'atftpd',
  kind: 'process',
  serves: ['tftp'],
  unavailable: () => processUnavailable([]) ?? (atftpdBinary() ? undefined : `atftpd not found (PATH, $PROVCERT_ATFTPD, ${ATFTPD_UNPACKED})`),
  async start(spec, env) {
    const s = serverHost(spec, env, 'atftpd');
    const bin = atftpdBinary() ?? 'atftpd';
    const d = await startDaemon(s.lab, s.host, { name: 'atftpd', argv: atftpdArgv(s.input, bin), logPath: join(s.dir, 'atftpd.log'), listens: [{ proto: 'udp', port: LAB_PORTS.tftp }] });
    return runningTarget({
      spec, lab: s.lab, serverIp: s.serverIp, ports: { tftp: LAB_PORTS.tftp },
      versions: { atftpd: versionOf([bin, '--version'], ATFTPD_VERSION_RE) },
      daemons: [d],
    });
  },
};
