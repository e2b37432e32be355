/**
 * One live emulated phone: holds a PhoneState, feeds every event into the pure model's `step`, and
 * executes the effects it returns on real sockets (style-examples.md #8, #18). It decides nothing:
 * which DHCP message, which URL, what a status means, whether to decrypt, when to retry all come
 * from lib/phone-model. Steps run one at a time from a queue; I/O results come back as events.
 * Timers: see time-scale.ts (model timers scaled to wall time, the model clock jumps on expiry).
 */
import { ProvcertError } from '../../errors.js';
import {
  describeEffect, describeEvent, initialState, step,
  type Effect, type FetchEffect, type PhoneEvent, type PhoneFacts, type PhoneState, type TimerName,
} from '../../phone-model/index.js';
import type { DhcpIncoming } from '../clients/dhcp-port.js';
import type { ResyncAnswer, ResyncCommand } from '../clients/web-endpoint.js';
import type { NotifyAnswer } from '../clients/sip-ua.js';
import { normalizeMac } from '../net/mac.js';
import type { PhoneSpec } from '../../targets/types.js';
import { executeDecode, type DecodeEffect } from './decode-executor.js';
import { dhcpEventOf, dhcpRequestFor, prefixLength, serverOptionsOf } from './dhcp-mapping.js';
import { executeFetch } from './fetch-executor.js';
import { LeaseServices, type PhoneInput } from './lease-services.js';
import type { PhoneEnv } from './phone-env.js';
import { LiveModelClock, wallDelayMs } from './time-scale.js';
import { Timeline, phoneSeed } from './timeline.js';

export interface PhoneOptions {
  readonly spec: PhoneSpec;
  /** Run seed; the model PRNG is seeded with phoneSeed(runSeed, mac). */
  readonly runSeed: number;
  /** Pre-provisioned parameters (e.g. Profile_Rule); empty = factory default. */
  readonly config?: Readonly<Record<string, string>>;
  readonly facts?: Partial<PhoneFacts>;
  /**
   * Client certificate and key (PEM) presented when the model asks for it (HTTP-019); a function is
   * called at the first HTTPS fetch (key generation is slow, most fleets never need most of them).
   */
  readonly credentials?: PhoneCredentialsPem | (() => PhoneCredentialsPem | undefined);
}

export interface PhoneCredentialsPem {
  readonly cert: string;
  readonly key: string;
}

export interface FetchRecord {
  readonly id: number;
  readonly purpose: FetchEffect['purpose'];
  readonly url: string;
  readonly wallMs: number;
  readonly outcome: string;
}

export interface PhoneMetrics {
  /** Wall ms from power-up to the first DHCPACK taken (lease bound). */
  dhcpMs?: number;
  /** Wall ms from power-up to the first apply-profile effect. */
  bootToAppliedMs?: number;
  readonly fetches: FetchRecord[];
}

export type PhoneListener = (p: EmulatedPhone) => void;

/** Bodies kept for decrypt/gunzip effects that name a fetch id: the latest few only. */
const MAX_KEPT_BODIES = 8;

export class EmulatedPhone {
  readonly mac: string;
  readonly spec: PhoneSpec;
  readonly seed: number;
  readonly timeline: Timeline;
  readonly metrics: PhoneMetrics = { fetches: [] };
  private st: PhoneState;
  private readonly clock: LiveModelClock;
  private readonly wallNow: () => number;
  private readonly queue: PhoneEvent[] = [];
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private rebootTimer: NodeJS.Timeout | undefined;
  private readonly bodies = new Map<number, Uint8Array>();
  private lease: { ip: string; services?: LeaseServices; opening?: Promise<void> } | undefined;
  private lastMask: string | undefined;
  private poweredAtWall: number | undefined;
  private readonly listeners = new Set<PhoneListener>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Fetches in flight: scaled model timers wait for them (conventions.md: the clock jumps only when no I/O is pending). */
  private ioInFlight = 0;
  private closed = false;
  /** apply-profile effects executed so far. */
  applied = 0;
  /** Set when the model refused an event (a bug in the runtime or the model): the phone stops. */
  broken: string | undefined;

