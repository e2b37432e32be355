/**
 * A subnet of model phones for the PFS and congestion suites: each phone is a PhoneState stepped
 * by the reducer; the driver answers DHCP, serves URLs from `server`, delivers CPPDP messages
 * (notify-peer) to the other powered phones, answers peer-fetch from the named root (the image
 * is there while the root relays), fires timers in time order and records a timeline in spec
 * vocabulary. Bounded: at most `maxSteps` events per run.
 */
import {
  describeEffect, describeEvent, initialState, step, type Effect, type FetchOutcome, type PhoneEvent, type PhoneState, type TimerName,
} from '../../lib/phone-model/index.js';

export const PROFILE_URL = 'http://p.example/a.xml';
export const FIRMWARE_URL = 'http://fw.example/sip68xx.12-0-1MPP0001-1.loads';
export const NEW_LOAD = 'sip68xx.12-0-1MPP0001-1';
export const OLD_LOAD = 'sip68xx.11-3-1MPP0001-123';

const enc = new TextEncoder();
export const ok200 = (text = '<flat-profile></flat-profile>\n'): FetchOutcome => ({ kind: 'http', status: 200, headers: {}, body: enc.encode(text) });

export interface PhoneSpec {
  readonly mac: string;
  readonly productName?: string;
  readonly swVersion?: string;
  readonly config?: Readonly<Record<string, string>>;
  /** Power-up time (ms). */
  readonly at?: number;
}

type Pending = { readonly at: number; readonly seq: number; readonly phone: number; readonly event: PhoneEvent };

export interface Recorded {
  readonly at: number;
  readonly phone: number;
  readonly effect: Effect;
}

export class Fleet {
  readonly states: PhoneState[];
  readonly macs: string[];
  readonly dead = new Set<number>();
  readonly effects: Recorded[] = [];
  readonly fired: { at: number; phone: number; id: string }[] = [];
  readonly timeline: string[] = [];
  /** Server fetches (not peer copies) by URL. */
  readonly fetches: { at: number; phone: number; url: string }[] = [];
  private queue: Pending[] = [];
  private seq = 0;
  steps = 0;

  constructor(
    seed: number,
    specs: readonly PhoneSpec[],
    /** Answer of the load/provisioning server for a URL and its n-th request; latency in ms. */
    readonly server: (url: string, n: number) => { outcome: FetchOutcome; latencyMs: number },
    readonly maxSteps = 20_000,
  ) {
    this.macs = specs.map((s) => s.mac);
    this.states = specs.map((s, i) => initialState({
      seed: seed + i * 7919,
      facts: { mac: s.mac, productName: s.productName ?? 'CP-6841-3PCC', swVersion: s.swVersion ?? OLD_LOAD },
      config: { Profile_Rule: PROFILE_URL, Upgrade_Rule: FIRMWARE_URL, Peer_Firmware_Sharing: 'Yes', Resync_Random_Delay: '0', ...s.config },
    }));
    specs.forEach((s, i) => this.push(s.at ?? 0, i, { type: 'power-up', at: s.at ?? 0 }));
  }

