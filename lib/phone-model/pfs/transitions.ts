/**
 * Peer Firmware Sharing rows of TRANSITIONS (same shape as the core table, with the state
 * entered): id, from, event, guard, requirement IDs, to.
 */
export type PfsRow = readonly [id: string, from: string, event: string, guard: string, reqs: readonly string[], to?: string];

export const PFS_ROWS: readonly PfsRow[] = [
  ['pfs.unavailable', 'pfs:off', 'upgrade download starts', 'Peer_Firmware_Sharing=Yes on a load before 11.2(1): plain download', ['PFS-006'], 'pfs:off'],
  ['pfs.announce', 'pfs:off', 'upgrade download starts', 'Peer_Firmware_Sharing=Yes, Upgrade_Enable=Yes, 11.2(1)+: CPPDP announce (UDP 4051), listen 10 s', ['PFS-001', 'PFS-005', 'PFS-006', 'X-PFS-001', 'X-PFS-003'], 'pfs:electing'],
  ['pfs.peer.heard', 'pfs:*', 'pfs-message', 'PFS enabled: the sender is recorded (same model + load = same group)', ['PFS-001', 'X-PFS-002']],
  ['pfs.peer.ignored', 'pfs:*', 'pfs-message', 'PFS disabled, or nothing to do with this message', ['X-PFS-001']],
  ['pfs.peer.gone', 'pfs:*', 'pfs-peer-gone', 'a member that is not our root left: forgotten', ['PFS-001']],
  ['pfs.elect.root', 'pfs:electing|waiting-root', 'timer pfs-election|peer gone', 'no root claimed and this phone has the lowest MAC (alone included)', ['PFS-001', 'PFS-002', 'X-PFS-002'], 'pfs:root-fetching'],
  ['pfs.elect.peer', 'pfs:electing|waiting-root', 'timer pfs-election|pfs-message', 'a member claimed root: follow it', ['PFS-001', 'PFS-002', 'X-PFS-002'], 'pfs:waiting-root'],
  ['pfs.elect.wait', 'pfs:electing|waiting-root', 'timer pfs-election', 'a lower MAC has not claimed yet: one more window', ['X-PFS-002'], 'pfs:waiting-root'],
  ['pfs.elect.drop-silent', 'pfs:waiting-root', 'timer pfs-election', 'the expected root stayed silent a whole window: dropped, elect again', ['X-PFS-002'], 'pfs:electing'],
  ['pfs.root.fetch', 'pfs:root-fetching', 'elected root', 'download from the load server (Upgrade_Rule URL)', ['PFS-002'], 'pfs:root-fetching'],
  ['pfs.root.relay', 'pfs:root-fetching', 'upgrade image installed', 'the group has members: reboot held, image-ready over TCP 4051, serve on TCP 6970', ['PFS-002', 'PFS-005', 'X-PFS-004'], 'pfs:relaying'],
  ['pfs.root.alone', 'pfs:root-fetching', 'upgrade image installed', 'no other member: reboot as without PFS', ['PFS-002'], 'pfs:off'],
  ['pfs.root.answer', 'pfs:root-fetching|relaying', 'pfs-message announce', 'a late candidate of the group: root claim (and image-ready when relaying) over TCP 4051', ['PFS-001', 'PFS-005', 'X-PFS-002']],
  ['pfs.root.copied', 'pfs:relaying', 'pfs-message copied', 'a peer copied the image', ['PFS-002']],
  ['pfs.root.relay-done', 'pfs:relaying', 'pfs-message copied|pfs-peer-gone|timer pfs-relay', 'every member copied or left, or 600 s passed: reboot when idle', ['PFS-002', 'X-PFS-004', 'UPG-006'], 'pfs:off'],
  ['pfs.root.failed', 'pfs:root-fetching', 'upgrade download failed', 'root-failed to every member over TCP 4051; upgrade retry as without PFS', ['PFS-002', 'X-PFS-006'], 'pfs:off'],
  ['pfs.peer.fetch', 'pfs:waiting-root', 'pfs-message image-ready', 'our root offers the image: copy over TCP 6970', ['PFS-002', 'PFS-005'], 'pfs:peer-fetching'],
  ['pfs.peer.copied', 'pfs:peer-fetching', 'fetch-result', 'copy complete: copied to the root, install and reboot', ['PFS-002', 'UPG-006'], 'pfs:off'],
  ['pfs.peer.fallback', 'pfs:waiting-root|peer-fetching', 'pfs-message root-failed|fetch-result|timer pfs-election', 'root failed, copy failed or no image in 600 s: the load server', ['PFS-002', 'X-PFS-006'], 'pfs:fallback'],
  ['pfs.fallback.done', 'pfs:fallback', 'upgrade download ended', 'the load-server download succeeded or failed: upgrade bookkeeping as without PFS', ['X-PFS-006'], 'pfs:off'],
  ['pfs.peer.root-gone', 'pfs:waiting-root|peer-fetching', 'pfs-peer-gone', 'our root left: elect again on the remaining group', ['PFS-001', 'X-PFS-002'], 'pfs:electing'],
  ['pfs.log', '*', 'role decision or transfer step', 'Peer_Firmware_Sharing_Log_Server set: UDP syslog to host[:port] (514)', ['PFS-004', 'X-PFS-005']],
];
