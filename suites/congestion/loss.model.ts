/**
 * Behaviour under loss, timeouts and congestion (CONG-001..003, X-CONG-001/002; seed "Phone
 * Behavior During Times of Network Congestion"): retries never stop but every gap stays in its
 * window (congestion.ts), mass power-on is spread, and provisioning never disturbs a call.
 */
import fc from 'fast-check';
import { defineSuite } from '../../lib/model-check/index.js';
import { dhcpRetransmitWindow, LOSS_BEHAVIOUR, powerUpSpread, scheduleWindow, TRANSITION_BY_ID, type FetchOutcome } from '../../lib/phone-model/index.js';
import { FIRMWARE_URL, Fleet, macOf, ok200, PROFILE_URL } from '../pfs/fleet.js';

const SEED = 2131;
const suite = defineSuite('congestion.loss', ['X-CONG-001', 'X-CONG-002']);
export const properties = suite.properties;
const lost: FetchOutcome = { kind: 'network-error', message: 'timeout' };

suite.test('X-CONG-002: every loss mechanism of congestion.ts names transitions of the model', async (t) => {
  for (const l of LOSS_BEHAVIOUR) for (const id of l.transitions) t.ok(TRANSITION_BY_ID.has(id), `${l.mechanism}: ${id}`);
  t.same([0, 1, 2, 3, 4, 5, 9].map((n) => dhcpRetransmitWindow(n).minMs + 1000), [4000, 8000, 16000, 32000, 64000, 64000, 64000], 'RFC 2131 4.1 gaps 4, 8, 16, 32, 64 s');
});

suite.property('X-CONG-002 / X-DHCP-022: with every DHCP answer lost the phone retransmits forever, each gap within 4,8,16,32,64 s +-1 s', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
    const f = new Fleet(seed, [{ mac: macOf(1) }], () => ({ outcome: lost, latencyMs: 10 }));
    // No DHCP server: drop every DHCP answer the fleet would give.
    (f as unknown as { execute: unknown }).execute = ((orig) => function (this: Fleet, at: number, i: number, e: { type: string }) { if (e.type !== 'send-dhcp') orig.call(this, at, i, e); else this.effects.push({ at, phone: i, effect: e as never }); })((Fleet.prototype as unknown as { execute: (...a: unknown[]) => void }).execute);
    f.run(600_000);
    const sends = f.effects.filter((x) => x.effect.type === 'send-dhcp').map((x) => x.at);
    if (sends.length < 10) throw new Error(`only ${sends.length} DISCOVERs in 600 s`);
    for (let n = 1; n < sends.length; n++) {
      const gap = (sends[n] as number) - (sends[n - 1] as number);
      const w = dhcpRetransmitWindow(n - 1);
      if (gap < w.minMs || gap > w.maxMs) throw new Error(`gap ${n}: ${gap} ms outside ${w.minMs}..${w.maxMs}`);
    }
    return true;
  }), { seed: SEED, numRuns: 30 });

suite.property('CONG-002 / RESYNC-003: phones powered on together make their first profile request spread over 0..Resync_Random_Delay x 20 s', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 8 }), (seed, units, count) => {
    const config = { Resync_Random_Delay: String(units), Upgrade_Rule: '', Peer_Firmware_Sharing: 'No' };
    const f = new Fleet(seed, [...Array(count).keys()].map((n) => ({ mac: macOf(n + 1), config })), () => ({ outcome: ok200(), latencyMs: 50 })).run(units * 20_000 + 1000);
    const w = powerUpSpread(config);
    const firsts = [...Array(count).keys()].map((i) => f.fetches.find((x) => x.phone === i && x.url === PROFILE_URL)?.at);
    // The first request follows the DHCP exchange (10 ms on this subnet) by the random delay.
    return firsts.every((at) => at !== undefined && at - 10 >= w.minMs && at - 10 <= w.maxMs);
  }), { seed: SEED, numRuns: 40 });

suite.property('X-CONG-002 / RESYNC-008: with every profile request unanswered the retries follow Resync_Error_Retry_Delay, +r spread within its window, and never stop', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.array(fc.record({ s: fc.integer({ min: 1, max: 3600 }), r: fc.integer({ min: 0, max: 600 }) }), { minLength: 1, maxLength: 4 }), (seed, steps) => {
    const text = steps.map((x) => (x.r > 0 ? `${x.s}+${x.r}` : `${x.s}`)).join(',');
    const config = { Resync_Error_Retry_Delay: text, Upgrade_Rule: '', Resync_Random_Delay: '0', Peer_Firmware_Sharing: 'No' };
    const f = new Fleet(seed, [{ mac: macOf(1), config }], () => ({ outcome: lost, latencyMs: 0 }));
    // Long enough for steps.length + 4 retries (the last step repeats), and no longer.
    const last = steps[steps.length - 1] as { s: number; r: number };
    f.run(10 + [...steps, last, last, last, last].reduce((sum, x) => sum + (x.s + x.r) * 1000, 0));
    const at = f.fetches.map((x) => x.at);
    if (at.length < steps.length + 3) throw new Error(`only ${at.length} attempts for ${text}`);
    for (let k = 1; k < at.length; k++) {
      const w = scheduleWindow(config, 'Resync_Error_Retry_Delay', '3600', k);
      const gap = (at[k] as number) - (at[k - 1] as number);
      if (!w || gap < w.minMs || gap > w.maxMs) throw new Error(`retry ${k} of '${text}': ${gap} ms outside ${w?.minMs}..${w?.maxMs}`);
    }
    return true;
  }), { seed: SEED, numRuns: 40 });

suite.property('CONG-001 / X-CONG-001: under random loss and calls, the phone never reboots, downloads firmware or copies from a peer while a line is active', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.array(fc.tuple(fc.integer({ min: 0, max: 7_200_000 }), fc.integer({ min: 1_000, max: 1_800_000 })), { maxLength: 6 }), fc.double({ min: 0, max: 0.8, noNaN: true }), (seed, calls, lossRate) => {
    let k = 0;
    // Deterministic loss pattern from the seed (no Math.random): request k is lost when its hash falls below the rate.
    const lostAt = (n: number) => (((seed ^ (n * 2654435761)) >>> 0) % 1000) / 1000 < lossRate;
    const f = new Fleet(seed, [{ mac: macOf(1), config: { Resync_Periodic: '600', Resync_Error_Retry_Delay: '60', Upgrade_Error_Retry_Delay: '120', Forced_Resync_Delay: '3600' } }],
      (url) => ({ outcome: lostAt(k++) ? lost : url === FIRMWARE_URL ? ok200('image') : ok200(), latencyMs: 500 }));
    // One line per call, so that overlapping calls keep the phone busy until the last one ends.
    calls.forEach(([start, len], n) => { f.push(start, 0, { type: 'call-start', at: start, line: n + 1 }); f.push(start + len, 0, { type: 'call-end', at: start + len, line: n + 1 }); });
    f.run(10_000_000);
    const inCall = (at: number) => calls.some(([s, l]) => at >= s && at < s + l);
    const bad = f.effects.find((x) => inCall(x.at) && (x.effect.type === 'reboot' || x.effect.type === 'peer-fetch' || (x.effect.type === 'fetch' && x.effect.purpose === 'upgrade')));
    if (bad) throw new Error(`${bad.effect.type} at ${bad.at} during a call\n${f}`);
    return true;
  }), { seed: SEED, numRuns: 40 });
