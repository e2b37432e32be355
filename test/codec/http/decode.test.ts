import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DecodeError } from '../../../lib/errors.js';
import { buildRequest, buildResponse, decodeRequest, decodeResponse, encodeMessage, fieldValue } from '../../../lib/codec/http/index.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/http/${name}`, import.meta.url))));

function decodeError(t: Test, fn: () => unknown, code: string, offset?: number): void {
  try {
    fn();
    t.fail(`expected ${code}`);
  } catch (e) {
    t.ok(e instanceof DecodeError, 'DecodeError');
    const d = e as DecodeError;
    t.equal(d.code, code);
    t.equal(d.proto, 'http');
    if (offset !== undefined) t.equal(d.offset, offset, 'offset');
  }
}

t.test('http_request_perl_cwmp_inform_bare_lf', async (t) => {
  const bytes = fixture('BANT-R_7.4.1.7_Inform.http');
  const d = decodeRequest(bytes);
  t.equal(d.value.method, 'POST');
  t.equal(d.value.target, '/');
  t.equal(d.value.version, 'HTTP/1.1');
  t.equal(d.value.lineEnding, '\n');
  t.same(d.value.headers.map((h) => h.name), ['Host', 'User-Agent', 'Content-Length', 'Content-Type', 'SOAPAction']);
  t.equal(fieldValue(d.value.headers, 'soapaction'), '');
  t.equal(d.value.body.framing, 'length');
  t.equal(d.value.body.data.length, 2573);
  t.match(text(d.value.body.data), /^<soapenv:Envelope[\s\S]*<\/soapenv:Envelope>/);
  t.ok(d.findings.some((f) => f.code === 'http-bare-lf'));
  t.equal(d.bytesRead, bytes.length - 1, 'one trailing newline of the dump is not part of the message');
});

t.test('http_request_perl_cwmp_chunked', async (t) => {
  const bytes = fixture('Thomson-6.2.15.5_Inform_chunked.http');
  const d = decodeRequest(bytes);
  t.equal(d.bytesRead, bytes.length);
  t.equal(d.value.body.framing, 'chunked');
  t.same(d.value.body.chunks!.map((c) => c.size), [0x58f, 0x594, 0x100, 0]);
  const sum = d.value.body.chunks!.reduce((a, c) => a + c.size, 0);
  t.equal(d.value.body.data.length, sum);
  t.match(text(d.value.body.data), /<\/soapenv:Envelope>$/);
  t.notMatch(text(d.value.body.data), /\r\n100\r\n/, 'chunk framing removed from data');
  t.same(encodeMessage(d.value), bytes, 'raw chunked body kept for re-encoding');
});

t.test('http_request_pipelined_via_bytesRead', async (t) => {
  const a = encodeMessage(buildRequest({ method: 'POST', target: '/acs', body: 'one' }));
  const b = encodeMessage(buildRequest({ method: 'POST', target: '/acs', body: 'two2', chunked: [1, 2] }));
  const c = encodeMessage(buildRequest({ method: 'GET', target: '/x' }));
  const all = new Uint8Array([...a, ...b, ...c]);
  const bodies: string[] = [];
  let off = 0;
  for (let i = 0; i < 5 && off < all.length; i++) {
    const d = decodeRequest(all, off);
    bodies.push(text(d.value.body.data));
    off += d.bytesRead;
  }
  t.same(bodies, ['one', 'two2', '']);
  t.equal(off, all.length);
});

t.test('http_request_split_across_segments_waits_for_more', async (t) => {
  const full = encodeMessage(buildRequest({ method: 'POST', target: '/', body: 'x'.repeat(50) }));
  // Feed the message in 7-octet segments, the way a TCP reader would.
  let buf = new Uint8Array(0);
  let done = false;
  for (let o = 0; o < full.length && !done; o += 7) {
    buf = new Uint8Array([...buf, ...full.subarray(o, o + 7)]);
    try {
      const d = decodeRequest(buf);
      done = true;
      t.equal(d.bytesRead, full.length);
    } catch (e) {
      t.equal((e as DecodeError).code, 'PC_ERR_DECODE_TRUNCATED');
      t.equal((e as DecodeError).offset, buf.length, 'more bytes needed at the end of the buffer');
    }
  }
  t.ok(done);
});