  push(at: number, phone: number, event: PhoneEvent): void {
    this.queue.push({ at, seq: this.seq++, phone, event: { ...event, at } as PhoneEvent });
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** The phone goes away at `at`: CPPDP tells the others shortly after. */
  kill(at: number, phone: number): void {
    this.deaths.push({ at, phone });
  }
  private deaths: { at: number; phone: number }[] = [];

  private nextTimer(until: number): Pending | undefined {
    let best: Pending | undefined;
    this.states.forEach((s, i) => {
      if (this.dead.has(i)) return;
      for (const [name, at] of Object.entries(s.timers) as [TimerName, number][]) {
        if (at <= until && (best === undefined || at < best.at)) best = { at, seq: -1, phone: i, event: { type: 'timer', name, at } };
      }
    });
    return best;
  }

  run(until: number): this {
    while (this.steps < this.maxSteps) {
      const death = this.deaths.find((d) => !this.dead.has(d.phone));
      const head = this.queue[0];
      const timer = this.nextTimer(until);
      let next: Pending | undefined = head && head.at <= until ? head : undefined;
      if (timer && (!next || timer.at < next.at)) next = timer;
      if (death && death.at <= until && (!next || death.at <= next.at)) {
        this.dead.add(death.phone);
        this.timeline.push(`${fmt(death.at)} phone ${death.phone} (${this.macs[death.phone]}) gone`);
        this.states.forEach((_, j) => { if (j !== death.phone && !this.dead.has(j)) this.push(death.at + 10, j, { type: 'pfs-peer-gone', at: death.at + 10, mac: this.macs[death.phone] as string }); });
        continue;
      }
      if (!next) return this;
      if (next === head) this.queue.shift();
      this.steps++;
      if (this.dead.has(next.phone)) continue;
      this.apply(next);
    }
    throw new Error(`fleet did not settle within ${this.maxSteps} steps\n${this.toString()}`);
  }

  private apply(p: Pending): void {
    const i = p.phone;
    const s = this.states[i] as PhoneState;
    if (s.power === 'off' && p.event.type !== 'power-up') return;
    const at = Math.max(p.at, s.now);
    this.timeline.push(`${fmt(at)} #${i} <- ${describeEvent(p.event)}`);
    const r = step(s, { ...p.event, at } as PhoneEvent);
    this.states[i] = r.state;
    for (const id of r.fired) this.fired.push({ at, phone: i, id });
    for (const e of r.effects) this.execute(at, i, e);
  }

  private execute(at: number, i: number, e: Effect): void {
    this.effects.push({ at, phone: i, effect: e });
    if (e.type !== 'log' && e.type !== 'start-timer' && e.type !== 'cancel-timer') this.timeline.push(`${fmt(at)} #${i} -> ${describeEffect(e)}`);
    switch (e.type) {
      case 'send-dhcp': {
        const yiaddr = `10.77.0.${10 + i}`;
        const options = { serverId: '10.77.0.1', leaseSeconds: 10 * 86400 };
        this.push(at + 5, i, e.dhcp.message === 'DHCPDISCOVER'
          ? { type: 'dhcp-offer', at: at + 5, xid: e.dhcp.xid, yiaddr, options }
          : { type: 'dhcp-ack', at: at + 5, xid: e.dhcp.xid, yiaddr, options });
        return;
      }
      case 'fetch': {
        const n = this.fetches.filter((f) => f.url === e.url).length;
        this.fetches.push({ at, phone: i, url: e.url });
        const a = this.server(e.url, n);
        this.push(at + a.latencyMs, i, { type: 'fetch-result', at: at + a.latencyMs, id: e.id, outcome: a.outcome });
        return;
      }
      case 'peer-fetch': {
        const j = this.macs.indexOf(e.root);
        const root = this.states[j];
        const serving = root !== undefined && !this.dead.has(j) && root.pfs.phase === 'relaying';
        this.push(at + 200, i, { type: 'fetch-result', at: at + 200, id: e.id, outcome: serving ? ok200('image') : { kind: 'network-error', message: 'connection refused' } });
        return;
      }
      case 'notify-peer': {
        this.states.forEach((st, j) => {
          if (j === i || this.dead.has(j) || st.power === 'off') return;
          if (e.to !== 'subnet' && this.macs[j] !== e.to) return;
          this.push(at + 10, j, { type: 'pfs-message', at: at + 10, kind: e.kind, from: e.self });
        });
        return;
      }
      case 'reboot':
        this.push(at + 1000, i, { type: 'power-up', at: at + 1000 });
        return;
      default:
        return;
    }
  }

  firedBy(phone: number, id: string): number[] {
    return this.fired.filter((f) => f.phone === phone && f.id === id).map((f) => f.at);
  }

  toString(): string {
    return this.timeline.join('\n');
  }
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(3).padStart(10)}s`;
}

/** A server: the profile always 200; the firmware as given. */
export function loadServer(firmware: (n: number) => FetchOutcome = () => ok200('image'), firmwareLatencyMs = 100): (url: string, n: number) => { outcome: FetchOutcome; latencyMs: number } {
  return (url, n) => (url === FIRMWARE_URL ? { outcome: firmware(n), latencyMs: firmwareLatencyMs } : { outcome: ok200(), latencyMs: 50 });
}

export const macOf = (n: number): string => `00562b0436${n.toString(16).padStart(2, '0')}`;
