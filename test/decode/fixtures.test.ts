/**
 * `provcert decode` against tshark on the licence-cleared corpus captures (test/fixtures/captures,
 * README there). Every difference must be one of the deliberate ones listed here and in
 * docs/decode.md, each asserted to occur exactly on the frames named.
 */
import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithTshark, tsharkMissing } from './tshark-compare.js';

const FIXTURES = new URL('../fixtures/captures/', import.meta.url).pathname;

/** file -> exact expected diff lines, with the reason (docs/decode.md "Differences from tshark"). */
const DELIBERATE: Record<string, { why: string; diffs: RegExp[] }> = {
  'tcpdump/bootp_asan.pcap': {
    why: 'IPv4 fragment (MF set) cut by the snaplen: not reassembled, so we dissect no application data; tshark dissects the fragment as malformed DHCP',
    diffs: [/^frame 1: protocols: ours \[\], tshark \["dhcp"\]$/],
  },
  'tcpdump/bootp_asan-2.pcap': {
    why: 'same: a snaplen-cut IPv4 fragment',
    diffs: [/^frame 1: protocols: ours \[\], tshark \["dhcp"\]$/],
  },
  'zeek/sip-junk-before-request.pcap': {
    why: 'a 4-octet datagram on port 5060 is reported as undecodable SIP (error with offset); Wireshark gives it up as data',
    diffs: [/^frame 1: protocols: ours \["sip"\], tshark \[\]$/],
  },
  'zeek/tcp-syslog.pcap': {
    why: 'RFC 6587 octet counting: tshark 4.0 does not know it and shows "51 <13>..." without PRI; we strip MSG-LEN and read the PRI',
    diffs: [4, 6].flatMap((n) => [new RegExp(`^frame ${n}: syslog\\.facility: ours \\["\\d+"\\], tshark \\[\\]$`), new RegExp(`^frame ${n}: syslog\\.level: ours \\["\\d+"\\], tshark \\[\\]$`), new RegExp(`^frame ${n}: syslog\\.msg: ours \\["Oct[^"]*"\\], tshark \\["5\\d <1\\d>Oct[^"]*"\\]$`)]),
  },
};

t.test('decode equals tshark on every fixture capture, except the deliberate differences', { skip: tsharkMissing ? 'tshark not installed' : false }, async (t) => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pcap')).sort();
  t.ok(files.length >= 20, `${files.length} fixture captures`);
  const seen: Record<string, number> = {};
  for (const f of files) {
    // tshark dissects TCP/514 as rsh unless told (corpus SOURCES.md).
    const c = await compareWithTshark(join(FIXTURES, f), { tsharkArgs: ['-d', 'tcp.port==514,syslog'] });
    for (const [p, n] of Object.entries(c.seen)) seen[p] = (seen[p] ?? 0) + n;
    const expected = DELIBERATE[f];
    if (!expected) {
      t.same(c.diffs, [], `${f}: every frame and field equals tshark's`);
      continue;
    }
    t.equal(c.diffs.length, expected.diffs.length, `${f}: exactly the documented differences (${expected.why})`);
    for (const re of expected.diffs) t.ok(c.diffs.some((d) => re.test(d)), `${f}: ${re.source}`);
    t.ok(c.diffs.every((d) => expected.diffs.some((re) => re.test(d))), `${f}: nothing else differs`);
  }
  for (const p of ['dhcp', 'tftp', 'sip', 'syslog']) t.ok((seen[p] ?? 0) > 0, `fixtures exercise ${p} (${seen[p] ?? 0} frames)`);
});
