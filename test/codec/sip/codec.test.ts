import t from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import { sipMessage } from '../../helpers/arbitraries/sip.js';
import { sipCodec, sipView, octetsToString, type SipMessage } from '../../../lib/codec/sip/index.js';
import { DecodeError } from '../../../lib/errors.js';
import { fixturesDir, loadHexFixtures, parseHexFixture } from './hex-fixture.js';

const SEED = 3261;
const fixtures = loadHexFixtures('sip');
const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

t.test('sip codec laws over arbitrary messages and captured vectors', async (t) => {
  assertCodecLaws(t, sipCodec, sipMessage, fixtures.map((f) => ({ name: f.name, bytes: f.bytes })), { seed: SEED, numRuns: 150 });
});

t.test('captured vectors: key fields equal what tshark decoded', async (t) => {
  t.ok(fixtures.length >= 12, `${fixtures.length} vectors`);
  for (const f of fixtures) {
    const { value, findings } = sipCodec.decode(f.bytes);
    const v = sipView(value);
    const ts = f.tshark;
    if (value.kind === 'request') {
      t.equal(value.method, ts['sip.Method'], `${f.name}: method`);
      t.equal(value.uri, ts['sip.r-uri'], `${f.name}: Request-URI`);
    } else {
      t.equal(String(value.status), ts['sip.Status-Code'], `${f.name}: status`);
    }
    t.equal(v.callId ?? '', ts['sip.Call-ID'], `${f.name}: Call-ID`);
    t.equal(v.cseq ? String(v.cseq.seq) : '', ts['sip.CSeq.seq'], `${f.name}: CSeq number`);
    t.equal(v.cseq?.method ?? '', ts['sip.CSeq.method'], `${f.name}: CSeq method`);
    t.equal(v.from?.tag ?? '', ts['sip.from.tag'], `${f.name}: From tag`);
    t.equal(v.to?.tag ?? '', ts['sip.to.tag'], `${f.name}: To tag`);
    t.equal(v.via.map((x) => x.branch ?? '').join(','), ts['sip.Via.branch'], `${f.name}: Via branches`);
    t.equal(v.contentLength !== undefined ? String(v.contentLength) : '', ts['sip.Content-Length'], `${f.name}: Content-Length`);
    t.equal(v.contentType ?? '', ts['sip.Content-Type'], `${f.name}: Content-Type`);
    t.equal(v.maxForwards !== undefined ? String(v.maxForwards) : '', ts['sip.Max-Forwards'], `${f.name}: Max-Forwards`);
    t.equal(v.contact.map((c) => c.uri).join(','), ts['sip.contact.uri'], `${f.name}: Contact URI`);
    if (f.meta['junk']) {
      t.equal(value.preamble?.length, Number(f.meta['junk']), `${f.name}: junk kept as preamble`);
      t.ok(findings.some((x) => x.code === 'sip-junk-before-start-line' && x.offset === 0), `${f.name}: junk is a finding`);
    }
  }
});

t.test('compact forms map to canonical names in the typed view (suricata sip_compact_form)', async (t) => {
  const f = fixtures.find((x) => x.name.startsWith('suricata-sip-compact'))!;
  const { value } = sipCodec.decode(f.bytes);
  t.strictSame(value.headers.slice(0, 3).map((h) => h.name), ['v', 'f', 't'], 'names kept as written');
  const v = sipView(value);
  t.equal(v.from?.displayName, '\\"arik\\"', 'display name kept as written (the capture escapes its quotes)');
  t.equal(v.from?.uri, 'sip:816666@voip.brurjula.net');
  t.equal(v.from?.tag, '6433ef9');
  t.equal(v.contentType, 'application/sdp');
  t.equal(v.contentLength, 272);
  t.equal(value.body.length, 272);
  t.equal(v.via[0]?.transport, 'UDP');
});

t.test('keep-alives and lone junk are not messages: DecodeError with offset', async (t) => {
  const dir = fixturesDir('sip');
  for (const name of ['ndpi-sip-keepalive-frame19.invalid', 'zeek-sip-junk-frame1.invalid']) {
    const f = parseHexFixture(name, readFileSync(join(dir, name), 'utf8'));
    const e = t.throws(() => sipCodec.decode(f.bytes)) as DecodeError;
    t.ok(e instanceof DecodeError, `${name} throws DecodeError`);
    t.ok(e.offset >= 0 && e.offset <= f.bytes.length, `${name}: offset ${e.offset} in range`);
  }
});

