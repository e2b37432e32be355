/**
 * Host names in fetch URLs: a fixed map first (target files, tests), then a DNS server when one is
 * given (the lab DNS of DHCP option 6, or builtin's DNS on its loopback port), else unresolved
 * (the model reads that as outcome C, like any connection failure).
 */
import { Resolver } from 'node:dns/promises';
import type { Endpoint } from '../net/packet-events.js';

export function hostResolver(hosts: Readonly<Record<string, string>>, dns?: Endpoint): (host: string) => Promise<string | undefined> {
  let resolver: Resolver | undefined;
  if (dns) {
    resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`${dns.address}:${dns.port}`]);
  }
  return async (host) => {
    const fixed = hosts[host.toLowerCase()];
    if (fixed !== undefined) return fixed;
    if (!resolver) return undefined;
    try {
      return (await resolver.resolve4(host))[0];
    } catch {
      return undefined;
    }
  };
}
