import t from 'tap';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phoneHttpRequest, rawHeader } from '../../../lib/emulator/clients/http-client.js';
import { LabPki } from '../../../lib/emulator/pki/index.js';
import { hasCommand } from '../../../lib/lab/sys.js';
import { isProvcertError } from '../../../lib/errors.js';
import { startNginx, type Nginx } from './fixtures/nginx.js';

const noNginx = hasCommand('nginx') ? false : 'nginx not installed';
const phone = { mac: '000e08abcdef', serial: '88012BA01234', model: 'CP-8841-3PCC', swver: 'sip88xx.11-3-1MPP0001-123' };
const UA = 'Cisco-CP-8841-3PCC/11.3.1 (000e08abcdef)';
const profile = '<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>';
const gz = gzipSync(Buffer.from(profile));

t.test('HTTP(S) client against nginx with mTLS', { skip: noNginx }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-pki-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pki = new LabPki({ dir });
  const srvCert = pki.serverCertificate({ ip: ['127.0.0.1'], dns: ['localhost'] });
  const creds = pki.phoneCredentials(phone);
  const ngx: Nginx = await startNginx({ serverCert: srvCert.cert, serverKey: srvCert.key, clientCa: pki.manufacturerCa().cert, files: { 'a.xml': profile, 'gz.xml': gz } });
  t.teardown(() => ngx.stop());
  const base = `https://127.0.0.1:${ngx.https}`;
  const tls = { ca: pki.serverCa().cert, cert: creds.cert, key: creds.key };

  t.test('200 with the phone certificate; peer certificate, timings, raw headers', async (t) => {
    const r = await phoneHttpRequest({ url: `${base}/a.xml`, userAgent: UA, tls, localAddress: '127.77.0.5' });
    if (!r.ok) { t.fail(r.message); return; }
    t.equal(r.response.status, 200);
    t.equal(Buffer.from(r.response.body).toString(), profile);
    t.equal(r.connection.tls?.authorized, true);
    t.match(r.connection.tls?.peerSubjectAltName, /IP Address:127\.0\.0\.1/);
    t.ok(r.connection.tls?.peerCertificate && r.connection.tls.peerCertificate.length > 100, 'server leaf DER');
    t.ok((r.timings.connectMs ?? -1) >= 0 && (r.timings.tlsMs ?? -1) >= 0 && (r.timings.headersMs ?? -1) >= 0 && r.timings.totalMs >= (r.timings.headersMs ?? 0));
    t.equal(r.response.rawHeaders[0]?.[0], 'Server', 'header names as written, in wire order');
    t.equal(r.connection.local?.address, '127.77.0.5');
    const line = ngx.accessLog().at(-1) ?? '';
    t.match(line, /^127\.77\.0\.5\|200\|GET \/a\.xml HTTP\/1\.1\|Cisco-CP-8841-3PCC\/11\.3\.1 \(000e08abcdef\)\|-\|/, 'source address and User-Agent (HTTP-004) seen by nginx');
    t.match(line, /OU=CP-8841-3PCC/, 'nginx saw the client certificate subject (HTTP-019)');
  });

  t.test('400 without a client certificate (nginx ssl_verify_client on)', async (t) => {
    const r = await phoneHttpRequest({ url: `${base}/a.xml`, userAgent: UA, tls: { ca: pki.serverCa().cert } });
    t.equal(r.ok && r.response.status, 400);
  });

  t.test('untrusted server CA is a tls outcome; verify: false completes and says unauthorized', async (t) => {
    const r = await phoneHttpRequest({ url: `${base}/a.xml`, userAgent: UA, tls: { ...tls, ca: pki.manufacturerCa().cert } });
    t.match(r, { ok: false, reason: 'tls' });
    const u = await phoneHttpRequest({ url: `${base}/a.xml`, userAgent: UA, tls: { ...tls, ca: pki.manufacturerCa().cert, verify: false } });
    t.equal(u.ok && u.response.status, 200);
    t.equal(u.ok && u.connection.tls?.authorized, false);
  });

  t.test('no automatic redirect, no automatic decompression, aes128gcm only on request', async (t) => {
    const r = await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/redir`, userAgent: UA });
    t.equal(r.ok && r.response.status, 302);
    t.equal(r.ok && rawHeader(r.response.rawHeaders, 'location'), `http://127.0.0.1:${ngx.http}/a.xml`);
    const g = await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/gz.xml`, userAgent: UA, headers: [['Accept-Encoding', 'gzip']] });
    t.equal(g.ok && rawHeader(g.response.rawHeaders, 'content-encoding'), 'gzip');
    t.equal(g.ok && Buffer.compare(Buffer.from(g.response.body), gz), 0, 'body left compressed');
    await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/a.xml`, userAgent: UA, acceptAes128gcm: true });
    t.match(ngx.accessLog().at(-1), /\|aes128gcm\|/);
    await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/a.xml`, userAgent: UA });
    t.match(ngx.accessLog().at(-1), /\|-\|/, 'no Accept-Encoding by default');
  });

  t.test('404 is a response; refused connection and bad URL are not', async (t) => {
    const nf = await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/missing.xml`, userAgent: UA });
    t.equal(nf.ok && nf.response.status, 404);
    const refused = await phoneHttpRequest({ url: 'http://127.0.0.1:1/x', userAgent: UA, timeoutMs: 2000 });
    t.match(refused, { ok: false, reason: 'connect' });
    let code: string | undefined;
    try { await phoneHttpRequest({ url: 'not a url', userAgent: UA }); } catch (e) { code = isProvcertError(e) ? e.code : 'other'; }
    t.equal(code, 'PC_ERR_CONFIG');
  });

  t.test('name check against the URL host; checkServerIdentity: false leaves it to the caller (RFC 6125 later)', async (t) => {
    const only = pki.serverCertificate({ dns: ['prov.lab'] });
    const other = await startNginx({ serverCert: only.cert, serverKey: only.key, clientCa: pki.manufacturerCa().cert, files: { 'a.xml': profile } });
    t.teardown(() => other.stop());
    const r = await phoneHttpRequest({ url: `https://127.0.0.1:${other.https}/a.xml`, userAgent: UA, tls });
    t.match(r, { ok: false, reason: 'tls' }, 'IP URL, certificate only for prov.lab');
    const n = await phoneHttpRequest({ url: `https://127.0.0.1:${other.https}/a.xml`, userAgent: UA, tls: { ...tls, checkServerIdentity: false } });
    t.equal(n.ok && n.response.status, 200);
    t.match(n.ok ? n.connection.tls?.peerSubjectAltName : '', /DNS:prov\.lab/);
  });
});
