/**
 * DHCP replies well formed and consistent (RFC 2131 Table 3 as updated by RFC 6842; DHCP-014..022),
 * judged from what the target sent to emulated phones.
 */
import { MAGIC_COOKIE } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import { dora, discover, inform, provokeNak } from '../helpers/dhcp-flows.js';
import { expect } from '../helpers/expect.js';
import { absent, equals, hex32, present, same, satisfies } from '../helpers/match.js';

const needs = ['dhcp'] as const;
const u32 = (d: Uint8Array): number => new DataView(d.buffer, d.byteOffset, d.byteLength).getUint32(0);
const fourOctets = satisfies<Uint8Array>('4 octets (seconds)', (d) => (d.length === 4 ? true : `${d.length} octets`));
const forbidden = { 50: absent<Uint8Array>(), 55: absent<Uint8Array>(), 57: absent<Uint8Array>() };

export const xidTests = [
  defineTest({
    id: 'dhcp.offer.echoes-xid', title: 'OFFER echoes the DISCOVER xid', requirements: ['DHCP-018'], needs,
    why: 'A phone silently discards any reply whose xid is not the one it sent, so it never gets an address.',
    procedure: { setup: 'A fresh phone MAC; a random xid from the seed.', stimulus: 'DHCPDISCOVER with that xid.', criteria: 'The DHCPOFFER carries the same xid.' },
    async run(ctx) {
      const d = await discover(ctx, 'DHCP-018');
      expect.dhcpReply(d.offer, { requirement: 'DHCP-018', xid: same(d.xid, hex32) });
    },
  }),
  defineTest({
    id: 'dhcp.ack.echoes-xid', title: 'ACK echoes the REQUEST xid', requirements: ['DHCP-018'], needs,
    why: 'RFC 2131 section 4.4.1: the client drops a DHCPACK whose xid does not match its REQUEST.',
    procedure: { setup: 'A fresh phone MAC; a random xid.', stimulus: 'DISCOVER, then REQUEST (SELECTING) with the same xid.', criteria: 'The DHCPACK carries the xid of the REQUEST.' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-018');
      expect.dhcpReply(d.ack, { requirement: 'DHCP-018', xid: same(d.xid, hex32) });
    },
  }),
];

export const serverIdTests = [
  defineTest({
    id: 'dhcp.offer.server-identifier', title: 'OFFER carries the server identifier', requirements: ['DHCP-014'], needs,
    why: 'Without option 54 the phone cannot name the server it accepts in its REQUEST (RFC 2131 Table 3).',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DHCPDISCOVER.', criteria: 'The DHCPOFFER carries option 54 of 4 octets.' },
    async run(ctx) {
      const d = await discover(ctx, 'DHCP-014');
      expect.dhcpReply(d.offer, { requirement: 'DHCP-014', options: { 54: satisfies('present, 4 octets', (v) => (v.length === 4 ? true : `${v.length} octets`)) } });
    },
  }),
  defineTest({
    id: 'dhcp.ack.server-identifier', title: 'ACK carries the server identifier', requirements: ['DHCP-014'], needs,
    why: 'RFC 2131 Table 3: option 54 MUST be in every DHCPACK; renewing phones unicast to it.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST (SELECTING).', criteria: 'The DHCPACK carries option 54 equal to the one in the OFFER.' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-014');
      const offered = d.offer.value.options.find((o) => o.code === 54)?.data ?? new Uint8Array(0);
      expect.dhcpReply(d.ack, { requirement: 'DHCP-014', options: { 54: equals(offered, (v) => [...v].join('.')) } });
    },
  }),
  defineTest({
    id: 'dhcp.nak.server-identifier', title: 'NAK carries the server identifier', requirements: ['DHCP-014'], needs,
    why: 'RFC 2131 Table 3: option 54 MUST be in a DHCPNAK too, so the client knows who refused it.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'INIT-REBOOT DHCPREQUEST for 192.0.2.1, an address on another network.', criteria: 'If the target answers DHCPNAK (else n/a), it carries option 54.' },
    async run(ctx) {
      const { nak } = await provokeNak(ctx);
      expect.dhcpReply(nak, { requirement: 'DHCP-014', options: { 54: present() } });
    },
  }),
];

