/** dnsmasq as a process target: DHCP with provisioning options and TFTP from the content folder. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDriver } from '../types.js';
import { processUnavailable, runningTarget, startDaemon, versionOf } from './daemon.js';
import { renderDnsmasqConfig } from './dnsmasq-config.js';
import { LAB_PORTS } from './provisioning-options.js';
import { dnsmasqServes, serverHost } from './server-host.js';

export const dnsmasqDriver: TargetDriver = {
  name: 'dnsmasq',
  kind: 'process',
  serves: ['dhcp', 'tftp'],
  unavailable: () => processUnavailable(['dnsmasq']),
  async start(spec, env) {
    const s = serverHost(spec, env, 'dnsmasq');
    const { dhcp, tftp } = dnsmasqServes(spec);
    const conf = join(s.dir, 'dnsmasq.conf');
    writeFileSync(conf, renderDnsmasqConfig(s.input, { dhcp, tftp }), { mode: 0o644 });
    const listens = [...(dhcp ? [{ proto: 'udp' as const, port: LAB_PORTS.dhcp }] : []), ...(tftp ? [{ proto: 'udp' as const, port: LAB_PORTS.tftp }] : [])];
    const d = await startDaemon(s.lab, s.host, { name: 'dnsmasq', argv: ['dnsmasq', `--conf-file=${conf}`], logPath: join(s.dir, 'dnsmasq.log'), listens });
    return runningTarget({
      spec,
      lab: s.lab,
      serverIp: s.serverIp,
      ports: { ...(dhcp ? { dhcp: LAB_PORTS.dhcp } : {}), ...(tftp ? { tftp: LAB_PORTS.tftp } : {}) },
      versions: { dnsmasq: versionOf(['dnsmasq', '--version'], /version (\S+)/) },
      daemons: [d],
    });
  },
};
