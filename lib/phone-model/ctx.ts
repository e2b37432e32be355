/**
 * The accumulator of one `step`: the evolving state, the effects and the fired transition IDs.
 * Sub-machines (dhcp-client, resync, upgrade, ...) take a StepCtx and return nothing; `step`
 * creates one per event, so the function as a whole stays pure.
 */
import { ProvcertError } from '../errors.js';
import type { Effect } from './effects.js';
import { randomInt } from './prng.js';
import type { AccessState, DhcpState, OnboardingState, PhoneState, ResyncState, TimerName, UpgradeState } from './state.js';
import { TRANSITION_BY_ID } from './transitions.js';

export class StepCtx {
  s: PhoneState;
  readonly effects: Effect[] = [];
  readonly fired: string[] = [];

  constructor(state: PhoneState) {
    this.s = state;
  }

  get now(): number {
    return this.s.now;
  }

  /** Records that transition `id` fired; returns its requirement IDs for the effects it emits. */
  fire(id: string): readonly string[] {
    const t = TRANSITION_BY_ID.get(id);
    if (!t) throw new ProvcertError('PC_ERR_INTERNAL', `phone model fired unknown transition '${id}'`);
    this.fired.push(id);
    return t.requirementIds;
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  log(message: string, reqs: readonly string[]): void {
    this.emit({ type: 'log', message, reqs });
  }

  startTimer(name: TimerName, delayMs: number, reqs: readonly string[]): void {
    const d = Math.max(0, Math.round(delayMs));
    this.s = { ...this.s, timers: { ...this.s.timers, [name]: this.now + d } };
    this.emit({ type: 'start-timer', name, delayMs: d, reqs });
  }

  cancelTimer(name: TimerName, reqs: readonly string[]): void {
    if (this.s.timers[name] === undefined) return;
    const timers = { ...this.s.timers };
    delete timers[name];
    this.s = { ...this.s, timers };
    this.emit({ type: 'cancel-timer', name, reqs });
  }

  /** Clears a timer that has just fired (no effect: the clock already dropped it). */
  consumeTimer(name: TimerName): void {
    const timers = { ...this.s.timers };
    delete timers[name];
    this.s = { ...this.s, timers };
  }

  random(lo: number, hi: number): number {
    const [v, prng] = randomInt(this.s.prng, lo, hi);
    this.s = { ...this.s, prng };
    return v;
  }

  newId(): number {
    const id = this.s.nextId;
    this.s = { ...this.s, nextId: id + 1 };
    return id;
  }

  setDhcp(p: Partial<DhcpState>): void { this.s = { ...this.s, dhcp: { ...this.s.dhcp, ...p } }; }
  setResync(p: Partial<ResyncState>): void { this.s = { ...this.s, resync: { ...this.s.resync, ...p } }; }
  setUpgrade(p: Partial<UpgradeState>): void { this.s = { ...this.s, upgrade: { ...this.s.upgrade, ...p } }; }
  setOnboarding(p: Partial<OnboardingState>): void { this.s = { ...this.s, onboarding: { ...this.s.onboarding, ...p } }; }
  setAccess(p: Partial<AccessState>): void { this.s = { ...this.s, access: { ...this.s.access, ...p } }; }
  setConfig(changes: Readonly<Record<string, string>>): void { this.s = { ...this.s, config: { ...this.s.config, ...changes } }; }

  get idle(): boolean {
    return this.s.activeLines.length === 0;
  }
}
