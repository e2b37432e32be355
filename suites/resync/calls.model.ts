/**
 * Model-based command sequences (fc.commands): random calls, NOTIFYs, link flaps, web resyncs
 * and clock jumps against the phone model, with invariants checked after every command:
 * - RESYNC-009/010, X-RESYNC-004: no profile request starts during a call unless forced
 *   (Forced_Resync_Delay elapsed since the resync became due);
 * - UPG-006: no upgrade request and no reboot during a call;
 * - determinism: the same seed and the same events give the same effects.
 * A failure prints fast-check's seed and path: rerun with { seed, path } to replay it.
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import {
  applyTimerEffects, emptyTimerBook, fireTimer, initialState, nextTimer, step,
  type Effect, type PhoneEvent, type PhoneState, type TimerBook,
} from '../../lib/phone-model/index.js';
import { profileXml } from '../../test/helpers/model.js';

const SEED = 9090;
const suite = defineSuite('resync.calls', ['RESYNC-009', 'RESYNC-010', 'X-RESYNC-004', 'UPG-006']);
export const properties = suite.properties;

const PROF = 'http://p.example/a.xml';
const FW = 'http://fw.example/sip68xx.12-0-1MPP0001-1.loads';
const enc = new TextEncoder();

/** The real system: model state + timer book + an in-memory server answering at once. */
class Phone {
  state: PhoneState;
  book: TimerBook = emptyTimerBook(0);
  readonly log: { at: number; effect: Effect }[] = [];
  dueSince: number | undefined;
  constructor(seed: number, config: Record<string, string>) {
    this.state = initialState({ seed, config });
  }
  feed(ev: PhoneEvent): void {
    const queue: PhoneEvent[] = [ev];
    for (let i = 0; i < 200 && queue.length > 0; i++) {
      const e = queue.shift() as PhoneEvent;
      if (e.type === 'timer' && e.name === 'resync' && this.state.activeLines.length > 0) this.dueSince ??= e.at;
      const wasInCall = this.state.activeLines.length > 0;
      const r = step(this.state, e);
      this.state = r.state;
      // In a call before and after the event (a call-end event ends the call first).
      const inCall = wasInCall && r.state.activeLines.length > 0;
      this.book = applyTimerEffects({ ...this.book, now: e.at }, r.effects);
      for (const x of r.effects) {
        this.log.push({ at: e.at, effect: x });
        check(x, e.at, inCall, this);
        if (x.type === 'send-dhcp') queue.push(x.dhcp.message === 'DHCPDISCOVER'
          ? { type: 'dhcp-offer', at: e.at, xid: x.dhcp.xid, yiaddr: '10.77.0.5', options: { serverId: '10.77.0.1', leaseSeconds: 7200 } }
          : { type: 'dhcp-ack', at: e.at, xid: x.dhcp.xid, yiaddr: '10.77.0.5', options: { serverId: '10.77.0.1', leaseSeconds: 7200 } });
        if (x.type === 'fetch') {
          const body = x.url === FW ? enc.encode('IMG') : enc.encode(profileXml({ GPP_A: String(e.at) }));
          queue.push({ type: 'fetch-result', at: e.at, id: x.id, outcome: { kind: 'http', status: x.url === PROF || x.url === FW ? 200 : 404, headers: {}, body } });
        }
        if (x.type === 'reboot') queue.push({ type: 'power-up', at: e.at });
      }
      if (this.state.resync.phase !== 'deferred') this.dueSince = undefined;
    }
  }
  advance(ms: number): void {
    const until = this.book.now + ms;
    for (let i = 0; i < 100; i++) {
      const n = nextTimer(this.book);
      if (!n || n.at > until) break;
      this.book = fireTimer(this.book, n.name);
      this.feed({ type: 'timer', name: n.name, at: n.at });
    }
    this.book = { ...this.book, now: Math.max(this.book.now, until) };
  }
}

const FORCED_MS = 7_200_000;

function check(x: Effect, at: number, inCall: boolean, p: Phone): void {
  if (!inCall) return;
  if (x.type === 'reboot' && x.reason.startsWith('upgrade')) throw new Error(`UPG-006: reboot during a call at ${at}`);
  if (x.type === 'fetch' && x.purpose === 'upgrade') throw new Error(`UPG-006: firmware request during a call at ${at}`);
  if (x.type === 'fetch' && x.purpose === 'profile') {
    const forced = p.dueSince !== undefined && at - p.dueSince >= FORCED_MS;
    if (!forced) throw new Error(`RESYNC-009: profile request during a call at ${at} (due since ${p.dueSince})`);
  }
}

