/**
 * Sample results for the report tests and scripts/report-screenshot.mjs: a realistic run against
 * dnsmasq (a DHCP failure with its ladder, TFTP and HTTP results, skips, n/a, an error) plus
 * model-test results, and fast-check arbitraries of results with hostile strings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { REQUIREMENTS } from '../../lib/requirements/index.js';
import type { ReportWriterOptions } from '../../lib/report/writer.js';
import type { Evidence, LadderMessage, Result, Verdict } from '../../lib/report/types.js';

export const SERVER_IDS = [...REQUIREMENTS.values()].filter((r) => r.subject !== 'phone').map((r) => r.id);
export const PHONE_IDS = [...REQUIREMENTS.values()].filter((r) => r.subject === 'phone').map((r) => r.id);

export function sampleMeta(overrides: Partial<ReportWriterOptions> = {}): ReportWriterOptions {
  return {
    target: { name: 'dnsmasq', kind: 'process', serves: ['dhcp', 'dns', 'tftp'], versions: { dnsmasq: '2.89' } },
    seed: 424242,
    startedAt: '2025-01-15T10:00:00.000Z',
    now: () => new Date('2025-01-15T10:02:07.500Z'),
    labAdaptations: ['DNS cross-check only with lab DNS: names in option 66/150 are resolved by the lab resolver, not a real one'],
    uncoveredReasons: { 'TR69-002': 'TR-069 packet-level tests come with a later issue', 'PFS-003': 'PFS packet-level tests come with a later issue' },
    ...overrides,
  };
}

const DORA: LadderMessage[] = [
  { frame: 1, time: 0, from: 'phone-1', to: 'broadcast', label: 'DHCPDISCOVER xid=0x5a1c0001' },
  { frame: 2, time: 0.004, from: '10.77.0.1:67', to: 'phone-1', label: 'DHCPOFFER xid=0x5a1c0001 yiaddr=10.77.1.10', offending: true },
  { frame: 3, time: 0.006, from: 'phone-1', to: 'broadcast', label: 'DHCPREQUEST xid=0x5a1c0001' },
  { frame: 4, time: 0.009, from: '10.77.0.1:67', to: 'phone-1', label: 'DHCPACK xid=0x5a1c0001 66="10.77.0.1"' },
];

const TFTP: LadderMessage[] = [
  { frame: 1, time: 0, from: 'phone-1', to: '10.77.0.1:69', label: 'RRQ /cfg/001122334455.xml octet blksize=1428 tsize=0' },
  { frame: 2, time: 0.002, from: '10.77.0.1:40211', to: 'phone-1', label: 'OACK blksize=1428 tsize=2381' },
  { frame: 3, time: 0.003, from: 'phone-1', to: '10.77.0.1:40211', label: 'ACK 0' },
  { frame: 4, time: 0.004, from: '10.77.0.1:40211', to: 'phone-1', label: 'DATA 1 (1428 bytes)' },
  { frame: 5, time: 0.005, from: 'phone-1', to: '10.77.0.1:40211', label: 'ACK 1' },
  { frame: 6, time: 0.006, from: '10.77.0.1:40211', to: 'phone-1', label: 'DATA 2 (953 bytes)' },
  { frame: 7, time: 0.007, from: 'phone-1', to: '10.77.0.1:40211', label: 'ACK 2' },
];

function ev(id: string, extra: Evidence = {}): Evidence {
  return { pcap: `${id}/capture.pcapng`, logs: [`${id}/dnsmasq.log`], replay: `npx provcert run --target dnsmasq --test ${id} --seed 424242`, ...extra };
}

const base = (id: string, suite: string, title: string, requirements: string[], level: Result['level'], durationMs: number) =>
  ({ id, suite, title, requirements, level, durationMs });

/** The realistic run used by the HTML test and the screenshot. */
export function sampleResults(): { results: Result[]; phoneResults: Result[] } {
  const results: Result[] = [
    { ...base('dhcp.offer.echoes-xid', 'dhcp', 'OFFER echoes the DISCOVER xid', ['DHCP-001'], 'MUST', 41), verdict: 'pass', evidence: ev('dhcp.offer.echoes-xid', { ladder: DORA.map((m) => ({ ...m, offending: false })) }) },
    {
      ...base('dhcp.offer.server-identifier', 'dhcp', 'OFFER carries option 54 server identifier', ['DHCP-001', 'DHCP-004'], 'MUST', 38),
      verdict: 'fail', requirementId: 'DHCP-001', expected: 'option 54 = 10.77.0.1 in DHCPOFFER (RFC 2131 §4.3.1)', observed: 'option 54 absent',
      message: 'DHCPOFFER without server identifier', evidence: ev('dhcp.offer.server-identifier', { frames: [2], ladder: DORA }),
    },
    { ...base('dhcp.option66.encoding', 'dhcp', 'Option 66 is a host name or address without NUL', ['DHCP-004'], 'SHOULD', 12), verdict: 'pass', message: 'trailing NUL accepted (RFC 2132 §8.4 allows it)', evidence: ev('dhcp.option66.encoding') },
    { ...base('dhcp.option125.dslforum', 'dhcp', 'Option 125 for dslforum.org clients', ['DHCP-012'], 'SHOULD', 0), verdict: 'n/a', reason: 'target declares no ACS (serves has no acs)', evidence: {} },
    { ...base('dhcp.v6.advertise', 'dhcp', 'DHCPv6 ADVERTISE carries option 17', ['DHCP-001'], 'MUST', 0), verdict: 'n/a', reason: 'DHCPv6 is not tested yet', evidence: {} },
    { ...base('tftp.rrq.new-tid', 'tftp', 'Reply comes from a new TID', ['TFTP-005'], 'MUST', 22), verdict: 'pass', evidence: ev('tftp.rrq.new-tid', { ladder: TFTP }) },
    { ...base('tftp.oack.blksize-not-larger', 'tftp', 'OACK blksize is not larger than requested', ['TFTP-006'], 'MUST', 19), verdict: 'pass', evidence: ev('tftp.oack.blksize-not-larger', { ladder: TFTP }) },
    {
      ...base('tftp.error.file-not-found', 'tftp', 'Missing file answered with ERROR 1', ['TFTP-007'], 'SHOULD', 3007),
      verdict: 'fail', requirementId: 'TFTP-007', expected: 'ERROR 1 (File not found) within 3 s', observed: 'ERROR 0 "<script>alert(1)</script> not here"',
      message: 'server answered ERROR 0 with message "<script>document.title=\'pwned\'</script>"',
      evidence: ev('tftp.error.file-not-found', {
        frames: [2],
        ladder: [
          { frame: 1, time: 0, from: 'phone-1', to: '10.77.0.1:69', label: 'RRQ /missing.xml octet' },
          { frame: 2, time: 0.001, from: '10.77.0.1:51515', to: 'phone-1', label: 'ERROR 0 "<img src=x onerror=alert(1)>"' },
        ],
      }),
    },
    { ...base('http.missing.404', 'http', 'Missing profile answered 404', ['HTTP-016'], 'MUST', 0), verdict: 'skip', reason: 'target does not serve http', evidence: {} },
    { ...base('dns.option66.resolves', 'dns', 'Names in option 66 resolve with the lab DNS', ['DHCP-005'], 'MUST', 120007), verdict: 'error', message: 'target did not answer within 120 s (process exited: signal SIGSEGV)', evidence: ev('dns.option66.resolves') },
  ];
  const phoneResults: Result[] = [
    { ...base('resync.schedule.periodic', 'resync', 'Resync_Periodic schedules the next resync', ['RESYNC-001', 'RESYNC-003'], 'MUST', 250), verdict: 'pass', evidence: { seed: 424242, replay: 'npx provcert model check --seed 424242' } },
    { ...base('upgrade.latch.same-load', 'upgrade', 'The same load is not fetched twice', ['UPG-004', 'UPG-005'], 'MUST', 310), verdict: 'pass', evidence: { seed: 424242 } },
    {
      ...base('access.set-password.dhcp', 'access', 'Set-Password bypass with DHCP and password', ['ACCESS-006'], 'MUST', 95), verdict: 'fail', requirementId: 'ACCESS-006',
      expected: 'web UI locked until a password is set', observed: 'web UI open after DHCPACK', message: 'model let the web UI open',
      evidence: { seed: 424242, path: '3:1:0', counterexample: 'power-up\nDHCPACK (no password)\nweb-login -> 200', replay: 'npx provcert model check --seed 424242 --path 3:1:0' },
    },
  ];
  return { results, phoneResults };
}

