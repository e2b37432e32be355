/**
 * The Peer Firmware Sharing slice of the phone state, its events and effects (PFS-001..006;
 * seed "Peer Firmware Sharing"). CPPDP itself is proprietary and undocumented: the model keeps
 * only what the seed states (same model, same subnet, one root downloads, peers copy over TCP)
 * and records its own reading of the rest as X-PFS requirements.
 */

/** Ports of PFS-005 (AGCOPY firewall table): CPPDP discovery on UDP 4051, transfers on TCP 4051/6970. */
export const PFS_DISCOVERY_PORT = 4051;
export const PFS_CONTROL_PORT = 4051;
export const PFS_TRANSFER_PORT = 6970;
/** Default port of Peer_Firmware_Sharing_Log_Server (PFS-004: "the default syslog 514"). */
export const PFS_LOG_DEFAULT_PORT = 514;
/** X-PFS-003: how long a phone listens for the group before it elects. */
export const PFS_ELECTION_WINDOW_MS = 10_000;
/** X-PFS-004: how long a root holds its reboot to relay the image to its peers. */
export const PFS_RELAY_WINDOW_MS = 600_000;

/**
 * off: no PFS upgrade running; electing: announced, listening for the group; waiting-root: an
 * expected root has not claimed yet, or the root's image is not ready; root-fetching: this phone
 * is root and downloads from the load server; relaying: root, image installed, peers copy it
 * before the reboot; peer-fetching: copying from the root; fallback: downloading from the load
 * server after the root failed or the copy failed.
 */
export type PfsPhase = 'off' | 'electing' | 'waiting-root' | 'root-fetching' | 'relaying' | 'peer-fetching' | 'fallback';

export type PfsRole = 'candidate' | 'root' | 'peer';

/** What a CPPDP announcement says about its sender. */
export interface PfsPeerInfo {
  readonly mac: string;
  readonly ip: string;
  /** Product name ($PN): phones share only with the same model (PFS-001). */
  readonly productName: string;
  /** The load the sender is upgrading to. */
  readonly load: string;
  readonly role: PfsRole;
  /** For role 'peer': the root it copies from. */
  readonly root?: string;
}

export interface PfsState {
  readonly phase: PfsPhase;
  /** Target load of the running PFS upgrade. */
  readonly load?: string;
  /** Latest announcement per sender heard on the subnet since power-up. */
  readonly peers: readonly PfsPeerInfo[];
  /** The root this phone follows (or its own MAC when it is root). */
  readonly root?: string;
  /** Roots that announced their image ready. */
  readonly ready: readonly string[];
  /** Peers that reported a complete copy (root only). */
  readonly copied: readonly string[];
  /** Elections run in this upgrade (bounded by the group size, X-PFS-002). */
  readonly rounds: number;
}

export const INITIAL_PFS: PfsState = { phase: 'off', peers: [], ready: [], copied: [], rounds: 0 };

export type PfsMessageKind = 'announce' | 'image-ready' | 'root-failed' | 'copied';

export type PfsEvent =
  /** A CPPDP message from another phone (announce: UDP 4051 broadcast; the others: TCP 4051). */
  | { readonly type: 'pfs-message'; readonly at: number; readonly kind: PfsMessageKind; readonly from: PfsPeerInfo }
  /** CPPDP lost a phone (keepalive timeout, link down): the driver's verdict, not a message. */
  | { readonly type: 'pfs-peer-gone'; readonly at: number; readonly mac: string };

export type PfsEffect =
  /** A CPPDP message: `to` 'subnet' = UDP broadcast on 4051, a MAC = TCP 4051 to that phone. */
  | {
    readonly type: 'notify-peer'; readonly kind: PfsMessageKind; readonly to: 'subnet' | string;
    readonly transport: 'udp' | 'tcp'; readonly port: number; readonly self: PfsPeerInfo; readonly message: string; readonly reqs: readonly string[];
  }
  /** Copy the image from the root over TCP 6970; answered by a fetch-result with the same id. */
  | {
    readonly type: 'peer-fetch'; readonly id: number; readonly root: string; readonly host: string; readonly port: number;
    readonly transport: 'tcp'; readonly load: string; readonly reqs: readonly string[];
  };

export function describePfsEvent(e: PfsEvent): string {
  if (e.type === 'pfs-peer-gone') return `CPPDP peer ${e.mac} gone`;
  return `CPPDP ${e.kind} from ${e.from.mac} (${e.from.role}${e.from.root !== undefined ? ` of ${e.from.root}` : ''}, ${e.from.load})`;
}

export function describePfsEffect(e: PfsEffect): string {
  if (e.type === 'peer-fetch') return `TCP ${e.host}:${e.port} copy ${e.load} from root ${e.root} #${e.id}`;
  return `CPPDP ${e.kind} -> ${e.to} (${e.transport.toUpperCase()} ${e.port}) as ${e.self.role}`;
}