export const typeTests = [
  defineTest({
    id: 'dhcp.offer.message-type', title: 'DISCOVER is answered with message type 2', requirements: ['DHCP-016'], needs,
    why: 'The phone acts on option 53; any other value in answer to a DISCOVER stalls it.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DHCPDISCOVER.', criteria: 'The reply carries option 53 = 2 (DHCPOFFER).' },
    async run(ctx) {
      const d = await discover(ctx, 'DHCP-016');
      expect.dhcpReply(d.offer, { requirement: 'DHCP-016', type: 2 });
    },
  }),
  defineTest({
    id: 'dhcp.ack.message-type', title: 'REQUEST is answered with message type 5', requirements: ['DHCP-016'], needs,
    why: 'A SELECTING REQUEST for the offered address must be acknowledged with option 53 = 5.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST for the offered address.', criteria: 'The reply carries option 53 = 5 (DHCPACK).' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-016');
      expect.dhcpReply(d.ack, { requirement: 'DHCP-016', type: 5 });
    },
  }),
  defineTest({
    id: 'dhcp.inform.message-type', title: 'INFORM is answered with message type 5', requirements: ['DHCP-016'], needs,
    why: 'RFC 2131 section 4.3.5: a DHCPINFORM gets a DHCPACK with the configuration.',
    procedure: { setup: 'A phone with a lease (DORA).', stimulus: 'DHCPINFORM from the leased address.', criteria: 'The reply carries option 53 = 5 (DHCPACK).' },
    async run(ctx) {
      const i = await inform(ctx, 'DHCP-016');
      expect.dhcpReply(i.ack, { requirement: 'DHCP-016', type: 5 });
    },
  }),
];

export const leaseTests = [
  defineTest({
    id: 'dhcp.offer.lease-time', title: 'OFFER carries the lease time', requirements: ['DHCP-015'], needs,
    why: 'RFC 2131 Table 3: option 51 MUST be in a DHCPOFFER; the phone times its renewal from it.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DHCPDISCOVER.', criteria: 'The DHCPOFFER carries option 51 of 4 octets.' },
    async run(ctx) {
      const d = await discover(ctx, 'DHCP-015');
      expect.dhcpReply(d.offer, { requirement: 'DHCP-015', options: { 51: fourOctets } });
    },
  }),
  defineTest({
    id: 'dhcp.ack.lease-time', title: 'ACK to a REQUEST carries the lease time', requirements: ['DHCP-015'], needs,
    why: 'RFC 2131 Table 3: option 51 MUST be in a DHCPACK answering a DHCPREQUEST.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST (SELECTING).', criteria: 'The DHCPACK carries option 51 of 4 octets.' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-015');
      expect.dhcpReply(d.ack, { requirement: 'DHCP-015', options: { 51: fourOctets } });
    },
  }),
  defineTest({
    id: 'dhcp.inform.no-lease-time', title: 'ACK to an INFORM has no lease time', requirements: ['DHCP-015'], needs,
    why: 'RFC 2131 Table 3: a DHCPACK answering DHCPINFORM MUST NOT carry option 51 (no address is leased).',
    procedure: { setup: 'A phone with a lease (DORA).', stimulus: 'DHCPINFORM from the leased address.', criteria: 'The DHCPACK carries no option 51.' },
    async run(ctx) {
      const i = await inform(ctx, 'DHCP-015');
      expect.dhcpReply(i.ack, { requirement: 'DHCP-015', options: { 51: absent() } });
    },
  }),
  defineTest({
    id: 'dhcp.nak.no-lease-time', title: 'NAK has no lease time', requirements: ['DHCP-015'], needs,
    why: 'RFC 2131 Table 3: option 51 MUST NOT appear in a DHCPNAK.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'INIT-REBOOT DHCPREQUEST for 192.0.2.1.', criteria: 'If the target answers DHCPNAK (else n/a), it carries no option 51.' },
    async run(ctx) {
      const { nak } = await provokeNak(ctx);
      expect.dhcpReply(nak, { requirement: 'DHCP-015', options: { 51: absent() } });
    },
  }),
  defineTest({
    id: 'dhcp.ack.renewal-rebinding-order', title: 'T1 < T2 < lease time', requirements: ['DHCP-020'], needs,
    why: 'RFC 2131 section 4.4.5: a phone renews at T1 and rebinds at T2, both before the lease ends; inverted timers make it lose its address.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST (SELECTING).', criteria: 'In the DHCPACK, when options 58/59 are present: 58 < 59 < 51 (absent ones default to 0.5 and 0.875 of the lease).' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-020');
      const opts = new Map(d.ack.value.options.map((o) => [o.code, o.data]));
      const lease = opts.get(51);
      if (!lease || lease.length !== 4) return; // no lease time: dhcp.ack.lease-time judges that
      const l = u32(lease);
      const t1raw = opts.get(58);
      const t2raw = opts.get(59);
      const t1 = t1raw && t1raw.length === 4 ? u32(t1raw) : Math.floor(l / 2);
      const t2 = t2raw && t2raw.length === 4 ? u32(t2raw) : Math.floor((l * 7) / 8);
      if (!(t1 < t2 && t2 < l) && l !== 0xffffffff) {
        fail({ requirementId: 'DHCP-020', expected: 'T1 (58) < T2 (59) < lease (51)', observed: `T1 ${t1}${t1raw ? '' : ' (default)'}, T2 ${t2}${t2raw ? '' : ' (default)'}, lease ${l}`, message: `${d.ack.label}: renewal/rebinding times out of order`, packet: d.ack.bytes });
      }
    },
  }),
];

