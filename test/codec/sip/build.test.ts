import t from 'tap';
import {
  buildNotify, buildRequest, buildResponse, sipCodec, sipView, octetsToString, reasonPhrase, SIP_STATUS_CODES,
  type NotifyInput, type SipRequest, type SipResponse,
} from '../../../lib/codec/sip/index.js';
import type { ProvcertError } from '../../../lib/errors.js';

const base: Omit<NotifyInput, 'event'> = {
  uri: 'sip:1001@10.77.0.20:5060',
  via: { sentBy: '10.77.0.1:5060', branch: 'z9hG4bK-seed42-1' },
  from: { uri: 'sip:provcert@10.77.0.1', tag: 'f00d' },
  to: { uri: 'sip:1001@10.77.0.20' },
  callId: 'c0ffee@10.77.0.1',
  cseq: 1,
};

const str = (m: SipRequest | SipResponse) => octetsToString(sipCodec.encode(m));

t.test('NOTIFY Event: resync;profile="..." golden text and round trip (SIP-001, SIP-002)', async (t) => {
  const n = buildNotify({ ...base, event: { type: 'resync', profile: 'http://10.77.10.141/profile.xml' } });
  const expected =
    'NOTIFY sip:1001@10.77.0.20:5060 SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 10.77.0.1:5060;branch=z9hG4bK-seed42-1\r\n' +
    'Max-Forwards: 70\r\n' +
    'From: <sip:provcert@10.77.0.1>;tag=f00d\r\n' +
    'To: <sip:1001@10.77.0.20>\r\n' +
    'Call-ID: c0ffee@10.77.0.1\r\n' +
    'CSeq: 1 NOTIFY\r\n' +
    'Event: resync;profile="http://10.77.10.141/profile.xml"\r\n' +
    'Content-Length: 0\r\n\r\n';
  t.equal(str(n), expected);
  const back = sipCodec.decode(sipCodec.encode(n));
  t.strictSame(back.value, n);
  t.strictSame(back.findings, []);
  const v = sipView(back.value);
  t.equal(v.event?.type, 'resync');
  t.equal(v.event?.profile, 'http://10.77.10.141/profile.xml');
  t.equal(v.cseq?.method, 'NOTIFY');
  t.equal(v.via[0]?.branch, 'z9hG4bK-seed42-1');
});

t.test('the seed text form Event:resync;profile="..." (no space) parses', async (t) => {
  const raw = 'NOTIFY sip:1001@10.77.0.20 SIP/2.0\r\nEvent:resync;profile="http://10.77.10.141/profile.xml"\r\nContent-Length: 0\r\n\r\n';
  const d = sipCodec.decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
  t.equal(d.value.headers[0]!.raw, 'Event:resync;profile="http://10.77.10.141/profile.xml"');
  t.equal(sipView(d.value).event?.profile, 'http://10.77.10.141/profile.xml');
  t.equal(str(d.value), raw);
});

t.test('check-sync, report, reboot events and Subscription-State', async (t) => {
  for (const type of ['check-sync', 'report', 'reboot'] as const) {
    const n = buildNotify({ ...base, event: { type }, subscriptionState: 'terminated;reason=timeout' });
    t.match(str(n), new RegExp(`\r\nEvent: ${type}\r\nSubscription-State: terminated;reason=timeout\r\n`));
    const v = sipView(sipCodec.decode(sipCodec.encode(n)).value);
    t.equal(v.event?.type, type);
    t.equal(v.event?.profile, undefined);
    t.strictSame(v.subscriptionState, { state: 'terminated', params: [{ name: 'reason', value: 'timeout' }], reason: 'timeout' });
  }
  const withParam = buildNotify({ ...base, event: { type: 'check-sync', params: [{ name: 'reboot', value: 'true' }] } });
  t.match(str(withParam), /\r\nEvent: check-sync;reboot=true\r\n/);
});

t.test('buildRequest for the methods a line uses, with body and Content-Length', async (t) => {
  for (const method of ['INVITE', 'ACK', 'BYE', 'REGISTER', 'OPTIONS', 'NOTIFY']) {
    const r = buildRequest({ ...base, method, contact: { uri: 'sip:provcert@10.77.0.1:5060' }, body: 'v=0\r\n', contentType: 'application/sdp' });
    const back = sipCodec.decode(sipCodec.encode(r));
    t.strictSame(back.value, r, `${method} round trip`);
    const v = sipView(back.value);
    t.equal(v.cseq?.method, method);
    t.equal(v.contentLength, 5);
    t.equal(v.contentType, 'application/sdp');
    t.equal(v.contact[0]?.uri, 'sip:provcert@10.77.0.1:5060');
    t.equal(v.maxForwards, 70);
  }
});

t.test('buildResponse copies Via/From/To/Call-ID/CSeq and adds a To tag (RFC 3261 section 8.2.6.2)', async (t) => {
  const req = buildNotify({ ...base, event: { type: 'resync' } });
  const ok = buildResponse(req, 200, { toTag: 'ph0ne' });
  t.equal(str(ok),
    'SIP/2.0 200 OK\r\n' +
    'Via: SIP/2.0/UDP 10.77.0.1:5060;branch=z9hG4bK-seed42-1\r\n' +
    'From: <sip:provcert@10.77.0.1>;tag=f00d\r\n' +
    'To: <sip:1001@10.77.0.20>;tag=ph0ne\r\n' +
    'Call-ID: c0ffee@10.77.0.1\r\n' +
    'CSeq: 1 NOTIFY\r\n' +
    'Content-Length: 0\r\n\r\n');
  t.equal(sipView(buildResponse(req, 100, { toTag: 'x' })).to?.tag, undefined, '100 Trying gets no tag');
  const challenge = buildResponse(req, 401, { toTag: 'p', headers: [['WWW-Authenticate', 'Digest realm="x", nonce="n"']] });
  t.strictSame(sipView(challenge).wwwAuthenticate, ['Digest realm="x", nonce="n"']);
  for (const status of [180, 202, 302, 404, 481, 489, 500, 603]) {
    const r = buildResponse(req, status);
    t.equal(r.reason, SIP_STATUS_CODES[status], `${status} reason from the IANA table`);
    t.strictSame(sipCodec.decode(sipCodec.encode(r)).value, r);
  }
  t.equal(reasonPhrase(499), 'Bad Request', 'unknown code falls back to x00 of its class');
});

t.test('builders refuse values that would break framing', async (t) => {
  const bad: Array<() => unknown> = [
    () => buildRequest({ ...base, method: 'NO TIFY' }),
    () => buildRequest({ ...base, method: 'NOTIFY', via: { sentBy: 'h', branch: 'abc' } }),
    () => buildRequest({ ...base, method: 'NOTIFY', callId: 'a\r\nb' }),
    () => buildRequest({ ...base, method: 'NOTIFY', uri: 'sip:a b' }),
    () => buildRequest({ ...base, method: 'NOTIFY', cseq: -1 }),
    () => buildResponse(buildRequest({ ...base, method: 'BYE' }), 700),
  ];
  for (const f of bad) t.equal((t.throws(f) as ProvcertError).code, 'PC_ERR_ENCODE_INVALID');
});
