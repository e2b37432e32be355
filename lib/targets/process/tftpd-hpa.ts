/** tftpd-hpa as a process target: TFTP of the content folder in the server namespace. */
import { join } from 'node:path';
import type { TargetDriver } from '../types.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { LAB_PORTS } from './provisioning-options.js';
import { serverHost } from './server-host.js';
import { tftpdHpaArgv } from './tftp-argv.js';

/**
 * The atftpd package ships /usr/sbin/in.tftpd -> atftpd and, installed after tftpd-hpa, replaces
 * tftp-hpa's binary of the same name: check which one is there.
 */
function notHpa(): string | undefined {
  const v = versionOf(['in.tftpd', '-V']);
  return /tftp-hpa/.test(v) ? undefined : `in.tftpd is not tftp-hpa ('${v}'; the atftpd package replaces it): apt-get install --reinstall tftpd-hpa`;
}

export const tftpdHpaDriver: TargetDriver = {
  name: 'tftpd-hpa',
  kind: 'process',
  serves: ['tftp'],
  unavailable: () => processUnavailable(['in.tftpd']) ?? notHpa(),
  async start(spec, env) {
    const s = serverHost(spec, env, 'tftpd-hpa');
    const d = await startDaemon(s.lab, s.host, { name: 'in.tftpd', argv: tftpdHpaArgv(s.input), logPath: join(s.dir, 'in.tftpd.log'), listens: [{ proto: 'udp', port: LAB_PORTS.tftp }] });
    return runningTarget({
      spec, lab: s.lab, serverIp: s.serverIp, ports: { tftp: LAB_PORTS.tftp },
      versions: { 'tftpd-hpa': versionOf(['in.tftpd', '-V'], /tftp-hpa (\S+?),?\s/) },
      daemons: [d],
    });
  },
};
