/**
 * Names and addresses of one lab instance. Every name carries the lab id, so two labs (two CI jobs,
 * or a leftover of a crashed run) never collide, and interface names stay within IFNAMSIZ-1 = 15.
 */
import { randomBytes } from 'node:crypto';

export const NAME_PREFIX = 'pc';
const IFNAMSIZ_MAX = 15;

export function newLabId(): string {
  return randomBytes(3).toString('hex'); // 6 hex chars
}

export function netnsName(labId: string, host: string): string {
  return `${NAME_PREFIX}${labId}-${host}`;
}

export function ifName(labId: string, role: string): string {
  const name = `${NAME_PREFIX}${labId}${role}`;
  if (name.length > IFNAMSIZ_MAX) throw new Error(`interface name ${name} is longer than ${IFNAMSIZ_MAX}`);
  return name;
}

/** Lab subnets are 10.77.<n>.0/24 with n in 1..199; 200..254 are left for podman networks. */
export const LAB_SUBNET_FIRST = 1;
export const LAB_SUBNET_LAST = 199;
export const PODMAN_SUBNET_FIRST = 200;

export function subnetFor(index: number): { base: string; prefix: 24; addr(host: number): string } {
  if (!Number.isInteger(index) || index < 1 || index > 254) throw new Error(`bad subnet index ${index}`);
  return { base: `10.77.${index}.0`, prefix: 24, addr: (host) => `10.77.${index}.${host}` };
}
