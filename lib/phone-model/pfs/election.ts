/**
 * Role election among the phones of one PFS group (PFS-001, X-PFS-002). The seed says only that
 * phones "of the same model or series on the subnet" form a hierarchy and that "a root phone"
 * downloads; CPPDP's rule is unpublished. Our reading: a group is the phones of one product
 * upgrading to one load (CPPDP is link-local, so everything heard is on the subnet); a phone that
 * already claimed root stays root; otherwise the lowest MAC is root. Every phone with the same
 * view therefore names the same root.
 */
import type { PfsPeerInfo } from './types.js';

export interface PfsSelf {
  readonly mac: string;
  readonly productName: string;
  readonly load: string;
}

/** The other members of this phone's group, as last heard. */
export function groupOf(self: PfsSelf, peers: readonly PfsPeerInfo[]): PfsPeerInfo[] {
  return peers.filter((p) => p.mac !== self.mac && p.productName === self.productName && p.load === self.load);
}

const lowest = (macs: readonly string[]): string => [...macs].sort()[0] as string;

/** The root this phone should follow: an existing claim first, else the lowest MAC (maybe itself). */
export function electRoot(self: PfsSelf, group: readonly PfsPeerInfo[]): { readonly root: string; readonly claimed: boolean } {
  const claims = group.filter((p) => p.role === 'root').map((p) => p.mac);
  if (claims.length > 0) return { root: lowest(claims), claimed: true };
  const root = lowest([self.mac, ...group.map((p) => p.mac)]);
  return { root, claimed: root === self.mac };
}