t.test('http_response_body_length_rules', async (t) => {
  const head = (s: string) => enc(`HTTP/1.1 ${s}\r\nContent-Length: 5\r\n\r\nhello`);
  t.equal(decodeResponse(head('200 OK')).value.body.data.length, 5);
  t.equal(decodeResponse(head('200 OK'), 0, { requestMethod: 'HEAD' }).value.body.framing, 'none', 'HEAD response has no body');
  t.equal(decodeResponse(head('200 OK'), 0, { requestMethod: 'HEAD' }).bytesRead, 38);
  t.equal(decodeResponse(head('304 Not Modified')).value.body.framing, 'none');
  const r204 = decodeResponse(head('204 No Content'));
  t.equal(r204.value.body.framing, 'none');
  t.ok(r204.findings.some((f) => f.code === 'http-length-on-bodiless-response'));
  t.equal(decodeResponse(enc('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n')).bytesRead, 25, '1xx ends at the empty line');
  // Read to close: without eof the decoder waits, with eof it takes the rest.
  const close = enc('HTTP/1.0 200 OK\r\nServer: x\r\n\r\n<flat-profile/>');
  decodeError(t, () => decodeResponse(close), 'PC_ERR_DECODE_TRUNCATED', close.length);
  const c = decodeResponse(close, 0, { eof: true });
  t.equal(c.value.body.framing, 'close');
  t.equal(text(c.value.body.data), '<flat-profile/>');
  // Transfer-Encoding without final chunked: response read to close, request refused.
  t.equal(decodeResponse(enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz'), 0, { eof: true }).value.body.framing, 'close');
  decodeError(t, () => decodeRequest(enc('POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
});

t.test('http_content_length_conflicts', async (t) => {
  const same = decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc'));
  t.equal(text(same.value.body.data), 'abc');
  t.ok(same.findings.some((f) => f.code === 'http-content-length-repeated'));
  const list = decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc'));
  t.equal(text(list.value.body.data), 'abc');
  t.equal(list.bytesRead, 'POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc'.length);
  decodeError(t, () => decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  const both = decodeRequest(enc('POST / HTTP/1.1\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n'));
  t.equal(text(both.value.body.data), 'ab', 'Transfer-Encoding overrides Content-Length');
  t.ok(both.findings.some((f) => f.code === 'http-te-and-cl'));
});

t.test('http_chunked_extensions_and_trailers', async (t) => {
  const msg = enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;a=1\r\nWiki\r\n5 ; b="x y"\r\npedia\r\n0;last\r\nX-Digest: abc\r\nX-Other:  v \r\n\r\n');
  const d = decodeResponse(msg);
  t.equal(text(d.value.body.data), 'Wikipedia');
  t.same(d.value.body.chunks, [
    { size: 4, extensions: ';a=1' },
    { size: 5, extensions: ' ; b="x y"' },
    { size: 0, extensions: ';last' },
  ]);
  t.same(d.value.body.trailers, [{ name: 'X-Digest', value: 'abc' }, { name: 'X-Other', value: 'v', raw: '  v ' }]);
  t.same(encodeMessage(d.value), msg);
  decodeError(t, () => decodeResponse(enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeResponse(enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeResponse(enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n')), 'PC_ERR_DECODE_LIMIT');
});

t.test('http_fields_order_case_repetition_obs_fold', async (t) => {
  const msg = enc('GET /cfg.xml HTTP/1.0\r\nhost: a\r\nX-A: 1\r\nx-a: 2\r\nX-Fold: one\r\n  two\r\n\r\n');
  const d = decodeRequest(msg);
  t.equal(d.value.version, 'HTTP/1.0');
  t.same(d.value.headers.map((h) => [h.name, h.value]), [['host', 'a'], ['X-A', '1'], ['x-a', '2'], ['X-Fold', 'one two']]);
  t.equal(fieldValue(d.value.headers, 'X-A'), '1, 2');
  t.ok(d.findings.some((f) => f.code === 'http-obs-fold' && f.path === 'headers.X-Fold'));
  t.same(encodeMessage(d.value), msg, 'obs-fold re-encodes as received');
  // An edited value wins over the raw text it replaced.
  const edited = { ...d.value, headers: d.value.headers.map((h) => (h.name === 'X-Fold' ? { ...h, value: 'new' } : h)) };
  t.match(text(encodeMessage(edited)), /X-Fold: new\r\n/);
});

t.test('http_invalid_heads', async (t) => {
  decodeError(t, () => decodeRequest(enc('GET  / HTTP/1.1\r\n\r\n')), 'PC_ERR_DECODE_INVALID', 0);
  decodeError(t, () => decodeRequest(enc('GET / HTTP/2.0\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc('GET / HTTP/1.1\r\nHost : x\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc('GET / HTTP/1.1\r\nNo colon\r\n\r\n')), 'PC_ERR_DECODE_INVALID', 16);
  decodeError(t, () => decodeRequest(enc('GET / HTTP/1.1\r\nA: b\rc\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc('GET / HTTP/1.1\r\nA: b\0c\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeResponse(enc('HTTP/1.1 20 OK\r\n\r\n')), 'PC_ERR_DECODE_INVALID');
  decodeError(t, () => decodeRequest(enc(`GET / HTTP/1.1\r\nX: ${'a'.repeat(70000)}\r\n\r\n`)), 'PC_ERR_DECODE_LIMIT');
  const ws = decodeResponse(enc('HTTP/1.1 200 OK\r\nServer : x\r\nContent-Length: 0\r\n\r\n'));
  t.ok(ws.findings.some((f) => f.code === 'http-ws-before-colon'), 'response: whitespace before colon is a finding');
  const noReason = decodeResponse(enc('HTTP/1.1 204\r\n\r\n'));
  t.equal(noReason.value.reason, '');
  t.ok(noReason.findings.some((f) => f.code === 'http-missing-reason-space'));
  const lead = decodeRequest(enc('\r\nGET / HTTP/1.1\r\n\r\n'));
  t.equal(lead.bytesRead, 20);
  t.ok(lead.findings.some((f) => f.code === 'http-leading-empty-lines'));
});

t.test('http_builders', async (t) => {
  const r = buildResponse({ status: 404 });
  t.equal(r.reason, 'Not Found');
  t.equal(text(encodeMessage(r)), 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  t.equal(text(encodeMessage(buildResponse({ status: 204 }))), 'HTTP/1.1 204 No Content\r\n\r\n');
  t.equal(text(encodeMessage(buildResponse({ status: 200, body: 'abc', requestMethod: 'HEAD' }))), 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n');
  const c = buildRequest({ method: 'POST', target: '/', body: 'hello', chunked: [2], trailers: [['X-T', '1']] });
  t.equal(text(encodeMessage(c)), 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\nX-T: 1\r\n\r\n');
  t.throws(() => encodeMessage(buildRequest({ method: 'GET', target: '/', headers: [['X', 'a\r\nb']] })), { code: 'PC_ERR_ENCODE_INVALID' });
  t.throws(() => encodeMessage(buildRequest({ method: 'GET', target: '/', headers: [['X', '\u20ac']] })), { code: 'PC_ERR_ENCODE_INVALID' });
});