  constructor(private readonly env: PhoneEnv, readonly options: PhoneOptions) {
    this.mac = normalizeMac(options.spec.mac);
    this.spec = options.spec;
    this.seed = phoneSeed(options.runSeed, this.mac);
    this.timeline = new Timeline(env.timelineMax ?? 2000);
    this.wallNow = env.wallNow ?? (() => performance.now());
    this.clock = new LiveModelClock(this.wallNow);
    const series = options.spec.model.replace(/^CP-/i, '');
    this.st = initialState({
      seed: this.seed,
      facts: { mac: this.mac, productName: options.spec.model, productSeries: series, serial: options.spec.serial, swVersion: options.spec.swver, clientCert: options.credentials !== undefined, ...options.facts },
      ...(options.config ? { config: options.config } : {}),
    });
    env.dhcp.onMessage(this.mac, (m) => this.onDhcp(m));
  }

  get state(): PhoneState {
    return this.st;
  }

  /** The leased address, once bound. */
  get ip(): string | undefined {
    return this.st.dhcp.learned?.ip;
  }

  get sipPort(): number | undefined {
    return this.lease?.services?.sipPort;
  }

  /** Model time now (virtual ms). */
  get modelNow(): number {
    return this.clock.now(this.earliestDue()?.at);
  }

  onChange(l: PhoneListener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }

  powerUp(): void {
    this.poweredAtWall = this.wallNow();
    this.inject({ type: 'power-up' });
  }

  /** Feeds an event stamped with the current model time (web-submit, keypad-resync, call-start...). */
  inject(e: PhoneInput): void {
    if (this.closed) return;
    this.queue.push({ ...e, at: this.modelNow } as PhoneEvent);
    this.drain();
  }

