import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import { syslogFrame, syslogMessage } from '../../helpers/arbitraries/syslog.js';
import { syslogCodec, syslogTcpCodec, splitPri, makePri, type Rfc5424Message, type SyslogMessage } from '../../../lib/codec/syslog/index.js';
import { octetsToString } from '../../../lib/codec/sip/octets.js';
import { DecodeError } from '../../../lib/errors.js';
import { loadHexFixtures } from '../sip/hex-fixture.js';

const SEED = 5424;
const fixtures = loadHexFixtures('syslog');
const udp = fixtures.filter((f) => !f.name.endsWith('.tcp.hex'));
const tcp = fixtures.filter((f) => f.name.endsWith('.tcp.hex'));
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const str = (b: Uint8Array) => octetsToString(b);

t.test('UDP syslog codec laws and captured datagrams', async (t) => {
  // A datagram is the message, so every prefix of a datagram is itself a datagram: truncations
  // may decode; what is still checked is that a failing one throws DecodeError with an offset.
  assertCodecLaws(t, syslogCodec, syslogMessage, udp.map((f) => ({ name: f.name, bytes: f.bytes })), {
    seed: SEED, numRuns: 200, truncationMayDecode: () => true,
  });
});

t.test('TCP (RFC 6587) frame codec laws: every truncation is a DecodeError', async (t) => {
  assertCodecLaws(t, syslogTcpCodec, syslogFrame, tcp.map((f) => ({ name: f.name, bytes: f.bytes })), { seed: SEED, numRuns: 150 });
});

t.test('captured datagrams: PRI, timestamp and text equal what tshark decoded', async (t) => {
  t.ok(udp.length >= 8, `${udp.length} UDP vectors`);
  for (const f of udp) {
    const { value, findings } = syslogCodec.decode(f.bytes);
    const ts = f.tshark;
    if (value.pri !== undefined) {
      const p = splitPri(value.pri);
      t.equal(String(p.facility), ts['syslog.facility'], `${f.name}: facility`);
      t.equal(String(p.severity), ts['syslog.level'], `${f.name}: severity`);
    } else {
      t.equal(ts['syslog.facility'], '', `${f.name}: tshark saw no PRI either`);
      t.ok(findings.some((x) => x.code === 'syslog-missing-pri' && x.offset === 0), `${f.name}: missing PRI is a finding`);
    }
    // tshark's syslog.msg is the text after PRI (with \n escaped and a final NUL dropped).
    const afterPri = str(f.bytes).replace(/^<\d{1,3}>/, '').replace(/\u0000$/, '').replace(/\n/g, '\\n');
    t.equal(afterPri, ts['syslog.msg'], `${f.name}: text after PRI`);
    if (value.format === 'rfc3164' && ts['syslog.timestamp_rfc3164']) {
      t.equal(value.timestamp, ts['syslog.timestamp_rfc3164'], `${f.name}: BSD timestamp`);
      // tshark takes the token after the timestamp as HOSTNAME even when it ends in ':' (a TAG);
      // where it does not end in ':', both readings agree.
      if (!ts['syslog.hostname']!.endsWith(':')) {
        t.equal(value.hostname, ts['syslog.hostname'], `${f.name}: hostname`);
        t.equal(value.tag, ts['syslog.procid'], `${f.name}: tag (tshark puts the BSD TAG in syslog.procid)`);
      } else {
        t.equal(`${value.tag}:`, ts['syslog.hostname'], `${f.name}: tag (tshark calls it hostname)`);
        t.equal(/^\w+/.exec(value.content)?.[0], ts['syslog.procid'], `${f.name}: first content word (tshark's procid)`);
      }
    }
  }
});

t.test('captured TCP frames: octet counting and non-transparent framing (zeek mixes both)', async (t) => {
  t.ok(tcp.length >= 6, `${tcp.length} TCP vectors`);
  for (const f of tcp) {
    const { value, bytesRead } = syslogTcpCodec.decode(f.bytes);
    t.equal(bytesRead, f.bytes.length, `${f.name}: one whole frame`);
    const m = value.message;
    const text = str(syslogCodec.encode(m));
    if (value.framing === 'octet-counting') {
      // tshark has no RFC 6587 octet-counting support: its msg is the whole payload.
      t.equal(`${text.length} ${text}`, ts(f, 'syslog.msg'), `${f.name}: MSG-LEN frames the message`);
    } else {
      t.equal(String(splitPri(m.pri!).facility), ts(f, 'syslog.facility'), `${f.name}: facility`);
      t.equal(String(splitPri(m.pri!).severity), ts(f, 'syslog.level'), `${f.name}: severity`);
      t.equal(text.replace(/^<\d+>/, ''), ts(f, 'syslog.msg').replace(/\\n$/, ''), `${f.name}: text`);
    }
    t.equal(m.format === 'rfc3164' ? m.tag : undefined, 'su', `${f.name}: tag`);
  }
  function ts(f: (typeof tcp)[number], k: string): string { return f.tshark[k] ?? ''; }
});

