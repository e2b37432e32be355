/**
 * Many emulated phones in one process (issue 5 part 3). Shared transports:
 *  - ONE DHCP port: loopback = one UDP socket on 127.0.0.1:serverPort+1, lab = one raw cap handle
 *    on the phone interface sending from each phone's MAC; replies are routed by chaddr, the model
 *    checks the xid;
 *  - per-phone source addresses after the lease (127.77.x.y on loopback, secondary addresses on
 *    the interface in the lab): TFTP transfers (one socket per transfer, so the kernel routes by TID),
 *    HTTP connections, the SIP UA (routing by local address, and the UA matches Call-IDs) and syslog
 *    bind to them;
 *  - ONE web endpoint routing /admin/resync requests by the local address they arrived on.
 * Starts are bounded (`concurrency` phones between power-up and their first provisioning result)
 * and spread over `spreadMs` with offsets drawn from the run seed's PRNG.
 */
import { request } from 'undici';
import { ProvcertError } from '../../errors.js';
import { randomInt, seedPrng } from '../../phone-model/index.js';
import type { PhoneSpec } from '../../targets/types.js';
import { SocketRecorder } from '../../capture-live/socket-recorder.js';
import { DhcpPort } from '../clients/dhcp-port.js';
import { PhoneWebEndpoint } from '../clients/web-endpoint.js';
import { DhcpRawTransport } from '../net/dhcp-raw-transport.js';
import { DhcpUdpTransport } from '../net/dhcp-udp-transport.js';
import type { DhcpTransport } from '../net/dhcp-transport.js';
import { normalizeMac } from '../net/mac.js';
import { PacketTap, type Endpoint } from '../net/packet-events.js';
import { InterfaceAddresses, LoopbackAddresses, type SourceAddressManager } from '../net/source-addresses.js';
import { LabPki } from '../pki/index.js';
import { EmulatedPhone, type PhoneCredentialsPem } from '../phone/emulated-phone.js';
import type { PhoneEnv, PhoneSipSettings } from '../phone/phone-env.js';
import { timeScale, type TimeScaleOptions } from '../phone/time-scale.js';
import { generatePhones, latencyStats, snapshotOf, type BootSummary, type CallAction, type FleetApi, type FleetMetrics, type PhoneSnapshot } from './fleet-api.js';
import { hostResolver } from './resolver.js';

export interface FleetOptions {
  /** loopback: UDP DHCP to 127.0.0.1 (no root); lab: raw frames on `iface` inside the phones' namespace. */
  readonly mode: 'loopback' | 'lab';
  readonly runSeed: number;
  /** A target's PhoneSpec list, or a count of generated phones. */
  readonly phones: readonly PhoneSpec[] | { readonly count: number; readonly model?: string; readonly swver?: string };
  /** loopback: the server's DHCP port (client port = +1). */
  readonly dhcpServerPort?: number;
  readonly dhcpServerAddress?: string;
  /**
   * loopback: local address of the shared DHCP socket (default 127.0.0.1). Fleets in several
   * processes against one server each take their own (127.0.0.2, ...): the port is serverPort+1 for all.
   */
  readonly dhcpBindAddress?: string;
  /** loopback: SO_RCVBUF request of the shared DHCP socket; default DHCP_RECV_BUFFER_BYTES (4 MiB). */
  readonly dhcpRecvBufferBytes?: number;
  /** lab: the phone interface in this process's namespace. */
  readonly iface?: string;
  /** Pre-provisioned parameters for every phone (a rule, an IKM...). */
  readonly config?: Readonly<Record<string, string>>;
  /** Per-phone additions, by MAC. */
  readonly configByMac?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Phones between power-up and their first provisioning result at once; default 64. */
  readonly concurrency?: number;
  /** Power-ups are spread over [0, spreadMs] wall ms (PRNG from the run seed); default 0. */
  readonly spreadMs?: number;
  /** A phone that has not settled after this long frees its start slot; default 30 s. */
  readonly bootTimeoutMs?: number;
  /** Web endpoint port: 0 = ephemeral (default on loopback), 80 in the lab. */
  readonly webPort?: number;
  /** 'lab-ca' (default): certificates from the lab manufacturer CA, made at the first HTTPS fetch. */
  readonly credentials?: 'lab-ca' | 'none';
  readonly pkiDir?: string;
  /** PEM trust anchors for HTTPS. */
  readonly serverCa?: string;
  /** false = no SIP UA. */
  readonly sip?: PhoneSipSettings | false;
  readonly syslog?: Endpoint;
  readonly dns?: Endpoint;
  readonly hosts?: Readonly<Record<string, string>>;
  readonly timeScale?: TimeScaleOptions;
  readonly httpTimeoutMs?: number;
  readonly tftpTimeoutMs?: number;
  readonly rebootWallMs?: number;
  readonly timelineMax?: number;
  /** Write a socket-level pcapng of every packet (when no real capture exists). */
  readonly recordTo?: string;
}