/** Creates the files the sample's evidence refers to (so that every link resolves). */
export function writeSampleArtefacts(outDir: string, results: readonly Result[]): void {
  for (const r of results) {
    for (const p of [r.evidence.pcap, ...(r.evidence.logs ?? [])]) {
      if (!p) continue;
      mkdirSync(dirname(join(outDir, p)), { recursive: true });
      writeFileSync(join(outDir, p), p.endsWith('.log') ? `log of ${r.id}\n` : 'pcapng placeholder\n');
    }
  }
}

/** Strings a hostile server could put in a result: markup, quotes, control characters, surrogates, bidi. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<script>window.__xss=1</script>', '"><img src=x onerror="window.__xss=1">', "'; --", ']]>', '&amp;', '\u0000\u0007\u001b[31m', '\ud800', '\u202e', 'javascript:alert(1)', '| pipe | * _ `'),
);

const testId = fc.tuple(fc.constantFrom('dhcp', 'tftp', 'http', 'dns'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/))
  .map(([s, a, b]) => `${s}.${a}.${b}`);

const ladder = fc.array(fc.record({
  frame: fc.integer({ min: 1, max: 5000 }),
  time: fc.double({ min: 0, max: 1000, noNaN: true }),
  from: hostileString, to: hostileString, label: hostileString,
  offending: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['frame', 'time', 'from', 'to', 'label'] }), { maxLength: 6 });

const evidence: fc.Arbitrary<Evidence> = fc.record({
  pcap: hostileString, socketLevel: fc.boolean(), frames: fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 3 }),
  logs: fc.array(hostileString, { maxLength: 2 }), counterexample: hostileString, seed: fc.integer(), path: hostileString,
  replay: hostileString, ladder,
}, { requiredKeys: [] });

/** Any valid result of a section, with hostile strings where a server could put them. */
export function arbResult(section: 'target' | 'phone'): fc.Arbitrary<Result> {
  const ids = section === 'target' ? SERVER_IDS : PHONE_IDS;
  return fc.record({
    id: testId,
    title: hostileString,
    requirements: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }),
    level: fc.constantFrom('MUST', 'SHOULD', 'MAY'),
    durationMs: fc.integer({ min: 0, max: 200_000 }),
    message: hostileString,
    evidence,
    verdict: fc.constantFrom<Verdict>('pass', 'fail', 'error', 'skip', 'n/a'),
    reason: hostileString,
    expected: hostileString,
    observed: hostileString,
  }).map((g): Result => {
    const common = { id: g.id, suite: g.id.split('.')[0] as string, title: g.title, requirements: g.requirements, level: g.level, durationMs: g.durationMs, evidence: g.evidence };
    switch (g.verdict) {
      case 'pass': return { ...common, verdict: 'pass' };
      case 'fail': return { ...common, verdict: 'fail', requirementId: g.requirements[0] as string, expected: g.expected, observed: g.observed, message: g.message };
      case 'error': return { ...common, verdict: 'error', message: g.message };
      case 'skip': return { ...common, verdict: 'skip', reason: g.reason };
      case 'n/a': return { ...common, verdict: 'n/a', reason: g.reason };
    }
  });
}