export const contentTests = [
  ...([['offer', 'OFFER'], ['ack', 'ACK']] as const).map(([id, name]) => defineTest({
    id: `dhcp.${id}.forbidden-options`, title: `${name} carries no option 50, 55 or 57`, requirements: ['DHCP-017'], needs,
    why: 'RFC 2131 Table 3: requested address, parameter request list and maximum message size are client options; a server sending them shows it echoes blindly.',
    procedure: { setup: 'A fresh phone MAC; the client sends 55 (and 61).', stimulus: id === 'offer' ? 'DHCPDISCOVER.' : 'DISCOVER, REQUEST with option 50.', criteria: `The DHCP${name} carries none of options 50, 55, 57.` },
    async run(ctx) {
      const d = id === 'offer' ? await discover(ctx, 'DHCP-017') : await dora(ctx, 'DHCP-017');
      expect.dhcpReply(id === 'offer' ? d.offer : (d as Awaited<ReturnType<typeof dora>>).ack, { requirement: 'DHCP-017', options: forbidden });
    },
  })),
  defineTest({
    id: 'dhcp.nak.forbidden-options', title: 'NAK carries no option 50, 55 or 57', requirements: ['DHCP-017'], needs,
    why: 'RFC 2131 Table 3 forbids these client options in a DHCPNAK as well.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'INIT-REBOOT DHCPREQUEST for 192.0.2.1 (options 50 and 55 sent).', criteria: 'If the target answers DHCPNAK (else n/a), it carries none of options 50, 55, 57.' },
    async run(ctx) {
      const { nak } = await provokeNak(ctx);
      expect.dhcpReply(nak, { requirement: 'DHCP-017', options: forbidden });
    },
  }),
  ...([['offer', 'OFFER'], ['ack', 'ACK']] as const).map(([id, name]) => defineTest({
    id: `dhcp.${id}.client-id-echo`, title: `${name} echoes the client identifier`, requirements: ['DHCP-017'], needs,
    why: 'RFC 6842 section 3: a server MUST echo option 61 when the client sent it, so that clients sharing a MAC can tell replies apart.',
    procedure: { setup: 'A fresh phone MAC; option 61 = type 1 + MAC.', stimulus: id === 'offer' ? 'DHCPDISCOVER.' : 'DISCOVER, REQUEST.', criteria: `The DHCP${name} carries option 61 byte for byte as sent.` },
    async run(ctx) {
      const d = id === 'offer' ? await discover(ctx, 'DHCP-017') : await dora(ctx, 'DHCP-017');
      const sent = d.discover.value.options.find((o) => o.code === 61)?.data ?? new Uint8Array(0);
      const reply = id === 'offer' ? d.offer : (d as Awaited<ReturnType<typeof dora>>).ack;
      expect.dhcpReply(reply, { requirement: 'DHCP-017', options: { 61: equals(sent, (v) => Buffer.from(v).toString('hex')) } });
    },
  })),
  defineTest({
    id: 'dhcp.ack.confirms-offered-address', title: 'ACK confirms the offered address', requirements: ['DHCP-022'], needs,
    why: 'RFC 2131 section 4.3.2: the ACK to a SELECTING REQUEST carries the address the client requested (the one offered); another address breaks its binding.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER; REQUEST with option 50 = the OFFER yiaddr.', criteria: 'The DHCPACK yiaddr equals the OFFER yiaddr and option 50 of the REQUEST.' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-022');
      expect.dhcpReply(d.ack, { requirement: 'DHCP-022', yiaddr: equals(d.offer.value.yiaddr) });
    },
  }),
];

