/**
 * What each server needs inside the container: its config files (rendered by the same pure functions
 * as the process targets, with container paths), its argv, its listeners, its version command. The
 * host folder `hostDir` is bind-mounted at CONTAINER_OUT, the content folder at CONTAINER_CONTENT.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service, TargetSpec } from '../types.js';
import { renderDnsmasqConfig } from '../process/dnsmasq-config.js';
import { renderKeaConfig } from '../process/kea-config.js';
import { renderIscDhcpConfig } from '../process/isc-dhcp-config.js';
import { renderNginxConfig } from '../process/nginx-config.js';
import { atftpdArgv, tftpdHpaArgv } from '../process/tftp-argv.js';
import { ATFTPD_VERSION_RE } from '../process/atftpd.js';
import { writeNginxCertificates } from '../process/nginx.js';
import { dnsmasqServes } from '../process/server-host.js';
import { LAB_PORTS, LAB_SERVER_NAME, type ConfigInput } from '../process/provisioning-options.js';
import type { Listener } from '../process/daemon.js';
import { mkdirSync } from 'node:fs';

export const CONTAINER_OUT = '/provcert/out';
export const CONTAINER_CONTENT = '/provcert/content';
export const CONTAINER_IFACE = 'eth0';
/** atftpd is unpacked here in the image, not installed: its package conflicts with tftpd-hpa (scripts/build-image.sh). */
export const IMAGE_ATFTPD = '/opt/atftpd/usr/sbin/atftpd';

export interface Recipe {
  argv: string[];
  env?: Record<string, string>;
  listens: Listener[];
  ports: Partial<Record<Service, number>>;
  version: { argv: string[]; re: RegExp };
}

export type ContainerServer = 'dnsmasq' | 'tftpd-hpa' | 'atftpd' | 'nginx' | 'kea' | 'isc-dhcp';
export const CONTAINER_SERVERS: readonly ContainerServer[] = ['dnsmasq', 'tftpd-hpa', 'atftpd', 'nginx', 'kea', 'isc-dhcp'];
export const CONTAINER_SERVES: Record<ContainerServer, Service[]> = {
  dnsmasq: ['dhcp', 'tftp'], 'tftpd-hpa': ['tftp'], atftpd: ['tftp'], nginx: ['http', 'https'], kea: ['dhcp'], 'isc-dhcp': ['dhcp'],
};

const udp = (port: number): Listener => ({ proto: 'udp', port });
const tcp = (port: number): Listener => ({ proto: 'tcp', port });

/** Writes the server's files into hostDir and returns how to run it (container paths in argv/config). */
export function prepareRecipe(server: ContainerServer, spec: TargetSpec, input: ConfigInput, hostDir: string): Recipe {
  const c = (name: string) => `${CONTAINER_OUT}/${name}`;
  const write = (name: string, text: string) => writeFileSync(join(hostDir, name), text, { mode: 0o644 });
  switch (server) {
    case 'dnsmasq': {
      const serves = dnsmasqServes(spec);
      write('dnsmasq.conf', renderDnsmasqConfig(input, serves));
      return {
        argv: ['dnsmasq', `--conf-file=${c('dnsmasq.conf')}`],
        listens: [...(serves.dhcp ? [udp(LAB_PORTS.dhcp)] : []), ...(serves.tftp ? [udp(LAB_PORTS.tftp)] : [])],
        ports: { ...(serves.dhcp ? { dhcp: LAB_PORTS.dhcp } : {}), ...(serves.tftp ? { tftp: LAB_PORTS.tftp } : {}) },
        version: { argv: ['dnsmasq', '--version'], re: /version (\S+)/ },
      };
    }
    case 'tftpd-hpa':
      return { argv: tftpdHpaArgv(input), listens: [udp(LAB_PORTS.tftp)], ports: { tftp: LAB_PORTS.tftp }, version: { argv: ['in.tftpd', '-V'], re: /tftp-hpa (\S+?),?\s/ } };
    case 'atftpd':
      return { argv: atftpdArgv(input, IMAGE_ATFTPD), listens: [udp(LAB_PORTS.tftp)], ports: { tftp: LAB_PORTS.tftp }, version: { argv: [IMAGE_ATFTPD, '--version'], re: ATFTPD_VERSION_RE } };
    case 'kea':
      write('kea-dhcp4.conf', renderKeaConfig(input));
      return {
        argv: ['kea-dhcp4', '-c', c('kea-dhcp4.conf')],
        env: { KEA_PIDFILE_DIR: CONTAINER_OUT, KEA_LOCKFILE_DIR: CONTAINER_OUT },
        listens: [udp(LAB_PORTS.dhcp)], ports: { dhcp: LAB_PORTS.dhcp },
        version: { argv: ['kea-dhcp4', '-v'], re: /^(\S+)/ },
      };
    case 'isc-dhcp':
      write('dhcpd.conf', renderIscDhcpConfig(input));
      write('dhcpd.leases', '');
      return {
        argv: ['dhcpd', '-4', '-d', '-cf', c('dhcpd.conf'), '-lf', c('dhcpd.leases'), '-pf', c('dhcpd.pid'), CONTAINER_IFACE],
        listens: [udp(LAB_PORTS.dhcp)], ports: { dhcp: LAB_PORTS.dhcp },
        version: { argv: ['dhcpd', '--version'], re: /isc-dhcpd-(\S+)/ },
      };
    case 'nginx': {
      for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(hostDir, 'tmp', t), { recursive: true });
      writeNginxCertificates(spec, hostDir, input.options.serverIp);
      const files = { serverCert: c('server.pem'), serverKey: c('server.key'), clientCa: c('client-ca.pem') };
      write('nginx.conf', renderNginxConfig(input, files, LAB_SERVER_NAME));
      return {
        argv: ['nginx', '-p', CONTAINER_OUT, '-c', c('nginx.conf'), '-e', c('nginx-error.log')],
        listens: [tcp(LAB_PORTS.http), tcp(LAB_PORTS.https)], ports: { http: LAB_PORTS.http, https: LAB_PORTS.https },
        version: { argv: ['nginx', '-v'], re: /nginx\/(\S+)/ },
      };
    }
  }
}
