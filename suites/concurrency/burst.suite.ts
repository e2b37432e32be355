/**
 * Bounded concurrency (CONG-002): many phones powering on together must all be served. A burst of
 * N phones (the run's --phones, at least 4) does DHCP at once, and the run's phones fetch their
 * profiles at once; all within the target's `thresholds.burstMs` (default 40 s, the window
 * CONG-002 names). Exclusive: nothing else runs meanwhile.
 */
import { DHCPACK } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { dora, messageType } from '../helpers/dhcp-flows.js';
import { fetchUrl } from '../helpers/fetch-url.js';
import { profileText } from '../helpers/profile-text.js';
import { profileUrlOf } from '../helpers/served-params.js';

const MIN_BURST = 4;
/** Upper bound, so that a huge --phones does not exhaust file descriptors on loopback. */
const MAX_BURST = 64;

function burstSize(ctx: TestContext): number {
  return Math.min(MAX_BURST, Math.max(MIN_BURST, ctx.phones.length));
}

function windowMs(ctx: TestContext): number {
  return ctx.target.spec.thresholds?.['burstMs'] ?? 40_000;
}

export const burstTests = [
  defineTest({
    id: 'concurrency.burst.dhcp-leases', title: 'A burst of phones all get distinct leases', requirements: ['CONG-002'], needs: ['dhcp'], exclusive: true, timeoutMs: 60_000,
    why: 'After a power cut every phone of a site asks at once; a server that drops some or hands one address to two phones leaves phones dead.',
    procedure: { setup: 'N fresh phone MACs (N = max(4, --phones), at most 64).', stimulus: 'All do DISCOVER/REQUEST at the same moment.', criteria: 'Every phone gets a DHCPACK within thresholds.burstMs (default 40 s) and no two ACKs carry the same yiaddr.' },
    async run(ctx) {
      const n = burstSize(ctx);
      const started = Date.now();
      const settled = await Promise.allSettled(Array.from({ length: n }, () => dora(ctx, 'CONG-002')));
      const elapsed = Date.now() - started;
      const failed = settled.filter((s) => s.status === 'rejected');
      if (failed.length > 0) {
        const e = (failed[0] as PromiseRejectedResult).reason as unknown;
        fail({ requirementId: 'CONG-002', expected: `${n} leases`, observed: `${n - failed.length} leases; first problem: ${e instanceof Error ? e.message : String(e)}`, message: `${failed.length} of ${n} phones in a burst got no lease` });
      }
      const leases = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof dora>>>).value);
      const owner = new Map<string, string>();
      for (const l of leases) {
        if (messageType(l.ack.value) !== DHCPACK) fail({ requirementId: 'CONG-002', expected: 'DHCPACK', observed: l.ack.label, message: `phone ${l.mac} of the burst was refused`, packet: l.ack.bytes });
        const prev = owner.get(l.ack.value.yiaddr);
        if (prev !== undefined) fail({ requirementId: 'CONG-002', expected: 'a distinct address per phone', observed: `${l.ack.value.yiaddr} to ${prev} and ${l.mac}`, message: `two phones of the burst got the same address ${l.ack.value.yiaddr}`, packet: l.ack.bytes });
        owner.set(l.ack.value.yiaddr, l.mac);
      }
      if (elapsed > windowMs(ctx)) fail({ requirementId: 'CONG-002', expected: `all leases within ${windowMs(ctx)} ms`, observed: `${elapsed} ms`, message: `a burst of ${n} phones took ${elapsed} ms` });
      ctx.log(`${n} leases in ${elapsed} ms`);
    },
  }),
  defineTest({
    id: 'concurrency.burst.profiles', title: 'A burst of profile requests is all served', requirements: ['CONG-002'], exclusive: true, timeoutMs: 60_000,
    applies: (t) => (['http', 'https', 'tftp'].some((s) => t.serves.includes(s as 'http')) ? undefined : 'the target serves no files'),
    why: 'Phones that power on together fetch their profiles together; the server must answer every one, without 5xx or dropped connections.',
    procedure: { setup: 'The run\'s phones and their profiles (each requested by max(4, --phones) / phones requests, at least once).', stimulus: 'All requests at the same moment, over the target\'s first file service.', criteria: 'Every request returns its phone\'s profile (with the marker) within thresholds.burstMs (default 40 s).' },
    async run(ctx) {
      const n = burstSize(ctx);
      const jobs = Array.from({ length: n }, (_, i) => ctx.phones[i % ctx.phones.length]!);
      const started = Date.now();
      const results = await Promise.all(jobs.map(async (phone) => {
        const url = profileUrlOf(ctx, phone)!;
        return { phone, url, got: await fetchUrl(ctx, url, phone, { timeoutMs: windowMs(ctx) }) };
      }));
      const elapsed = Date.now() - started;
      const bad = results.filter((r) => !r.got.ok || !profileText(ctx, r.got.body).includes(r.phone.marker));
      if (bad.length > 0) {
        const b = bad[0]!;
        const observed = b.got.ok ? `${b.got.body.length} octets without the marker` : b.got.observed;
        fail({ requirementId: 'CONG-002', expected: `${n} profiles served`, observed: `${n - bad.length} served; ${b.url.text}: ${observed}`, message: `${bad.length} of ${n} profile requests in a burst failed`, ...(b.got.packet ? { packet: b.got.packet } : {}) });
      }
      if (elapsed > windowMs(ctx)) fail({ requirementId: 'CONG-002', expected: `all within ${windowMs(ctx)} ms`, observed: `${elapsed} ms`, message: `a burst of ${n} profile requests took ${elapsed} ms` });
      ctx.log(`${n} profiles in ${elapsed} ms`);
    },
  }),
];
