/**
 * What a live phone needs from its process: shared transports and settings. A fleet builds one
 * PhoneEnv and hands it to every phone; a single phone in a test can build its own.
 */
import type { TftpOption } from '../../codec/tftp/index.js';
import type { DhcpPort } from '../clients/dhcp-port.js';
import type { PhoneWebEndpoint } from '../clients/web-endpoint.js';
import type { Endpoint, PacketTap } from '../net/packet-events.js';
import type { SourceAddressManager } from '../net/source-addresses.js';
import type { TimeScale } from './time-scale.js';

export interface PhoneSipSettings {
  /** Registrar/proxy; also where REGISTER goes when `register` is true. */
  readonly server: Endpoint;
  /** Local SIP port on the phone's lease; default 5060 (each phone has its own address). */
  readonly port?: number;
  /** REGISTER after the lease (default false: the UA only listens for NOTIFY and calls). */
  readonly register?: boolean;
  readonly password?: string;
  /** RFC 3261 T1 for the UA's retransmissions (wall ms); default 500. */
  readonly t1Ms?: number;
}

export interface PhoneEnv {
  /** The shared DHCP port (routes replies by chaddr; the model checks the xid). */
  readonly dhcp: DhcpPort;
  /** Makes each lease a usable source address (loopback check, or lab secondary addresses). */
  readonly addresses: SourceAddressManager;
  /** One web endpoint for all phones, routing by local address (/admin/resync?URL, HTTP-002). */
  readonly web?: PhoneWebEndpoint;
  /** Every packet sent/received by any client is emitted here (recorder, tests). */
  readonly tap: PacketTap;
  readonly timeScale: TimeScale;
  /** Trust anchors (PEM) for HTTPS: the target's serverCa. */
  readonly serverCa?: string;
  /** Name resolution for fetch hosts; IP literals never reach it. */
  readonly resolve: (host: string) => Promise<string | undefined>;
  readonly sip?: PhoneSipSettings;
  /** Where `syslog` effects go (absent: recorded in the timeline only). */
  readonly syslog?: Endpoint;
  readonly httpTimeoutMs?: number;
  readonly tftpTimeoutMs?: number;
  readonly tftpRetries?: number;
  readonly tftpOptions?: readonly TftpOption[];
  /** Wall ms between a reboot effect and the next power-up; default 0. */
  readonly rebootWallMs?: number;
  /** Timeline bound per phone; default 2000 entries. */
  readonly timelineMax?: number;
  /** Injected wall clock (ms); default performance.now. */
  readonly wallNow?: () => number;
}