  /** Resolves when `predicate(this)` holds; rejects with PC_ERR_JUDGEMENT after `timeoutMs` wall. */
  until(predicate: (p: EmulatedPhone) => boolean, timeoutMs: number, what = 'condition'): Promise<this> {
    if (predicate(this)) return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const off = this.onChange(() => {
        if (!predicate(this)) return;
        clearTimeout(t); off(); resolve(this);
      });
      const t = setTimeout(() => {
        off();
        reject(new ProvcertError('PC_ERR_JUDGEMENT', `phone ${this.mac}: ${what} not reached within ${timeoutMs} ms${this.broken ? ` (${this.broken})` : ''}`));
      }, timeoutMs);
    });
  }

  /** Stops timers, closes the lease sockets; waits for I/O in flight (bounded by the clients' timeouts). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.rebootTimer);
    this.env.dhcp.onMessage(this.mac, undefined);
    await Promise.allSettled([...this.pending]);
    await this.dropLease();
  }

  private onDhcp(m: DhcpIncoming): void {
    const ev = dhcpEventOf(m.message, 0);
    if (!ev) return;
    if (ev.type === 'dhcp-ack') this.lastMask = serverOptionsOf(m.message).subnetMask;
    const { at: _at, ...rest } = ev;
    this.inject(rest as PhoneInput);
  }

  private earliestDue(): { name: TimerName; at: number } | undefined {
    let best: { name: TimerName; at: number } | undefined;
    for (const [name, at] of Object.entries(this.st.timers) as [TimerName, number][]) {
      if (best === undefined || at < best.at || (at === best.at && name < best.name)) best = { name, at };
    }
    return best;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      // Bounded: every step is one event; a model that kept producing events forever is a bug.
      for (let n = 0; n < 10_000 && this.queue.length > 0 && !this.broken; n++) this.process(this.queue.shift()!);
    } finally {
      this.draining = false;
    }
    this.armTimer();
    for (const l of [...this.listeners]) l(this);
  }

  /** One step: record, then execute the effects. Returns the effects (the web handler reads web-response). */
  private process(ev: PhoneEvent): readonly Effect[] {
    const tl = this.timeline;
    tl.add(ev.at, 'event', describeEvent(ev));
    let r;
    try {
      r = step(this.st, ev);
    } catch (e) {
      this.broken = e instanceof Error ? e.message : String(e);
      tl.add(ev.at, 'error', `model refused the event: ${this.broken}`);
      return [];
    }
    this.st = r.state;
    if (r.fired.length) tl.add(ev.at, 'fired', r.fired.join(' '));
    for (const eff of r.effects) {
      if (eff.type !== 'start-timer' && eff.type !== 'cancel-timer') tl.add(ev.at, 'effect', describeEffect(eff));
      this.execute(eff, ev.at);
    }
    this.syncLease();
    return r.effects;
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private execute(e: Effect, at: number): void {
    switch (e.type) {
      case 'send-dhcp': {
        const d = e.dhcp;
        const unicast = d.destination !== 'broadcast' ? d.destination : undefined;
        this.track(this.env.dhcp.send(this.mac, dhcpRequestFor(this.mac, d), { ...(unicast ? { dstIp: unicast } : {}), ...(d.ciaddr ? { srcIp: d.ciaddr } : {}) })
          .catch((err: unknown) => this.timeline.add(at, 'error', `DHCP send failed: ${String(err)}`)));
        return;
      }
      case 'fetch': return this.fetch(e);
      case 'decrypt':
      case 'gunzip': return this.decode(e);
      case 'apply-profile':
        this.applied++;
        if (this.metrics.bootToAppliedMs === undefined && this.poweredAtWall !== undefined) this.metrics.bootToAppliedMs = this.wallNow() - this.poweredAtWall;
        return;
      case 'reboot': {
        // The model already holds the rebooted (powered-off) state; the runtime powers it up again.
        this.bodies.clear();
        this.track(this.dropLease());
        clearTimeout(this.rebootTimer);
        this.rebootTimer = setTimeout(() => { if (!this.closed) this.powerUp(); }, this.env.rebootWallMs ?? 0);
        return;
      }
      case 'syslog': {
        const s = this.lease?.services;
        if (s) this.track(s.syslog(e.message).catch((err: unknown) => this.timeline.add(at, 'error', `syslog: ${String(err)}`)));
        return;
      }
      case 'send-sip-response':
        // Sent by the SIP UA with this status: notifyRequest() returns it to the UA's onNotify hook.
        return;
      case 'notify-peer':
        this.timeline.add(at, 'io', 'notify-peer not executed (Peer Firmware Sharing is not modelled)');
        return;
      default:
        return; // timers: armTimer reads state.timers; log, show-screen, web-response: timeline only
    }
  }

  private fetch(e: FetchEffect): void {
    const io = {
      mac: this.mac, tap: this.env.tap, resolve: this.env.resolve,
      ...(this.ip !== undefined ? { localAddress: this.ip } : {}),
      ...(e.scheme === 'https' && e.clientCert && this.creds() ? { credentials: this.creds()! } : {}),
      ...(this.env.serverCa !== undefined ? { serverCa: this.env.serverCa } : {}),
      ...(this.env.httpTimeoutMs !== undefined ? { httpTimeoutMs: this.env.httpTimeoutMs } : {}),
      ...(this.env.tftpTimeoutMs !== undefined ? { tftpTimeoutMs: this.env.tftpTimeoutMs } : {}),
      ...(this.env.tftpRetries !== undefined ? { tftpRetries: this.env.tftpRetries } : {}),
      ...(this.env.tftpOptions !== undefined ? { tftpOptions: this.env.tftpOptions } : {}),
    };
    this.ioInFlight++;
    const p = executeFetch(e, io).then((run) => {
      this.ioInFlight--;
      const o = run.outcome;
      if (o.kind === 'http' || o.kind === 'tftp') this.keepBody(e.id, o.body);
      const outcome = o.kind === 'http' ? `${o.status}` : o.kind === 'tftp' ? 'tftp ok' : o.kind === 'tftp-error' ? `tftp error ${o.code}` : `network error: ${o.message}`;
      this.metrics.fetches.push({ id: e.id, purpose: e.purpose, url: e.url, wallMs: run.wallMs, outcome });
      this.inject({ type: 'fetch-result', id: e.id, outcome: o });
    }, (err: unknown) => {
      this.ioInFlight--;
      // Only bad local input (e.g. an unusable URL) throws: the phone sees no answer (outcome C).
      this.inject({ type: 'fetch-result', id: e.id, outcome: { kind: 'network-error', message: err instanceof Error ? err.message : String(err) } });
    });
    this.track(p);
  }

  private credsCache: PhoneCredentialsPem | undefined;

  private creds(): PhoneCredentialsPem | undefined {
    const c = this.options.credentials;
    if (typeof c !== 'function') return c;
    this.credsCache ??= c();
    return this.credsCache;
  }

  private decode(e: DecodeEffect): void {
    const run = executeDecode(e, this.bodies.get(e.id), 0);
    if (run.error) this.timeline.add(this.st.now, 'io', `${e.type} #${e.id}: ${run.error}`);
    if (run.event.ok && run.event.body) this.keepBody(e.id, run.event.body);
    const { at: _at, ...rest } = run.event;
    this.queue.push({ ...rest, at: this.modelNow } as PhoneEvent); // processed by the running drain
  }

  private keepBody(id: number, body: Uint8Array): void {
    this.bodies.delete(id);
    this.bodies.set(id, body);
    while (this.bodies.size > MAX_KEPT_BODIES) this.bodies.delete(this.bodies.keys().next().value as number);
  }

  /** Opens or drops the per-lease sockets when the model's lease changes. */
  private syncLease(): void {
    const ip = this.st.dhcp.learned?.ip;
    if (ip === this.lease?.ip) return;
    if (this.lease) this.track(this.dropLease());
    if (ip === undefined) return;
    if (this.metrics.dhcpMs === undefined && this.poweredAtWall !== undefined) this.metrics.dhcpMs = this.wallNow() - this.poweredAtWall;
    const lease: { ip: string; services?: LeaseServices; opening?: Promise<void> } = { ip };
    this.lease = lease;
    const sink = {
      push: (ev: PhoneInput) => this.inject(ev),
      web: (cmd: ResyncCommand) => this.webRequest(cmd),
      notify: (e: Extract<PhoneInput, { type: 'sip-notify' }>) => this.notifyRequest(e),
      note: (kind: 'io' | 'error', text: string) => this.timeline.add(this.st.now, kind, text),
    };
    lease.opening = LeaseServices.open(ip, prefixLength(this.lastMask), this.env, this.mac, this.seed, sink).then((s) => {
      lease.services = s;
      if (this.lease !== lease) return s.close();
    }, (err: unknown) => {
      this.timeline.add(this.st.now, 'error', `lease sockets on ${ip}: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.track(lease.opening);
  }

  private async dropLease(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    if (!lease) return;
    await lease.opening;
    await lease.services?.close();
  }

  /** HTTP-002: the web endpoint hands /admin/resync?URL to the model; the model's status is the answer. */
  private webRequest(cmd: ResyncCommand): ResyncAnswer {
    if (this.closed || this.broken) return { status: 503, body: 'phone not running\n' };
    this.drain(); // nothing is queued between drains; keeps ordering if something was
    const ev = { type: 'web-request', path: '/admin/resync', ...(cmd.rawUrl !== undefined ? { query: cmd.rawUrl } : {}), at: this.modelNow } as PhoneEvent;
    const effects = this.process(ev);
    this.drain();
    const resp = effects.find((x): x is Extract<Effect, { type: 'web-response' }> => x.type === 'web-response');
    // Status 0 = the model gives no answer (web server disabled); a socket must say something: 404.
    if (!resp || resp.status === 0) return { status: 404, body: 'not found\n' };
    return { status: resp.status, body: resp.status === 200 ? 'resync requested\n' : '\n' };
  }

  /**
   * SIP-001/002/005: a NOTIFY is stepped now and the model's send-sip-response is the SIP answer
   * (200, or 489 Bad Event for check-sync / Resync_From_SIP=No); the UA sends it.
   */
  private notifyRequest(e: Extract<PhoneInput, { type: 'sip-notify' }>): NotifyAnswer {
    if (this.closed || this.broken) return { status: 503, reason: 'Service Unavailable' };
    this.drain();
    const effects = this.process({ ...e, at: this.modelNow });
    this.drain();
    const resp = effects.find((x): x is Extract<Effect, { type: 'send-sip-response' }> => x.type === 'send-sip-response');
    // No answer from the model: RFC 3261 section 8.2.2 still needs a final response; 200 is the UA's default.
    return resp ? { status: resp.status, reason: resp.reason } : { status: 200 };
  }

  /** Keeps exactly one wall timer: for the earliest armed model timer (time-scale.ts). */
  private armTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.broken) return;
    const next = this.earliestDue();
    if (!next) return;
    // A scaled timer must not overtake a transfer in flight: scaled, T1 of a 1 h lease is 0.5 s of
    // wall time, less than a slow fetch; it is armed again when the result has been stepped.
    if (this.ioInFlight > 0 && !this.env.timeScale.protocolTimers.includes(next.name)) return;
    const remaining = next.at - this.clock.now(next.at);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed || this.st.timers[next.name] !== next.at) { this.armTimer(); return; }
      // The event carries exactly the due time (step treats any other time as a stale timer).
      this.clock.jumpTo(next.at);
      this.queue.push({ type: 'timer', name: next.name, at: next.at });
      this.drain();
    }, wallDelayMs(this.env.timeScale, next.name, remaining));
  }
}