t.test('RFC 5424 section 6.5 examples decode to their fields and re-encode exactly', async (t) => {
  const BOM = '\u00ef\u00bb\u00bf';
  const ex1 = `<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`;
  const ex2 = '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.';
  const ex3 = `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`;
  const ex4 = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]';
  const d1 = syslogCodec.decode(bytes(ex1)).value as Rfc5424Message;
  t.match(d1, { format: 'rfc5424', pri: 34, version: 1, timestamp: '2003-10-11T22:14:15.003Z', hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47', structuredData: null, bom: true, msg: "'su root' failed for lonvick on /dev/pts/8" });
  t.strictSame([splitPri(34).facilityName, splitPri(34).severityName], ['auth', 'crit']);
  const d2 = syslogCodec.decode(bytes(ex2)).value as Rfc5424Message;
  t.match(d2, { pri: 165, timestamp: '2003-08-24T05:14:15.000003-07:00', hostname: '192.0.2.1', appName: 'myproc', procId: '8710', msgId: null, structuredData: null, msg: "%% It's time to make the do-nuts." });
  t.equal(d2.bom, undefined);
  t.strictSame([splitPri(165).facilityName, splitPri(165).severityName], ['local4', 'notice']);
  const d3 = syslogCodec.decode(bytes(ex3)).value as Rfc5424Message;
  t.strictSame(d3.structuredData, [{ id: 'exampleSDID@32473', params: [{ name: 'iut', value: '3' }, { name: 'eventSource', value: 'Application' }, { name: 'eventID', value: '1011' }] }]);
  t.equal(d3.msg, 'An application event log entry...');
  const d4 = syslogCodec.decode(bytes(ex4)).value as Rfc5424Message;
  t.equal(d4.structuredData?.length, 2);
  t.strictSame(d4.structuredData?.[1], { id: 'examplePriority@32473', params: [{ name: 'class', value: 'high' }] });
  t.equal(d4.msg, undefined, 'no MSG after STRUCTURED-DATA');
  for (const ex of [ex1, ex2, ex3, ex4]) {
    const r = syslogCodec.decode(bytes(ex));
    t.equal(str(syslogCodec.encode(r.value)), ex, 're-encodes exactly');
    t.strictSame(r.findings, []);
  }
});

t.test('SD-PARAM escapes (RFC 5424 section 6.3.3) and stray backslashes are kept', async (t) => {
  const s = '<14>1 - - - - - [x@1 a="q\\"b\\\\c\\]d" b="C:\\temp"] m';
  const d = syslogCodec.decode(bytes(s)).value as Rfc5424Message;
  t.strictSame(d.structuredData?.[0]?.params, [{ name: 'a', value: 'q"b\\c]d' }, { name: 'b', value: 'C:\\temp', raw: 'C:\\temp' }]);
  t.equal(str(syslogCodec.encode(d)), s);
});

t.test('the phone\'s plain RFC 3164 messages (Log_Resync_*, PFS) parse into tag and content', async (t) => {
  // Shape of an MPP resync log line built from a Log_Resync_Success_Msg-style template (LOG-002).
  const s = '<134>Nov 16 14:55:56 10.77.0.20 CP-6851-3PCC[512]: 0011223344 -- Successful resync http://10.77.0.1/cfg/0011223344.xml';
  const r = syslogCodec.decode(bytes(s));
  t.match(r.value, { format: 'rfc3164', pri: 134, timestamp: 'Nov 16 14:55:56', hostname: '10.77.0.20', tag: 'CP-6851-3PCC', pid: '512', content: '0011223344 -- Successful resync http://10.77.0.1/cfg/0011223344.xml' });
  t.strictSame(r.findings, []);
  const noHost = syslogCodec.decode(bytes('<13>Apr  5 12:56:51 robin: Hello, syslog!\u0000'));
  t.match(noHost.value, { tag: 'robin', content: 'Hello, syslog!', trailingNul: true });
  t.equal((noHost.value as { hostname?: string }).hostname, undefined);
  t.strictSame(noHost.findings.map((f) => f.code), ['syslog-trailing-nul']);
  const lead = syslogCodec.decode(bytes('<013>Oct 11 22:14:15 h t: x'));
  t.equal(lead.value.priText, '013');
  t.equal(str(syslogCodec.encode(lead.value)), '<013>Oct 11 22:14:15 h t: x');
  t.strictSame(lead.findings.map((f) => f.code), ['syslog-pri-leading-zero']);
  const big = syslogCodec.decode(bytes('<192>x'));
  t.equal(big.value.pri, undefined, 'PRI over 191 is not a PRI');
  t.equal((big.value as { content: string }).content, '<192>x');
});

t.test('PRI helpers and errors', async (t) => {
  t.equal(makePri(23, 7), 191);
  t.strictSame(splitPri(191), { facility: 23, severity: 7, facilityName: 'local7', severityName: 'debug' });
  const empty = t.throws(() => syslogCodec.decode(new Uint8Array())) as DecodeError;
  t.equal(empty.code, 'PC_ERR_DECODE_TRUNCATED');
  for (const [s, code] of [['12', 'PC_ERR_DECODE_TRUNCATED'], ['12x <1>a', 'PC_ERR_DECODE_INVALID'], ['9 <1>a', 'PC_ERR_DECODE_TRUNCATED'], ['<13>abc', 'PC_ERR_DECODE_TRUNCATED']] as const) {
    const e = t.throws(() => syslogTcpCodec.decode(bytes(s))) as DecodeError;
    t.equal(e.code, code, JSON.stringify(s));
  }
  const nul = syslogTcpCodec.decode(bytes('<13>a\u0000<14>b\n'));
  t.equal(nul.bytesRead, 6);
  t.strictSame(nul.findings.map((f) => f.code), ['syslog-no-timestamp', 'syslog-nul-trailer']);
  t.equal(nul.findings[1]!.offset, 5);
  const bad = t.throws(() => syslogTcpCodec.encode({ framing: 'non-transparent', trailer: '\n', message: { format: 'rfc3164', pri: 1, content: 'a\nb' } as SyslogMessage }));
  t.match(bad, { code: 'PC_ERR_ENCODE_INVALID' });
});

t.test('decoding arbitrary bytes throws only DecodeError', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
    for (const c of [syslogCodec, syslogTcpCodec]) {
      try { c.decode(b); } catch (e) { if (!(e instanceof DecodeError)) throw e; }
    }
  }), { seed: SEED, numRuns: 1000 });
  t.pass('no other exception type');
});
