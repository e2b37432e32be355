/**
 * Texts of the PFS log messages (PFS-004). The seed says PFS logs go to
 * Peer_Firmware_Sharing_Log_Server as UDP syslog but documents no message text, so these are
 * ours (X-PFS-005): one line per role decision and transfer step, naming the load and the peer.
 */
export const PFS_LOG = {
  root: (load: string, server: string) => `PFS: elected root for ${load}; downloading from ${server}`,
  peer: (load: string, root: string) => `PFS: peer of root ${root} for ${load}`,
  copy: (load: string, root: string, host: string) => `PFS: copying ${load} from root ${root} (${host}:6970)`,
  relay: (load: string, peers: number) => `PFS: ${load} ready; relaying to ${peers} peer(s)`,
  copied: (load: string, peer: string) => `PFS: peer ${peer} copied ${load}`,
  relayDone: (load: string, copied: number, peers: number) => `PFS: relay of ${load} done (${copied}/${peers} peers); rebooting`,
  fallback: (load: string, why: string) => `PFS: ${why}; downloading ${load} from the load server`,
  rootFailed: (load: string) => `PFS: root download of ${load} failed; peers fall back to the load server`,
  reelect: (load: string, gone: string) => `PFS: root ${gone} gone; electing again for ${load}`,
} as const;