export const framingTests = [
  defineTest({
    id: 'dhcp.nak.no-overload', title: 'NAK does not overload sname/file', requirements: ['DHCP-019'], needs,
    why: 'RFC 2131 Table 3: option 52 MUST NOT appear in a DHCPNAK.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'INIT-REBOOT DHCPREQUEST for 192.0.2.1.', criteria: 'If the target answers DHCPNAK (else n/a), it carries no option 52.' },
    async run(ctx) {
      const { nak } = await provokeNak(ctx);
      expect.dhcpReply(nak, { requirement: 'DHCP-019', options: { 52: absent() } });
    },
  }),
  defineTest({
    id: 'dhcp.reply.overload-signalled', title: 'Overloaded fields are signalled in the options field', requirements: ['DHCP-019', 'X-DHCP-005'], needs,
    why: 'A phone reads options from sname/file only when option 52 in the options field says so; anything else loses options.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'In OFFER and ACK, option 52 (when present) is 1, 2 or 3 and sits in the options field.' },
    async run(ctx) {
      const d = await dora(ctx, 'DHCP-019');
      for (const r of [d.offer, d.ack]) {
        const misplaced = r.value.options.some((o) => o.code === 52 && o.area !== undefined);
        if (misplaced) fail({ requirementId: 'X-DHCP-005', expected: 'option 52 only in the options field', observed: 'option 52 inside sname/file', message: `${r.label}: option 52 inside an overloaded field`, packet: r.bytes });
        expect.dhcpReply(r, { requirement: 'DHCP-019', options: { 52: { expected: 'absent, or 1/2/3 (one octet)', check: (v) => (v === undefined || (v.length === 1 && v[0]! >= 1 && v[0]! <= 3) ? true : Buffer.from(v).toString('hex')) } } });
      }
    },
  }),
  defineTest({
    id: 'dhcp.reply.flags-reserved-zero', title: 'Reserved flag bits are zero', requirements: ['X-DHCP-006'], needs,
    why: 'RFC 2131 section 2: only the broadcast bit of flags has a meaning; the other 15 MUST be zero.',
    procedure: { setup: 'A fresh phone MAC, broadcast flag set.', stimulus: 'DISCOVER, REQUEST.', criteria: 'In OFFER and ACK, flags & 0x7fff = 0.' },
    async run(ctx) {
      const d = await dora(ctx, 'X-DHCP-006');
      const m = satisfies<number>('reserved bits 0 (flags & 0x7fff = 0)', (f) => ((f & 0x7fff) === 0 ? true : `0x${f.toString(16).padStart(4, '0')}`));
      for (const r of [d.offer, d.ack]) expect.dhcpReply(r, { requirement: 'X-DHCP-006', flags: m });
    },
  }),
  defineTest({
    id: 'dhcp.reply.magic-cookie', title: 'Replies start their options with the magic cookie', requirements: ['X-DHCP-007'], needs,
    why: 'RFC 2131 section 3: without 99.130.83.99 the phone sees no DHCP options at all.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'OFFER and ACK carry the magic cookie.' },
    async run(ctx) {
      const d = await dora(ctx, 'X-DHCP-007');
      for (const r of [d.offer, d.ack]) expect.dhcpReply(r, { requirement: 'X-DHCP-007', cookie: equals(MAGIC_COOKIE, hex32) });
    },
  }),
];