type Model = { calls: Set<number> };
type Cmd = fc.Command<Model, Phone>;
const now = (p: Phone) => p.book.now;

class CallStart implements Cmd {
  constructor(readonly line: number) {}
  check(m: Readonly<Model>) { return !m.calls.has(this.line); }
  run(m: Model, p: Phone) { m.calls.add(this.line); p.feed({ type: 'call-start', at: now(p), line: this.line }); }
  toString() { return `call-start line ${this.line}`; }
}
class CallEnd implements Cmd {
  constructor(readonly line: number) {}
  check(m: Readonly<Model>) { return m.calls.has(this.line); }
  run(m: Model, p: Phone) { m.calls.delete(this.line); p.feed({ type: 'call-end', at: now(p), line: this.line }); }
  toString() { return `call-end line ${this.line}`; }
}
class Wait implements Cmd {
  constructor(readonly seconds: number) {}
  check() { return true; }
  run(_m: Model, p: Phone) { p.advance(this.seconds * 1000); }
  toString() { return `wait ${this.seconds}s`; }
}
class Notify implements Cmd {
  check() { return true; }
  run(_m: Model, p: Phone) { p.feed({ type: 'sip-notify', at: now(p), line: 1, event: 'resync', callId: 'n', cseq: 1 }); }
  toString() { return 'NOTIFY Event: resync'; }
}
class LinkFlap implements Cmd {
  check() { return true; }
  run(_m: Model, p: Phone) { p.feed({ type: 'link-down', at: now(p) }); p.advance(1000); p.feed({ type: 'link-up', at: now(p) }); }
  toString() { return 'link-down, link-up'; }
}

const commands = [
  fc.integer({ min: 1, max: 2 }).map((l) => new CallStart(l)),
  fc.integer({ min: 1, max: 2 }).map((l) => new CallEnd(l)),
  fc.integer({ min: 1, max: 20_000 }).map((s) => new Wait(s)),
  fc.constant(new Notify()),
  fc.constant(new LinkFlap()),
];

const config = { Profile_Rule: PROF, Resync_Periodic: '900+300', Forced_Resync_Delay: String(FORCED_MS / 1000), Upgrade_Rule: `($A gt 50000000)? ${FW}`, Resync_Error_Retry_Delay: '600' };

suite.property('RESYNC-009/010, UPG-006: never a non-forced resync, upgrade or upgrade reboot during a call (fc.commands)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.commands(commands, { maxCommands: 60 }), (seed, cmds) => {
  const p = new Phone(seed, config);
  p.feed({ type: 'power-up', at: 0 });
  fc.modelRun(() => ({ model: { calls: new Set<number>() }, real: p }), cmds);
}), { seed: SEED, numRuns: 150 });

suite.test('X-RESYNC-004: a call held past the due time: the resync runs at due + Forced_Resync_Delay', async (t) => {
  const p = new Phone(1, { ...config, Resync_Random_Delay: '0', Upgrade_Rule: '' });
  p.feed({ type: 'power-up', at: 0 });
  p.advance(0);
  p.feed({ type: 'call-start', at: 1, line: 1 });
  p.advance(30 * 3_600_000);
  const fetches = p.log.filter((x) => x.effect.type === 'fetch').map((x) => x.at);
  t.same(fetches.slice(0, 2), [0, fetches[1]]);
  const due = p.log.find((x) => x.at > 0 && x.effect.type === 'start-timer' && x.effect.name === 'forced-resync');
  t.ok(due, 'deferred');
  t.equal(fetches[1], (due?.at ?? 0) + FORCED_MS, 'forced exactly Forced_Resync_Delay after the due time');
});

suite.property('determinism: same seed + same events = same effects (property)', () => fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.commands(commands, { maxCommands: 40 }), (seed, cmds) => {
  const runOnce = () => {
    const p = new Phone(seed, config);
    p.feed({ type: 'power-up', at: 0 });
    fc.modelRun(() => ({ model: { calls: new Set<number>() }, real: p }), cmds);
    return JSON.stringify(p.log);
  };
  return runOnce() === runOnce();
}), { seed: SEED, numRuns: 50 });

suite.test('different seeds give different random decisions (the PRNG is used)', async (t) => {
  const xid = (seed: number) => {
    const r = step(initialState({ seed }), { type: 'power-up', at: 0 });
    const d = r.effects.find((e) => e.type === 'send-dhcp');
    return d?.type === 'send-dhcp' ? d.dhcp.xid : -1;
  };
  t.not(xid(1), xid(2));
  t.equal(xid(1), xid(1));
});
