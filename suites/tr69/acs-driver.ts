/**
 * A scripted ACS around the phone model for the TR-069 suites: answers DHCP, hands every CWMP
 * POST to `acs` (which returns the ACS's answer, or null for "no answer"), fires the earliest
 * armed timer when nothing is pending, and records a timeline in spec vocabulary.
 */
import type { CwmpBody } from '../../lib/codec/cwmp/types.js';
import { describeEffect, describeEvent, initialState, step, type Effect, type PhoneEvent, type PhoneState, type TimerName } from '../../lib/phone-model/index.js';

export type AcsAnswer = { readonly status: number; readonly body?: CwmpBody; readonly cwmpId?: string } | null;
export type Acs = (post: CwmpBody | null, n: number) => AcsAnswer;

export const ACS = 'http://acs.example:7547/';
export const TR69_ON = { 'Enable_TR-069': 'Yes', ACS_URL: ACS, Provision_Enable: 'No' };

export class AcsRun {
  state: PhoneState;
  readonly timeline: string[] = [];
  readonly effects: { at: number; effect: Effect }[] = [];
  posts = 0;
  constructor(seed: number, readonly acs: Acs, config: Record<string, string> = TR69_ON) {
    this.state = initialState({ seed, config });
  }
  get now(): number { return this.state.now; }
  feed(ev: PhoneEvent): void {
    const q: PhoneEvent[] = [ev];
    for (let i = 0; i < 500 && q.length > 0; i++) {
      const e = q.shift() as PhoneEvent;
      this.timeline.push(`${(e.at / 1000).toFixed(3).padStart(10)}s <- ${describeEvent(e)}`);
      const r = step(this.state, e);
      this.state = r.state;
      for (const x of r.effects) {
        this.effects.push({ at: e.at, effect: x });
        if (x.type !== 'log' && x.type !== 'start-timer' && x.type !== 'cancel-timer') this.timeline.push(`${(e.at / 1000).toFixed(3).padStart(10)}s -> ${describeEffect(x)}`);
        if (x.type === 'send-dhcp') q.push(x.dhcp.message === 'DHCPDISCOVER'
          ? { type: 'dhcp-offer', at: e.at, xid: x.dhcp.xid, yiaddr: '10.77.0.20', options: { serverId: '10.77.0.1' } }
          : { type: 'dhcp-ack', at: e.at, xid: x.dhcp.xid, yiaddr: '10.77.0.20', options: { serverId: '10.77.0.1', leaseSeconds: 10 * 86400 } });
        if (x.type === 'reboot') q.push({ type: 'power-up', at: e.at });
        if (x.type === 'send-cwmp') {
          const a = this.acs(x.body, this.posts++);
          q.push(a === null ? { type: 'cwmp-response', at: e.at, status: 0 } : { type: 'cwmp-response', at: e.at, ...a });
        }
      }
    }
  }
  /** Fires timers in order until `until` (ms) or `maxTimers`. */
  runUntil(until: number, maxTimers = 200): void {
    for (let i = 0; i < maxTimers; i++) {
      const due = Object.entries(this.state.timers).filter(([, at]) => at !== undefined && at <= until).sort((a, b) => (a[1] as number) - (b[1] as number) || a[0].localeCompare(b[0]))[0];
      if (!due) return;
      this.feed({ type: 'timer', name: due[0] as TimerName, at: due[1] as number });
    }
  }
  /** Inform bodies sent, with their time. */
  informs(): { at: number; events: string[]; retryCount: number }[] {
    return this.effects.flatMap((x) => (x.effect.type === 'send-cwmp' && x.effect.body?.method === 'Inform'
      ? [{ at: x.at, events: x.effect.body.events.map((e) => e.eventCode), retryCount: x.effect.body.retryCount }] : []));
  }
  toString(): string { return this.timeline.join('\n'); }
}

/** An ACS that acknowledges Informs and TransferCompletes, then sends `requests` in order, then 204. */
export function scriptedAcs(requests: readonly CwmpBody[] = []): Acs {
  let i = 0;
  return (post) => {
    if (post?.method === 'Inform') { i = 0; return { status: 200, body: { method: 'InformResponse', maxEnvelopes: 1 } }; }
    if (post?.method === 'TransferComplete') return { status: 200, body: { method: 'TransferCompleteResponse' } };
    const next = requests[i++];
    return next ? { status: 200, body: next, cwmpId: `acs-${i}` } : { status: 204 };
  };
}
