/** Kea DHCPv4 2.2 as a process target, outside /run/kea (pid and lock files in outDir). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDriver } from '../types.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { renderKeaConfig } from './kea-config.js';
import { LAB_PORTS } from './provisioning-options.js';
import { serverHost } from './server-host.js';

export const keaDriver: TargetDriver = {
  name: 'kea',
  kind: 'process',
  serves: ['dhcp'],
  unavailable: () => processUnavailable(['kea-dhcp4']),
  async start(spec, env) {
    const s = serverHost(spec, env, 'kea');
    const conf = join(s.dir, 'kea-dhcp4.conf');
    writeFileSync(conf, renderKeaConfig(s.input), { mode: 0o644 });
    const d = await startDaemon(s.lab, s.host, {
      name: 'kea-dhcp4',
      argv: ['kea-dhcp4', '-c', conf],
      logPath: join(s.dir, 'kea-dhcp4.log'),
      // platform-facts.md: Kea runs outside /run/kea with these two set.
      env: { ...process.env, KEA_PIDFILE_DIR: s.dir, KEA_LOCKFILE_DIR: s.dir, KEA_LOGGER_DESTINATION: join(s.dir, 'kea-dhcp4.log') },
      listens: [{ proto: 'udp', port: LAB_PORTS.dhcp }],
    });
    return runningTarget({
      spec, lab: s.lab, serverIp: s.serverIp, ports: { dhcp: LAB_PORTS.dhcp },
      versions: { kea: versionOf(['kea-dhcp4', '-v']) },
      daemons: [d],
    });
  },
};
