/**
 * Pass criteria: `expect.dhcpReply(observed, { requirement, type, xid: same(x), options: { 54: present() } })`.
 * The first mismatch becomes a `fail` result for `requirement`, carrying expected, observed and the
 * offending message (its frame is marked in the test's pcap and ladder).
 */
import { messageTypeName, viewOptions, type DhcpMessage } from '../../lib/codec/dhcp/index.js';
import { fail } from '../../lib/runner/judgement.js';
import type { Observed } from '../../lib/runner/types.js';
import type { Matcher } from './match.js';

export interface DhcpReplyTemplate {
  readonly requirement: string;
  /** Option 53 value (2 OFFER, 5 ACK, 6 NAK). */
  readonly type?: number;
  readonly xid?: Matcher<number>;
  readonly yiaddr?: Matcher<string>;
  readonly flags?: Matcher<number>;
  readonly cookie?: Matcher<number>;
  /** Per option code, on the RFC 3396 concatenated payload. */
  readonly options?: Readonly<Record<number, Matcher<Uint8Array>>>;
}

function mismatch(obs: Observed<unknown>, requirement: string, field: string, expected: string, observed: string): never {
  fail({ requirementId: requirement, expected: `${field} ${expected}`, observed: `${field} ${observed}`, message: `${obs.label}: ${field} is ${observed}, expected ${expected}`, packet: obs.bytes });
}

function field<T>(obs: Observed<unknown>, requirement: string, name: string, m: Matcher<T> | undefined, v: T | undefined): void {
  if (!m) return;
  const r = m.check(v);
  if (r !== true) mismatch(obs, requirement, name, m.expected, r);
}

export const expect = {
  /** A reply must have come; `what` says which (e.g. `DHCPOFFER to a DISCOVER`). */
  reply<T>(obs: Observed<T> | undefined, requirement: string, what: string, timeoutMs: number): Observed<T> {
    if (!obs) fail({ requirementId: requirement, expected: what, observed: `no reply within ${timeoutMs} ms`, message: `no ${what} within ${timeoutMs} ms` });
    return obs;
  },

  dhcpReply(obs: Observed<DhcpMessage>, t: DhcpReplyTemplate): void {
    const m = obs.value;
    const { view } = viewOptions(m);
    if (m.op !== 2) mismatch(obs, t.requirement, 'op', '2 (BOOTREPLY)', String(m.op));
    field(obs, t.requirement, 'xid', t.xid, m.xid);
    if (t.type !== undefined) {
      const got = view.messageType;
      if (got !== t.type) mismatch(obs, t.requirement, 'option 53 (message type)', `${t.type} (${messageTypeName(t.type)})`, got === undefined ? 'absent' : `${got} (${messageTypeName(got)})`);
    }
    field(obs, t.requirement, 'yiaddr', t.yiaddr, m.yiaddr);
    field(obs, t.requirement, 'flags', t.flags, m.flags);
    field(obs, t.requirement, 'magic cookie', t.cookie, m.cookie);
    for (const [code, matcher] of Object.entries(t.options ?? {})) {
      field(obs, t.requirement, `option ${code}`, matcher, view.byCode.get(Number(code)));
    }
  },
};
