/** ISC dhcpd 4.4 as a process target: `dhcpd -d -cf -lf -pf IFACE` (-d: foreground, log to stderr). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDriver } from '../types.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { renderIscDhcpConfig } from './isc-dhcp-config.js';
import { LAB_PORTS } from './provisioning-options.js';
import { serverHost } from './server-host.js';

export const iscDhcpDriver: TargetDriver = {
  name: 'isc-dhcp',
  kind: 'process',
  serves: ['dhcp'],
  unavailable: () => processUnavailable(['dhcpd']),
  async start(spec, env) {
    const s = serverHost(spec, env, 'isc-dhcp');
    const conf = join(s.dir, 'dhcpd.conf');
    const leases = join(s.dir, 'dhcpd.leases');
    writeFileSync(conf, renderIscDhcpConfig(s.input), { mode: 0o644 });
    writeFileSync(leases, '', { flag: 'a' }); // dhcpd refuses to start without a lease file
    const d = await startDaemon(s.lab, s.host, {
      name: 'dhcpd',
      argv: ['dhcpd', '-4', '-d', '-cf', conf, '-lf', leases, '-pf', join(s.dir, 'dhcpd.pid'), s.iface],
      logPath: join(s.dir, 'dhcpd.log'),
      listens: [{ proto: 'udp', port: LAB_PORTS.dhcp }],
    });
    return runningTarget({
      spec, lab: s.lab, serverIp: s.serverIp, ports: { dhcp: LAB_PORTS.dhcp },
      versions: { 'isc-dhcp': versionOf(['dhcpd', '--version'], /isc-dhcpd-(\S+)/) },
      daemons: [d],
    });
  },
};
