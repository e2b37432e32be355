import t from 'tap';
import { createSocket } from 'node:dgram';
import { SyslogSender, rfc3164Timestamp } from '../../../lib/emulator/clients/syslog-sender.js';
import { PhoneWebEndpoint, type ResyncCommand } from '../../../lib/emulator/clients/web-endpoint.js';
import { decode as decodeSyslog } from '../../../lib/codec/syslog/index.js';
import { phoneHttpRequest } from '../../../lib/emulator/clients/http-client.js';

t.test('syslog sender: RFC 3164 lines from the phone address, decoded by our codec', async (t) => {
  const rx = createSocket('udp4');
  await new Promise<void>((r) => rx.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  t.teardown(() => new Promise<void>((r) => rx.close(() => r())));
  const got: { text: string; from: string }[] = [];
  rx.on('message', (b, ri) => got.push({ text: b.toString('latin1'), from: ri.address }));
  const s = await SyslogSender.open({ localAddress: '127.77.0.30', server: { address: '127.0.0.1', port: rx.address().port } });
  t.teardown(() => s.close());
  const bytes = await s.send({ facility: 16, severity: 6, time: new Date(Date.UTC(2026, 0, 5, 7, 8, 9)), hostname: 'SEP000e08abcdef', tag: 'prov', content: 'RES 200 http://x/p.xml' });
  for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(got[0]?.text, '<134>Jan  5 07:08:09 SEP000e08abcdef prov: RES 200 http://x/p.xml');
  t.equal(got[0]?.from, '127.77.0.30');
  const m = decodeSyslog(bytes).value;
  t.match(m, { format: 'rfc3164', pri: 134, hostname: 'SEP000e08abcdef', tag: 'prov', content: 'RES 200 http://x/p.xml' });
  t.equal(rfc3164Timestamp(new Date(Date.UTC(2026, 11, 25, 23, 59, 1))), 'Dec 25 23:59:01');
});

t.test('web endpoint: /admin/resync?<url> reaches the phone that owns the address (HTTP-002)', async (t) => {
  const web = await PhoneWebEndpoint.listen({ host: '0.0.0.0' });
  t.teardown(() => web.close());
  const a: ResyncCommand[] = [];
  const b: ResyncCommand[] = [];
  web.route('127.77.0.40', (c) => { a.push(c); });
  web.route('127.77.0.41', (c) => { b.push(c); return { status: 403, body: 'locked' }; });
  const url = 'http://10.77.0.1/prov/$MA.xml?x=1';
  const r1 = await phoneHttpRequest({ url: `http://127.77.0.40:${web.port}/admin/resync?${url}`, userAgent: 'harness' });
  t.equal(r1.ok && r1.response.status, 200);
  t.equal(a[0]?.rawUrl, url, 'everything after the first ? is the URL');
  t.equal(a[0]?.url, url);
  t.equal(a[0]?.userAgent, 'harness');
  t.equal(b.length, 0, 'the other phone did not get it');
  const r2 = await phoneHttpRequest({ url: `http://127.77.0.41:${web.port}/admin/resync?http%3A%2F%2Fh%2Fp.xml`, userAgent: 'harness' });
  t.equal(r2.ok && r2.response.status, 403, 'handler decides the answer');
  t.equal(b[0]?.url, 'http://h/p.xml', 'percent-decoded form');
  const r3 = await phoneHttpRequest({ url: `http://127.77.0.40:${web.port}/admin/resync`, userAgent: 'harness' });
  t.equal(r3.ok && r3.response.status, 200);
  t.equal(a[1]?.rawUrl, undefined, 'no query: resync with the configured rule');
  const r4 = await phoneHttpRequest({ url: `http://127.77.0.42:${web.port}/admin/resync?x`, userAgent: 'harness' });
  t.equal(r4.ok && r4.response.status, 404, 'no phone on that address');
  const r5 = await phoneHttpRequest({ url: `http://127.77.0.40:${web.port}/admin/other`, userAgent: 'harness' });
  t.equal(r5.ok && r5.response.status, 404);
});