function settled(p: EmulatedPhone): boolean {
  return p.applied > 0 || p.state.resync.errorCount > 0 || p.broken !== undefined;
}

export class Fleet implements FleetApi {
  private readonly phones = new Map<string, EmulatedPhone>();
  private recorder: SocketRecorder | undefined;
  private closed = false;

  private constructor(readonly options: FleetOptions, readonly tap: PacketTap, private readonly env: PhoneEnv, private readonly dhcp: DhcpPort, private readonly web: PhoneWebEndpoint, private readonly addresses: SourceAddressManager) {}

  static async open(o: FleetOptions): Promise<Fleet> {
    const tap = new PacketTap();
    const recorder = o.recordTo ? new SocketRecorder(o.recordTo, { note: `fleet seed ${o.runSeed}` }).attach(tap) : undefined;
    let transport: DhcpTransport;
    let addresses: SourceAddressManager;
    if (o.mode === 'loopback') {
      if (o.dhcpServerPort === undefined) throw new ProvcertError('PC_ERR_CONFIG', 'a loopback fleet needs the server\'s DHCP port');
      transport = await DhcpUdpTransport.open({
        serverPort: o.dhcpServerPort, ...(o.dhcpServerAddress ? { serverAddress: o.dhcpServerAddress } : {}), ...(o.dhcpBindAddress ? { bindAddress: o.dhcpBindAddress } : {}),
        ...(o.dhcpRecvBufferBytes !== undefined ? { recvBufferBytes: o.dhcpRecvBufferBytes } : {}),
      });
      addresses = new LoopbackAddresses();
    } else {
      if (o.iface === undefined) throw new ProvcertError('PC_ERR_CONFIG', 'a lab fleet needs the phone interface');
      transport = await DhcpRawTransport.open(o.iface);
      addresses = new InterfaceAddresses(o.iface);
    }
    const dhcp = new DhcpPort(transport, tap);
    // Loopback: 0.0.0.0 so that connections to any 127.77.x.y arrive (a 127.0.0.1 bind takes only that address).
    const web = await PhoneWebEndpoint.listen({ host: '0.0.0.0', port: o.webPort ?? (o.mode === 'lab' ? 80 : 0) });
    const env: PhoneEnv = {
      dhcp, addresses, web, tap, timeScale: timeScale(o.timeScale), resolve: hostResolver(o.hosts ?? {}, o.dns),
      ...(o.serverCa !== undefined ? { serverCa: o.serverCa } : {}),
      ...(o.sip ? { sip: o.sip } : {}),
      ...(o.syslog ? { syslog: o.syslog } : {}),
      ...(o.httpTimeoutMs !== undefined ? { httpTimeoutMs: o.httpTimeoutMs } : {}),
      ...(o.tftpTimeoutMs !== undefined ? { tftpTimeoutMs: o.tftpTimeoutMs } : {}),
      ...(o.rebootWallMs !== undefined ? { rebootWallMs: o.rebootWallMs } : {}),
      ...(o.timelineMax !== undefined ? { timelineMax: o.timelineMax } : {}),
    };
    const fleet = new Fleet(o, tap, env, dhcp, web, addresses);
    fleet.recorder = recorder;
    const specs = Array.isArray(o.phones) ? o.phones as readonly PhoneSpec[] : generatePhones((o.phones as { count: number }).count, o.phones as { model?: string; swver?: string });
    const pki = o.credentials === 'none' ? undefined : new LabPki(o.pkiDir !== undefined ? { dir: o.pkiDir } : {});
    for (const spec of specs) {
      const mac = normalizeMac(spec.mac);
      if (fleet.phones.has(mac)) throw new ProvcertError('PC_ERR_CONFIG', `phone ${mac} appears twice`);
      const credentials = pki ? (): PhoneCredentialsPem => pki.phoneCredentials(spec) : undefined;
      fleet.phones.set(mac, new EmulatedPhone(env, {
        spec, runSeed: o.runSeed, config: { ...o.config, ...o.configByMac?.[mac] }, ...(credentials ? { credentials } : {}),
      }));
    }
    return fleet;
  }

