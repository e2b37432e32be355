import t from 'tap';
import { canonicalHeaderName, parseNameAddr, parseVia, parseEvent, parseCSeq, parseSubscriptionState, headerValues, sipCodec, splitCommaList } from '../../../lib/codec/sip/index.js';

t.test('compact forms and case map to canonical names (RFC 3261 section 7.3.3, RFC 6665)', async (t) => {
  const pairs: Array<[string, string]> = [['i', 'Call-ID'], ['f', 'From'], ['t', 'To'], ['v', 'Via'], ['m', 'Contact'], ['l', 'Content-Length'], ['c', 'Content-Type'], ['e', 'Content-Encoding'], ['o', 'Event'], ['u', 'Allow-Events'], ['CALL-ID', 'Call-ID'], ['cseq', 'CSeq'], ['www-authenticate', 'WWW-Authenticate'], ['X-Thing', 'X-Thing']];
  for (const [given, want] of pairs) t.equal(canonicalHeaderName(given), want, given);
});

t.test('repeated and comma-joined headers keep order', async (t) => {
  const raw = 'SIP/2.0 200 OK\r\nv: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b:5061;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK3;received=1.2.3.4\r\nl: 0\r\n\r\n';
  const m = sipCodec.decode(Uint8Array.from(raw, (c) => c.charCodeAt(0))).value;
  t.strictSame(headerValues(m, 'VIA').flatMap(splitCommaList).map((v) => parseVia(v)?.branch), ['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3']);
  t.equal(parseVia('SIP / 2.0 / tcp b:5061;branch=z9hG4bK2')?.transport, 'TCP');
  t.equal(parseVia('garbage'), undefined);
});

t.test('name-addr and addr-spec forms (RFC 3261 section 20.10)', async (t) => {
  t.strictSame(parseNameAddr('"Line 1" <sip:1001@h;transport=udp>;tag=abc;expires=60'), {
    displayName: 'Line 1', uri: 'sip:1001@h;transport=udp', params: [{ name: 'tag', value: 'abc' }, { name: 'expires', value: '60' }], tag: 'abc',
  });
  t.strictSame(parseNameAddr('sip:1001@h;tag=x'), { uri: 'sip:1001@h', params: [{ name: 'tag', value: 'x' }], tag: 'x' });
  t.equal(parseNameAddr('"a<b" <sip:x>')?.displayName, 'a<b');
  t.equal(parseNameAddr(''), undefined);
});

t.test('Event, CSeq and Subscription-State parsers', async (t) => {
  t.strictSame(parseEvent('resync;profile="http://x/y.xml"'), { type: 'resync', params: [{ name: 'profile', value: 'http://x/y.xml' }], profile: 'http://x/y.xml' });
  t.strictSame(parseEvent(' check-sync '), { type: 'check-sync', params: [] });
  t.equal(parseEvent('bad type'), undefined);
  t.strictSame(parseCSeq('68  REGISTER'), { seq: 68, method: 'REGISTER' });
  t.equal(parseCSeq('x REGISTER'), undefined);
  t.strictSame(parseSubscriptionState('Active;expires=60'), { state: 'active', params: [{ name: 'expires', value: '60' }], expires: 60 });
});
