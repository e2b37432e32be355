/**
 * `provcert decode` against tshark on captures of real servers and clients (issue 4 part 3):
 * each scenario is recorded once (pcap, converted to pcapng by editcap) and both files are
 * compared field by field. The only differences allowed are the deliberate ones of
 * docs/decode.md, asserted here by exact frame list.
 */
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { record, scenarioSkip, type ScenarioName } from '../helpers/recordings.js';
import { compareWithTshark, tsharkMissing, type Comparison } from './tshark-compare.js';
import type { DecodeRecord, AppRecord } from '../../lib/decode/index.js';

const dir = mkdtempSync(join(tmpdir(), 'provcert-decode-rec-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const fieldsOf = (records: DecodeRecord[], proto: string): AppRecord[] => records.flatMap((r) => r.app.filter((a) => a.proto === proto && a.fields).map((a) => a.fields!));

interface Expect {
  /** Protocols tshark must attribute to at least one frame. */
  protos: string[];
  /** Deliberate differences (docs/decode.md), each a predicate over the diff lines. */
  allowed?: (diffs: string[], c: Comparison) => string[];
  /** Scenario-specific checks of our record fields (beyond tshark's). */
  check: (t: Test, records: DecodeRecord[], serverIp: string) => void;
}

/** ICMP port-unreachable quotes the datagram; tshark dissects syslog inside it, we do not. */
function icmpQuoted(diffs: string[], c: Comparison): string[] {
  const icmpFrames = new Set(c.records.filter((r) => r.ip?.proto === 1).map((r) => r.frame));
  return diffs.filter((d) => {
    const m = /^frame (\d+): protocols: ours \[\], tshark \["syslog"\]$/.exec(d);
    return !(m && icmpFrames.has(Number(m[1])));
  });
}

const EXPECT: Record<ScenarioName, Expect> = {
  'dhcp-udhcpc': {
    protos: ['dhcp'],
    check: (t, records, ip) => {
      const d = fieldsOf(records, 'dhcp');
      t.same(d.map((x) => x.proto === 'dhcp' && x.messageTypeName), ['DHCPDISCOVER', 'DHCPOFFER', 'DHCPREQUEST', 'DHCPACK']);
      const offer = d[1]!;
      if (offer.proto !== 'dhcp') return;
      const o = (code: number) => offer.options.find((x) => x.code === code)?.value;
      t.equal(o(66), ip, 'option 66 text, trailing NUL removed');
      t.same(o(150), [ip], 'option 150 list');
      t.equal(o(160), `http://${ip}/cfg/$MA.xml`);
      t.same(o(125), [{ enterprise: 3561, subOptions: [{ code: 4, length: 6, hex: '414243444546', text: 'ABCDEF' }] }], 'option 125 sub-options');
      t.match(o(43), { subOptions: [{ code: 1, text: `http://${ip}:7547/acs` }] }, 'option 43 sub-options');
    },
  },
  'dhcp-dhclient': {
    protos: ['dhcp'],
    check: (t, records) => {
      const types = fieldsOf(records, 'dhcp').map((x) => x.proto === 'dhcp' && x.messageTypeName);
      t.ok(types.includes('DHCPACK'), 'the exchange reached an ACK');
    },
  },
  tftp: {
    protos: ['tftp'],
    check: (t, records) => {
      const f = fieldsOf(records, 'tftp');
      t.ok(f.some((x) => x.proto === 'tftp' && x.opcode === 'OACK' && x.options?.some((o) => o.name === 'blksize' && o.value === '1024')), 'OACK with blksize 1024');
      t.ok(f.some((x) => x.proto === 'tftp' && x.opcode === 'ERROR' && x.errorCode === 1), 'ERROR 1');
      t.ok(f.some((x) => x.proto === 'tftp' && x.opcode === 'DATA' && x.dataLength === 0), 'final empty DATA for a multiple of 512');
    },
  },
  http: {
    protos: ['http'],
    check: (t, records) => {
      const f = fieldsOf(records, 'http');
      t.same(f.map((x) => x.proto === 'http' && (x.method ?? x.status)), ['GET', 200, 'GET', 404, 'POST', 204, 'GET', 200]);
      const post = f.find((x) => x.proto === 'http' && x.method === 'POST');
      t.match(post, { cwmp: { rpc: 'Inform', id: 'provcert-1', events: ['0 BOOTSTRAP'], version: '1.0' } }, 'CWMP Inform in the POST body');
      const gz = f[7]!;
      t.match(gz, { framing: 'chunked', decodedBodyLength: 55 }, 'chunked gzip body undone');
      const post2 = records.find((r) => r.app.some((a) => a.fields?.proto === 'http' && a.fields.method === 'POST'));
      t.ok(post2?.protocols.includes('cwmp'), 'cwmp in the protocol list');
    },
  },
  sip: {
    protos: ['sip'],
    check: (t, records, ip) => {
      const f = fieldsOf(records, 'sip');
      t.same(f.map((x) => x.proto === 'sip' && (x.method ?? x.status)), ['INVITE', 180, 200, 'ACK', 'BYE', 200, 'NOTIFY', 200]);
      const notify = f.find((x) => x.proto === 'sip' && x.method === 'NOTIFY');
      t.match(notify, { event: { type: 'resync', params: { profile: `http://${ip}/cfg/spa.xml` } }, cseq: { seq: 1, method: 'NOTIFY' } });
    },
  },
  syslog: {
    protos: ['syslog'],
    allowed: icmpQuoted,
    check: (t, records) => {
      const f = fieldsOf(records, 'syslog');
      t.match(f, [{ format: 'rfc3164', facility: 1, severity: 5, app: 'provcert', message: 'resync: profile applied' }, { format: 'rfc5424', app: 'provcert', message: 'upgrade: attempt 1' }]);
    },
  },
};

for (const name of Object.keys(EXPECT) as ScenarioName[]) {
  const skip = tsharkMissing ? 'tshark not installed' : scenarioSkip(name);
  t.test(`decode equals tshark on a recorded ${name} exchange (pcap and pcapng)`, { skip }, async (t) => {
    const rec = await record(name, join(dir, name));
    const exp = EXPECT[name];
    const results: Comparison[] = [];
    for (const file of [rec.pcap, rec.pcapng]) {
      const c = await compareWithTshark(file);
      results.push(c);
      for (const p of exp.protos) t.ok((c.seen[p] ?? 0) > 0, `${file}: tshark sees ${p}`);
      const left = exp.allowed ? exp.allowed(c.diffs, c) : c.diffs;
      if (exp.allowed) t.ok(left.length < c.diffs.length, `${file}: the documented difference occurs (${c.diffs.length - left.length} frames)`);
      t.same(left, [], `${file}: every frame and field equals tshark's`);
    }
    t.same(results[0]!.records, results[1]!.records, 'pcap and pcapng give identical records');
    exp.check(t, results[0]!.records, rec.serverIp);
  });
}