  get macs(): string[] {
    return [...this.phones.keys()];
  }

  get webPort(): number {
    return this.web.port;
  }

  phone(mac: string): EmulatedPhone {
    const p = this.phones.get(normalizeMac(mac));
    if (!p) throw new ProvcertError('PC_ERR_CONFIG', `no phone ${mac} in this fleet`);
    return p;
  }

  /** Powers every phone up: start offsets from the PRNG, at most `concurrency` booting at once. */
  async bootAll(): Promise<BootSummary> {
    const started = performance.now();
    const list = [...this.phones.values()];
    const spread = this.options.spreadMs ?? 0;
    let prng = seedPrng(this.options.runSeed ^ 0x5f1ee7);
    const offsets = list.map(() => { const [v, n] = randomInt(prng, 0, Math.max(0, Math.round(spread))); prng = n; return v; });
    const order = list.map((p, i) => ({ p, at: offsets[i]! })).sort((a, b) => a.at - b.at);
    const limit = Math.max(1, this.options.concurrency ?? 64);
    const timeout = this.options.bootTimeoutMs ?? 30_000;
    const timedOut: string[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const item = order[next++];
        if (!item || this.closed) return;
        const wait = item.at - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        item.p.powerUp();
        await item.p.until(settled, timeout, 'first provisioning result').catch(() => { timedOut.push(item.p.mac); });
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, order.length) }, worker));
    return { started: order.length, settled: order.length - timedOut.length, timedOut, wallMs: performance.now() - started };
  }

  async snapshot(mac: string, withTimeline = false): Promise<PhoneSnapshot> {
    return snapshotOf(this.phone(mac), withTimeline);
  }

  async until(mac: string, predicate: (s: PhoneSnapshot) => boolean, timeoutMs: number): Promise<PhoneSnapshot> {
    const p = await this.phone(mac).until((x) => predicate(snapshotOf(x)), timeoutMs);
    return snapshotOf(p);
  }

  async webResync(mac: string, url: string): Promise<number> {
    const p = this.phone(mac);
    if (p.ip === undefined) throw new ProvcertError('PC_ERR_JUDGEMENT', `phone ${p.mac} has no address yet`);
    // The request goes to the phone's own address, so it stays on loopback or inside the lab namespace.
    const r = await request(`http://${p.ip}:${this.web.port}/admin/resync?${url}`, { headersTimeout: 5000, bodyTimeout: 5000 });
    await r.body.dump();
    return r.statusCode;
  }

  async call(mac: string, action: CallAction): Promise<void> {
    this.phone(mac).inject({ type: action === 'start' ? 'call-start' : 'call-end', line: 1 });
  }

  async metrics(): Promise<FleetMetrics> {
    const list = [...this.phones.values()];
    const num = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
    return {
      phones: list.length,
      bound: list.filter((p) => p.ip !== undefined).length,
      applied: list.filter((p) => p.applied > 0).length,
      dhcpMs: latencyStats(num(list.map((p) => p.metrics.dhcpMs))),
      profileFetchMs: latencyStats(list.flatMap((p) => p.metrics.fetches.filter((f) => f.purpose === 'profile').map((f) => f.wallMs))),
      bootToAppliedMs: latencyStats(num(list.map((p) => p.metrics.bootToAppliedMs))),
      dhcpDropped: this.dhcp.dropped,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.phones.values()].map((p) => p.close()));
    await this.web.close();
    await this.dhcp.close();
    this.addresses.clear();
    await this.recorder?.close();
  }
}