t.test('folding, bare LF and no Content-Length are findings that still frame', async (t) => {
  const folded = text('OPTIONS sip:a@b SIP/2.0\r\nSubject: I know you\'re there,\r\n  pick up the phone\r\nContent-Length: 0\r\n\r\n');
  const d = sipCodec.decode(folded);
  t.equal(d.value.headers[0]!.value, "I know you're there, pick up the phone", 'folded value unfolded (RFC 3261 section 7.3.1)');
  t.equal(octetsToString(sipCodec.encode(d.value)), octetsToString(folded), 'folding re-encodes byte-identically');

  const lf = text('NOTIFY sip:p@10.77.0.2 SIP/2.0\nEvent: check-sync\nContent-Length: 0\n\n');
  const dl = sipCodec.decode(lf);
  t.strictSame(dl.findings.map((f) => [f.code, f.offset]), [['sip-bare-lf', 30]]);
  t.equal(octetsToString(sipCodec.encode(dl.value)), octetsToString(lf));

  const udp = text('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello');
  const du = sipCodec.decode(udp);
  t.equal(octetsToString(du.value.body), 'hello', 'body runs to the datagram end');
  t.ok(du.findings.some((f) => f.code === 'sip-no-content-length'));

  const lead = sipCodec.decode(text('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n'));
  t.equal(lead.findings[0]!.code, 'sip-leading-crlf');
  const spaced = sipCodec.decode(text('OPTIONS  sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n'));
  t.equal(spaced.value.startLineRaw, 'OPTIONS  sip:a@b SIP/2.0');
  t.equal((spaced.value as { uri: string }).uri, 'sip:a@b');
});

t.test('truncated header section and short body are DecodeErrors', async (t) => {
  const cases: Array<[string, string, number]> = [
    ['no empty line', 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n', 37],
    ['short body', 'OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nabc', 50],
    ['cut start line', 'OPTIONS sip:a@b SIP/2', 21],
  ];
  for (const [what, s, offset] of cases) {
    const e = t.throws(() => sipCodec.decode(text(s))) as DecodeError;
    t.equal(e.code, 'PC_ERR_DECODE_TRUNCATED', what);
    t.equal(e.offset, offset, `${what}: offset`);
  }
  const bad = t.throws(() => sipCodec.decode(text('OPTIONS sip:a@b SIP/2.0\r\nno colon here\r\n\r\n'))) as DecodeError;
  t.equal(bad.code, 'PC_ERR_DECODE_INVALID');
  t.equal(bad.offset, 25);
  const cl = t.throws(() => sipCodec.decode(text('OPTIONS sip:a@b SIP/2.0\r\nl: ten\r\n\r\n'))) as DecodeError;
  t.equal(cl.code, 'PC_ERR_DECODE_INVALID');
});

t.test('two messages back to back on a stream: bytesRead frames each', async (t) => {
  const one = 'OPTIONS sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc';
  const two = 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n';
  const bytes = text(one + two);
  const a = sipCodec.decode(bytes);
  t.equal(a.bytesRead, one.length);
  const b = sipCodec.decode(bytes, a.bytesRead);
  t.equal((b.value as SipMessage & { status: number }).status, 200);
  t.equal(a.bytesRead + b.bytesRead, bytes.length);
});

t.test('decoding arbitrary text throws only DecodeError', async (t) => {
  const chunks = fc.array(fc.constantFrom('INVITE sip:x SIP/2.0', 'SIP/2.0 200 OK', '\r\n', '\n', 'Via: a', ' b', 'l: 2', 'Content-Length: x', 'xy', ':', '\u0000'), { maxLength: 12 });
  fc.assert(fc.property(chunks, (parts) => {
    try { sipCodec.decode(text(parts.join(''))); } catch (e) { if (!(e instanceof DecodeError)) throw e; }
  }), { seed: SEED, numRuns: 1000 });
  t.pass('no other exception type');
});
