import t from 'tap';
import { createSocket } from 'node:dgram';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { builtinDriver } from '../../../lib/targets/builtin/driver.js';
import { activationCode } from '../../../lib/targets/builtin/onboarding.js';
import { ensureLabPki, issuePhoneCertificate } from '../../../lib/targets/process/lab-pki.js';
import { LabPki } from '../../../lib/emulator/pki/index.js';
import { dnsCodec } from '../../../lib/codec/dns/index.js';
import { sipCodec, buildResponse, headerValue, type SipRequest } from '../../../lib/codec/sip/index.js';
import { aes128gcmDecrypt, parseIkm } from '../../../lib/crypto/index.js';
import type { TargetSpec } from '../../../lib/targets/types.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pc-builtin-'));
process.env['PROVCERT_PKI_DIR'] = join(dir, 'pki-cache');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const A = { mac: '000e08abcdef', serial: 'FCH1111AAAA', model: 'CP-8841-3PCC', swver: 'sip88xx.12-0-1MPP0001-1' };
const B = { mac: '000e08123456', serial: 'FCH2222BBBB', model: 'CP-8841-3PCC', swver: 'sip88xx.12-0-1MPP0001-1' };
const enc = new TextEncoder();
const profile = (mac: string) => enc.encode(`<flat-profile><GPP_A>${mac}</GPP_A></flat-profile>\n`);
const files = new Map<string, Uint8Array>([
  [`${A.mac}.xml`, profile(A.mac)], [`${B.mac}.xml`, profile(B.mac)], ['firmware.bin', Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff)],
  ['_routes.json', enc.encode(JSON.stringify({ redirects: [{ from: '/old.xml', to: `/${A.mac}.xml`, status: 301 }, { from: '/tmp.xml', to: 'http://elsewhere.test/x.xml', status: 302 }], chunked: [`/${A.mac}.xml`] }))],
]);
const IKM = 'yqdlZ-tYemfogSmv7Ts5VQ';
const spec: TargetSpec = {
  name: 'builtin', kind: 'builtin', serves: ['dhcp', 'dns', 'tftp', 'http', 'https', 'sip', 'syslog'], serverIp: '127.0.0.1', phones: [A, B], ikm: IKM,
  onboarding: { initUrl: 'https://prov.provcert.test/init', customerIds: { [A.mac]: 'cust-a', [B.mac]: 'cust-b' }, expectedPermanentRule: 'https://prov.provcert.test/$MA.xml' },
};

