/**
 * Provisioning options (DHCP-001, DHCP-004, DHCP-005, X-DHCP-001): each option encoded as the phone
 * reads it, and together pointing at a server that actually serves the phone's profile.
 */
import { isIP } from 'node:net';
import { viewOptions, type DhcpMessage } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { Observed, TestContext } from '../../lib/runner/types.js';
import { dora } from '../helpers/dhcp-flows.js';
import { expect } from '../helpers/expect.js';
import { fetchProfile, locateProfile } from '../helpers/profile-fetch.js';
import { dnsUnavailable } from '../helpers/dns-lookup.js';
import { satisfies } from '../helpers/match.js';

const needs = ['dhcp'] as const;
const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

async function ack(ctx: TestContext, requirement: string): Promise<Observed<DhcpMessage>> {
  return (await dora(ctx, requirement)).ack;
}

function optionOrNa(reply: Observed<DhcpMessage>, code: number): Uint8Array {
  const d = viewOptions(reply.value).view.byCode.get(code);
  if (!d) notApplicable(`the target sends no option ${code} (nothing to check)`);
  return d;
}

const ascii = (d: Uint8Array) => Buffer.from(d).toString('latin1').replace(/\0+$/, '');

export const provisioningTests = [
  defineTest({
    id: 'dhcp.options.provisioning-present', title: 'ACK names a provisioning server', requirements: ['DHCP-001'], needs,
    why: 'An unconfigured phone learns where its configuration is only from DHCP (66, 150, 159 or 160).',
    procedure: { setup: 'A fresh phone MAC asking (55) for 66, 150, 159, 160.', stimulus: 'DISCOVER, REQUEST.', criteria: 'The DHCPACK carries at least one of options 66, 150, 159, 160.' },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-001');
      const codes = [66, 150, 159, 160].filter((c) => viewOptions(a.value).view.byCode.has(c));
      if (codes.length === 0) fail({ requirementId: 'DHCP-001', expected: 'one of options 66, 150, 159, 160', observed: 'none of them', message: `${a.label}: no provisioning option`, packet: a.bytes });
    },
  }),
  defineTest({
    id: 'dhcp.options.66-server-name', title: 'Option 66 is a TFTP server name', requirements: ['DHCP-004'], needs,
    why: 'The phone uses option 66 as a host name or address for server-less rules (DHCP-005); anything else is unusable.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'Option 66 (else n/a) is NVT ASCII forming a host name or IPv4 address (a trailing NUL is tolerated, X-DHCP-002).' },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-004');
      optionOrNa(a, 66);
      expect.dhcpReply(a, { requirement: 'DHCP-004', options: { 66: satisfies('a host name or IPv4 address', (d) => { const t = ascii(d); return HOST.test(t) || isIP(t) === 4 ? true : JSON.stringify(t); }) } });
    },
  }),
  defineTest({
    id: 'dhcp.options.no-trailing-nul', title: 'String options carry no trailing NUL', requirements: ['X-DHCP-002'], needs,
    why: 'RFC 2132 section 2: senders should not terminate NVT ASCII options with NUL; careless phones keep it in the host name.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'Options 15, 66, 67 and 160 (those present) do not end with a NUL byte.' },
    async run(ctx) {
      const a = await ack(ctx, 'X-DHCP-002');
      const no = satisfies<Uint8Array>('without a trailing NUL', (d) => (d[d.length - 1] === 0 ? 'NUL-terminated' : true));
      const opts: Record<number, typeof no> = {};
      for (const c of [15, 66, 67, 160]) if (viewOptions(a.value).view.byCode.has(c)) opts[c] = no;
      expect.dhcpReply(a, { requirement: 'X-DHCP-002', options: opts });
    },
  }),
  defineTest({
    id: 'dhcp.options.150-addresses', title: 'Option 150 is a list of IPv4 addresses', requirements: ['DHCP-004'], needs,
    why: 'Cisco phones read option 150 as TFTP server addresses, 4 octets each.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'Option 150 (else n/a) has a non-zero multiple of 4 octets.' },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-004');
      optionOrNa(a, 150);
      expect.dhcpReply(a, { requirement: 'DHCP-004', options: { 150: satisfies('a non-zero multiple of 4 octets', (d) => (d.length > 0 && d.length % 4 === 0 ? true : `${d.length} octets`)) } });
    },
  }),
  defineTest({
    id: 'dhcp.options.159-server', title: 'Option 159 is an IPv4 address or text', requirements: ['DHCP-004', 'X-DHCP-001'], needs,
    why: 'The phone reads 159 as the provisioning server: 4 octets or printable text, nothing else.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'Option 159 (else n/a) is 4 octets or printable ASCII.' },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-004');
      optionOrNa(a, 159);
      expect.dhcpReply(a, { requirement: 'X-DHCP-001', options: { 159: satisfies('4 octets or printable text', (d) => (d.length === 4 || /^[\x20-\x7e]+$/.test(ascii(d)) ? true : Buffer.from(d).toString('hex'))) } });
    },
  }),
  defineTest({
    id: 'dhcp.options.160-url', title: 'Option 160 is a provisioning URL', requirements: ['DHCP-004'], needs,
    why: 'The phone uses option 160 as a full profile URL; a malformed one leaves it unprovisioned.',
    procedure: { setup: 'A fresh phone MAC.', stimulus: 'DISCOVER, REQUEST.', criteria: 'Option 160 (else n/a) parses as a profile rule URL with scheme tftp, http or https and an absolute path.' },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-004');
      optionOrNa(a, 160);
      const where = locateProfile(a.value, ctx.phones[0]!);
      if ('error' in where) fail({ requirementId: 'DHCP-004', expected: 'a tftp/http/https URL with an absolute path', observed: where.error, message: `${a.label}: option 160 is not a usable URL`, packet: a.bytes });
    },
  }),
  defineTest({
    id: 'dhcp.options.profile-reachable', title: 'The options lead to the phone\'s profile', requirements: ['DHCP-001', 'DHCP-005'], needs,
    why: 'The point of the provisioning options: following them as a phone does must give the phone its profile.',
    procedure: {
      setup: 'The run generated a profile per phone at the path its rule expands to, with a marker GPP_A.',
      stimulus: 'DORA; then the URL from option 160 (host from 66 when the URL has none, DHCP-005), else tftp://<66 or 150>/$PSN.xml, macros expanded for the phone; fetch it.',
      criteria: 'The fetch returns the profile with the marker.',
    },
    async run(ctx) {
      const a = await ack(ctx, 'DHCP-001');
      const phone = ctx.phones[0]!;
      const where = locateProfile(a.value, phone);
      if ('error' in where) notApplicable(`no usable provisioning URL in the ACK (${where.error}); dhcp.options.* judge the options`);
      const requirement = where.hostFrom66 ? 'DHCP-005' : 'DHCP-001';
      if (isIP(where.host) === 0) {
        // A name is resolved via option 6 as the phone would (fetchProfile): the lab DNS, or on loopback the target's own DNS port.
        const why = dnsUnavailable(ctx.target);
        if (why !== undefined) notApplicable(`the URL names host '${where.host}', which cannot be resolved here: ${why}`);
      }
      const got = await fetchProfile(ctx, where, phone);
      if (!got.ok) fail({ requirementId: requirement, expected: `${where.url} returns the profile of phone ${phone.mac}`, observed: got.observed, message: `fetching ${where.url} (from ${where.source}) failed: ${got.observed}`, ...(got.packet ? { packet: got.packet } : {}) });
      if (!got.body.includes(phone.marker)) fail({ requirementId: requirement, expected: `a profile containing GPP_A ${phone.marker}`, observed: `${got.body.length} bytes without the marker`, message: `${where.url} did not return the generated profile`, ...(got.packet ? { packet: got.packet } : {}) });
    },
  }),
];
