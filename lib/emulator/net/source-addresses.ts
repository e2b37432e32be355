/**
 * Per-phone source addresses. After its lease a phone binds its TFTP/HTTP/SIP/syslog sockets to
 * the leased address, so the server sees one address per phone:
 *  - loopback (no root): leases come from 127.77.0.0/16, which Linux routes to `lo` in full, so a
 *    socket can bind to any of them without configuring anything;
 *  - lab (root, the process runs inside the phones' namespace): the lease is added to the phone
 *    interface as a secondary address (`ip addr add`), and the kernel answers ARP for it.
 */
import { run } from '../../lab/sys.js';
import { ProvcertError } from '../../errors.js';

export const LOOPBACK_PHONE_NET = '127.77.0.0/16';

/** Whether an address is in 127.77.0.0/16, where loopback leases must come from. */
export function isLoopbackPhoneAddress(ip: string): boolean {
  return /^127\.77\.\d{1,3}\.\d{1,3}$/.test(ip) && ip.split('.').every((p) => Number(p) <= 255);
}

/** The n-th loopback phone address (n from 0), skipping .0 and .255 of each /24: 65024 addresses. */
export function loopbackPhoneAddress(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 254 * 256) throw new ProvcertError('PC_ERR_CONFIG', `phone index ${n} is outside 127.77.0.0/16`);
  return `127.77.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

export interface SourceAddressManager {
  /** Makes `ip` usable as a source address; idempotent. */
  add(ip: string, prefixLength: number): void;
  remove(ip: string, prefixLength: number): void;
  /** Removes everything added (teardown). */
  clear(): void;
}

/** Loopback: nothing to configure, only a check that the address is in the loopback phone net. */
export class LoopbackAddresses implements SourceAddressManager {
  add(ip: string): void {
    if (!isLoopbackPhoneAddress(ip)) throw new ProvcertError('PC_ERR_TARGET', `loopback lease ${ip} is outside ${LOOPBACK_PHONE_NET}`);
  }
  remove(): void { /* nothing was configured */ }
  clear(): void { /* nothing was configured */ }
}

/** Lab: secondary addresses on the phone interface of the namespace this process runs in. */
export class InterfaceAddresses implements SourceAddressManager {
  private readonly added = new Map<string, number>();

  constructor(readonly iface: string) {}

  add(ip: string, prefixLength: number): void {
    if (this.added.has(ip)) return;
    // noprefixroute: the first address already brings the subnet route; duplicates would clash.
    run('ip', ['addr', 'add', `${ip}/${prefixLength}`, 'dev', this.iface, ...(this.added.size > 0 ? ['noprefixroute'] : [])]);
    this.added.set(ip, prefixLength);
  }

  remove(ip: string, prefixLength: number): void {
    run('ip', ['addr', 'del', `${ip}/${prefixLength}`, 'dev', this.iface], { allowFail: true });
    this.added.delete(ip);
  }

  clear(): void {
    for (const [ip, len] of [...this.added]) this.remove(ip, len);
  }
}