t.test('builtin in loopback mode serves every service on free ports', async (t) => {
  const target = await builtinDriver.start(spec, { outDir: join(dir, 'out'), content: { dir: join(dir, 'content'), files }, seed: 42, phones: [A, B] });
  t.teardown(() => target.stop());
  t.strictSame(Object.keys(target.ports).sort(), ['dhcp', 'dns', 'http', 'https', 'sip', 'syslog', 'tftp']);
  t.ok(Object.values(target.ports).every((p) => p! > 1024), 'unprivileged ports');
  t.equal(target.serverIp, '127.0.0.1');
  t.ok(target.versions['provcert'], 'versions.provcert');
  t.ok(target.spec.serverCa && target.spec.phoneCa, 'trust anchors returned in the spec');
  const http = `http://127.0.0.1:${target.ports.http}`;
  const https = `https://127.0.0.1:${target.ports.https}`;

  await t.test('HTTP: 200 with exact Content-Length, HEAD, 404, chunked, redirects, HTTP/1.0 (HTTP-003, 007, 008, 023)', async (t) => {
    const fw = await request(`${http}/firmware.bin`);
    const body = Buffer.from(await fw.body.arrayBuffer());
    t.equal(fw.statusCode, 200);
    t.equal(fw.headers['content-length'], '3000');
    t.equal(body.length, 3000);
    const head = await request(`${http}/firmware.bin`, { method: 'HEAD' });
    await head.body.dump();
    t.equal(head.headers['content-length'], '3000', 'HEAD: same length, no body');
    const missing = await request(`${http}/nope.xml`);
    await missing.body.dump();
    t.equal(missing.statusCode, 404);
    const trav = await request(`${http}/%2e%2e/etc/passwd`);
    await trav.body.dump();
    t.equal(trav.statusCode, 404, 'traversal is never a 200');
    const routes = await request(`${http}/_routes.json`);
    await routes.body.dump();
    t.equal(routes.statusCode, 404, 'the routes file is not served');
    const r301 = await request(`${http}/old.xml`);
    await r301.body.dump();
    t.equal(r301.statusCode, 301);
    t.equal(r301.headers['location'], `http://127.0.0.1:${target.ports.http}/${A.mac}.xml`);
    const r302 = await request(`${http}/tmp.xml`);
    await r302.body.dump();
    t.equal(r302.statusCode, 302);
    const { stdout: chunkedHead } = await run('curl', ['-sS', '-D', '-', '-o', '/dev/null', `${http}/${A.mac}.xml`]);
    t.match(chunkedHead, /transfer-encoding: chunked/i, 'declared path sent chunked over HTTP/1.1');
    const { stdout: h10 } = await run('curl', ['-sS', '-0', '-D', '-', `${http}/${A.mac}.xml`]);
    t.match(h10, /content-length: \d+/i, 'HTTP/1.0 gets Content-Length, not chunked');
    t.match(h10, /<GPP_A>000e08abcdef<\/GPP_A>/);
  });

  await t.test('aes128gcm only when asked and an IKM exists (ENC-008..010)', async (t) => {
    const r = await request(`${http}/${B.mac}.xml`, { headers: { 'accept-encoding': 'aes128gcm' } });
    const body = new Uint8Array(await r.body.arrayBuffer());
    t.equal(r.headers['content-encoding'], 'aes128gcm');
    t.equal(Buffer.from(aes128gcmDecrypt(body, parseIkm(IKM)).plain).toString(), Buffer.from(profile(B.mac)).toString());
    const plain = await request(`${http}/${B.mac}.xml`, { headers: { 'accept-encoding': 'gzip' } });
    await plain.body.dump();
    t.equal(plain.headers['content-encoding'], undefined);
    const fw = await request(`${http}/firmware.bin`, { headers: { 'accept-encoding': 'aes128gcm' } });
    await fw.body.dump();
    t.equal(fw.headers['content-encoding'], undefined, 'firmware is not a profile: sent as is');
  });

  await t.test('HTTPS: own profile 200, other phone 403, no certificate refused (HTTP-016, 017, 019, 020)', async (t) => {
    const pki = ensureLabPki();
    const certA = issuePhoneCertificate(pki.phoneCa, A);
    const ca = pki.serverCa.cert;
    // The server name is checked against the certificate (RFC 6125): connect by IP, verify the SAN IP.
    const agentA = new Agent({ connect: { ca, cert: certA.cert, key: certA.key } });
    t.teardown(() => agentA.close());
    const own = await request(`${https}/${A.mac}.xml`, { dispatcher: agentA });
    t.equal(own.statusCode, 200);
    t.match(await own.body.text(), A.mac);
    // One lab PKI: the emulator's own credentials (lib/emulator/pki, same folder) are accepted without phoneCa
    // in the spec, and the server chains to the server CA the emulator trusts.
    const emu = new LabPki();
    const credA = emu.phoneCredentials(A);
    const agentEmu = new Agent({ connect: { ca: emu.serverCa().cert, cert: credA.cert, key: credA.key } });
    t.teardown(() => agentEmu.close());
    const viaEmu = await request(`${https}/${A.mac}.xml`, { dispatcher: agentEmu });
    t.equal(viaEmu.statusCode, 200, "the emulator's phone certificate and server CA work with builtin");
    await viaEmu.body.dump();
    const other = await request(`${https}/${B.mac}.xml`, { dispatcher: agentA });
    await other.body.dump();
    t.equal(other.statusCode, 403, "another phone's profile is forbidden");
    const upper = await request(`${https}/${B.mac.toUpperCase()}.xml`, { dispatcher: agentA });
    await upper.body.dump();
    t.not(upper.statusCode, 200, 'not by changing case either');
    const bare = new Agent({ connect: { ca } });
    t.teardown(() => bare.close());
    await t.rejects(request(`${https}/${A.mac}.xml`, { dispatcher: bare }), 'no client certificate: the handshake fails');
    const selfSigned = new Agent({ connect: { ca, cert: pki.serverCa.cert, key: pki.serverCa.key } });
    t.teardown(() => selfSigned.close());
    await t.rejects(request(`${https}/${A.mac}.xml`, { dispatcher: selfSigned }), 'a certificate from another CA is refused');
    // curl with the right and without a client certificate.
    writeFileSync(join(dir, 'a.crt'), certA.cert);
    writeFileSync(join(dir, 'a.key'), certA.key);
    writeFileSync(join(dir, 'ca.pem'), ca);
    const ok = await run('curl', ['-sS', '--cacert', join(dir, 'ca.pem'), '--cert', join(dir, 'a.crt'), '--key', join(dir, 'a.key'), '-w', '%{http_code}', '-o', '/dev/null', `${https}/${A.mac}.xml`]);
    t.equal(ok.stdout, '200');
    const forbidden = await run('curl', ['-sS', '--cacert', join(dir, 'ca.pem'), '--cert', join(dir, 'a.crt'), '--key', join(dir, 'a.key'), '-w', '%{http_code}', '-o', '/dev/null', `${https}/${B.mac}.xml`]);
    t.equal(forbidden.stdout, '403');
    const none = await run('curl', ['-sS', '--cacert', join(dir, 'ca.pem'), `${https}/${A.mac}.xml`]).then(() => 0, (e: { code?: number }) => e.code ?? -1);
    t.not(none, 0, 'curl without a client certificate fails');
    // Onboarding: init URL with customer ID binds the phone to its own account only (RESYNC-013/014, EDOS-010).
    const init = await request(`${https}/init/cust-a`, { dispatcher: agentA });
    t.equal(init.statusCode, 200);
    t.match(await init.body.text(), /<Profile_Rule>https:\/\/prov\.provcert\.test\/\$MA\.xml<\/Profile_Rule>/);
    const foreign = await request(`${https}/init/cust-b`, { dispatcher: agentA });
    await foreign.body.dump();
    t.equal(foreign.statusCode, 403, "phone A cannot bind to customer B's account");
    const act = await request(`${https}/activation/code/${activationCode('cust-b')}`, { dispatcher: agentA });
    t.match(await act.body.text(), /init\/cust-b/, 'activation code -> init URL of its customer');
  });

  await t.test('DNS: lab name answers, other names NXDOMAIN', async (t) => {
    const ask = (name: string) => new Promise<ReturnType<typeof dnsCodec.decode>['value']>((resolve, reject) => {
      const s = createSocket('udp4');
      const timer = setTimeout(() => { s.close(); reject(new Error('no DNS answer')); }, 2000);
      s.on('message', (b) => { clearTimeout(timer); s.close(); resolve(dnsCodec.decode(b).value); });
      s.send(dnsCodec.encode({ id: 7, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, z: 0, rcode: 0, questions: [{ name, type: 1, class: 1 }], answers: [], authorities: [], additionals: [] }), target.ports.dns!, '127.0.0.1');
    });
    const yes = await ask('prov.provcert.test');
    t.equal(yes.rcode, 0);
    t.strictSame(yes.answers.map((a) => a.data), [{ kind: 'A', address: '127.0.0.1' }]);
    t.equal((await ask('www.example.com')).rcode, 3, 'NXDOMAIN');
  });

  await t.test('SIP: NOTIFY Event resync, retransmitted until the phone answers 200 (SIP-005)', async (t) => {
    const phone = createSocket('udp4');
    await new Promise<void>((r) => phone.bind(0, '127.0.0.1', () => r()));
    t.teardown(() => new Promise<void>((r) => phone.close(() => r())));
    const seen: SipRequest[] = [];
    phone.on('message', (b, from) => {
      const m = sipCodec.decode(b).value;
      if (m.kind !== 'request') return;
      seen.push(m);
      // Drop the first copy so that the sender must retransmit (timer E).
      if (seen.length >= 2) phone.send(sipCodec.encode(buildResponse(m, 200, { toTag: 'ph1' })), from.port, from.address);
    });
    await target.act!({ type: 'notify-resync', phoneMac: A.mac, phoneSip: `sip:1000@127.0.0.1:${phone.address().port}`, profileUrl: `https://prov.provcert.test/${A.mac}.xml` });
    t.equal(seen.length, 2, 'sent twice: once lost, once answered');
    t.equal(seen[0]!.method, 'NOTIFY');
    t.equal(headerValue(seen[0]!, 'Event'), `resync;profile="https://prov.provcert.test/${A.mac}.xml"`);
  });

  await t.test('syslog lines land in the log', async (t) => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send('<134>phone: hello provcert', target.ports.syslog!, '127.0.0.1', () => r()));
    s.close();
    await new Promise((r) => setTimeout(r, 200));
    const { readFileSync } = await import('node:fs');
    t.match(readFileSync(target.logs[0]!, 'utf8'), /syslog 127\.0\.0\.1:\d+ <134>phone: hello provcert/);
  });
});
