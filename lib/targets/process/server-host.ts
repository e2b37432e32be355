/**
 * Where a process target runs: the lab's server host, its interface and address, and a per-target
 * folder in env.outDir that the (privilege-dropping) daemons can read.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NetnsLab } from '../../lab/netns-lab.js';
import type { Service, TargetEnv, TargetSpec } from '../types.js';
import { labOf } from './daemon.js';
import { provisioningOptions, type ConfigInput } from './provisioning-options.js';

export interface ServerHost {
  lab: NetnsLab;
  host: string;
  iface: string;
  serverIp: string;
  /** env.outDir/<driver>: configs, leases, pid files and logs of this driver. */
  dir: string;
  input: ConfigInput;
}

/**
 * The server's address is the lab host's address (the lab gives the server host its number in the lab
 * /24); spec.serverIp is used only when the host has none.
 */
export function serverHost(spec: TargetSpec, env: TargetEnv, driver: string): ServerHost {
  const { lab, host } = labOf(env, driver);
  const h = lab.host(host);
  const serverIp = h.ip ?? spec.serverIp;
  const dir = join(env.outDir, driver);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // daemons that drop privileges read their config here
  const input: ConfigInput = { spec, options: provisioningOptions({ ...spec, serves: combinationServes(spec, env) }, serverIp, env.dnsServer ?? serverIp), iface: h.iface, outDir: dir, contentDir: env.content.dir };
  return { lab, host, iface: h.iface, serverIp, dir, input };
}

/** The other servers of an `a+b` combination (conventions.md), by built-in name, from the spec's name. */
export function partnersOf(spec: TargetSpec, self: string): string[] {
  return spec.name.split('+').map((p) => p.trim().replace(/^container:/, '')).filter((p) => p !== self && p !== '');
}

/**
 * What the whole `a+b` combination serves. A part's own spec lists only its driver's services, but the
 * profile URL a DHCP part hands out (option 160, DHCP-001) must name a service the combination has:
 * kea alone says tftp://, kea+nginx must say http://. The registry passes the whole as env.combination.
 */
export function combinationServes(spec: TargetSpec, env: Pick<TargetEnv, 'combination'>): Service[] {
  return [...(env.combination?.serves ?? spec.serves)];
}

const TFTP_SERVERS = ['tftpd-hpa', 'atftpd'];

/** dnsmasq serves TFTP only when the spec wants TFTP and no dedicated TFTP server is combined with it. */
export function dnsmasqServes(spec: TargetSpec): { dhcp: boolean; tftp: boolean } {
  const partnerTftp = partnersOf(spec, 'dnsmasq').some((p) => TFTP_SERVERS.includes(p));
  const tftp = spec.serves.includes('tftp') && !partnerTftp;
  const dhcp = spec.serves.includes('dhcp') || !tftp;
  return { dhcp, tftp };
}
