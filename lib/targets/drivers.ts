import type { TargetDriver } from './types.js';
import { builtinDriver } from './builtin/driver.js';
import { atftpdDriver, dnsmasqDriver, iscDhcpDriver, keaDriver, nginxDriver, tftpdHpaDriver } from './process/index.js';
import { CONTAINER_DRIVERS } from './container/index.js';

/**
 * Every target driver provcert knows. Each driver module adds itself here (one import and one entry);
 * lib/targets/registry.ts resolves names and `a+b` combinations against this list.
 */
export const DRIVERS: readonly TargetDriver[] = [
  builtinDriver,
  dnsmasqDriver,
  keaDriver,
  iscDhcpDriver,
  tftpdHpaDriver,
  atftpdDriver,
  nginxDriver,
  ...CONTAINER_DRIVERS,
];
