import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabPki, subjectOf, verifiedBy, phoneSubject } from '../../../lib/emulator/pki/index.js';
import { defaultPkiDir } from '../../../lib/emulator/pki/cache-dir.js';
import { hasCommand } from '../../../lib/lab/sys.js';
import { isProvcertError } from '../../../lib/errors.js';
import { ensureLabPki, issuePhoneCertificate, issueServerCertificate } from '../../../lib/targets/process/lab-pki.js';

const noOpenssl = hasCommand('openssl') ? false : 'openssl not installed';
const phone = { mac: '000e08abcdef', serial: '88012BA01234', model: 'CP-8841-3PCC', swver: 'sip88xx.11-3-1MPP0001-123' };

function tmp(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-pki-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function errorCode(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return isProvcertError(e) ? e.code : 'not a ProvcertError'; }
  return undefined;
}

function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', input });
}

t.test('phone certificate carries the MPP subject fields (HTTP-019), checked with openssl', { skip: noOpenssl }, async (t) => {
  const pki = new LabPki({ dir: tmp(t) });
  const c = pki.phoneCredentials(phone);
  t.equal(c.source, 'lab-ca');
  const subject = openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], c.cert).trim();
  t.match(subject, /OU=CP-8841-3PCC/, 'OU = product');
  t.match(subject, /L=88012BA01234/, 'L = serial');
  t.match(subject, /ST=000e08abcdef/, 'S = MAC');
  t.match(subject, /CN=CP-8841-3PCC-SEP000E08ABCDEF/);
  const dir = pki.dir;
  writeFileSync(join(dir, 'ca.pem'), pki.manufacturerCa().cert);
  writeFileSync(join(dir, 'leaf.pem'), c.cert);
  t.match(openssl(['verify', '-CAfile', join(dir, 'ca.pem'), '-purpose', 'sslclient', join(dir, 'leaf.pem')]), /leaf.pem: OK/);
  const keyMod = openssl(['pkey', '-pubout'], c.key);
  const certMod = openssl(['x509', '-noout', '-pubkey'], c.cert);
  t.equal(keyMod, certMod, 'key belongs to the certificate');
});

t.test('keys and certificates are cached on disk and reused by a new instance', async (t) => {
  const dir = tmp(t);
  const a = new LabPki({ dir }).phoneCredentials(phone);
  const start = Date.now();
  const b = new LabPki({ dir }).phoneCredentials(phone);
  t.equal(b.cert, a.cert, 'same certificate');
  t.equal(b.key, a.key, 'same key');
  t.ok(Date.now() - start < 200, 'no regeneration (fast)');
  const keyFile = readdirSync(dir).find((f) => f.startsWith('phone-') && f.endsWith('.key'))!;
  t.equal(statSync(join(dir, keyFile)).mode & 0o777, 0o600, 'key file is private');
  const other = new LabPki({ dir }).phoneCredentials({ ...phone, mac: '000e08abcde0' });
  t.not(other.key, a.key, 'another phone gets another key');
  t.equal(subjectOf(other.cert)['ST'], '000e08abcde0');
});

t.test('a cached phone certificate from another CA is reissued', async (t) => {
  const dir = tmp(t);
  const a = new LabPki({ dir }).phoneCredentials(phone);
  rmSync(join(dir, 'manufacturer-ca.crt'));
  rmSync(join(dir, 'manufacturer-ca.key'));
  const pki = new LabPki({ dir });
  const b = pki.phoneCredentials(phone);
  t.not(b.cert, a.cert);
  t.ok(verifiedBy(b.cert, pki.manufacturerCa().cert));
  t.notOk(verifiedBy(a.cert, pki.manufacturerCa().cert));
});

t.test('certificates from a target file are used unchanged', async (t) => {
  const dir = tmp(t);
  const src = new LabPki({ dir: join(dir, 'other') }).phoneCredentials(phone);
  writeFileSync(join(dir, 'p.crt'), src.cert);
  writeFileSync(join(dir, 'p.key'), src.key);
  const c = new LabPki({ dir }).phoneCredentials({ ...phone, cert: join(dir, 'p.crt'), key: join(dir, 'p.key') });
  t.equal(c.source, 'target-file');
  t.equal(c.cert, src.cert);
  t.equal(c.key, src.key);
  t.equal(errorCode(() => new LabPki({ dir }).phoneCredentials({ ...phone, cert: join(dir, 'missing.crt'), key: join(dir, 'p.key') })), 'PC_ERR_CONFIG');
  t.equal(errorCode(() => new LabPki({ dir }).phoneCredentials({ ...phone, cert: join(dir, 'p.crt') })), 'PC_ERR_CONFIG');
});

t.test('server certificate for an IP and a DNS name from the lab server CA', { skip: noOpenssl }, async (t) => {
  const pki = new LabPki({ dir: tmp(t) });
  const s = pki.serverCertificate({ ip: ['10.77.0.1'], dns: ['prov.lab'] });
  const text = openssl(['x509', '-noout', '-ext', 'subjectAltName,extendedKeyUsage'], s.cert);
  t.match(text, /IP Address:10\.77\.0\.1/);
  t.match(text, /DNS:prov\.lab/);
  t.match(text, /TLS Web Server Authentication/);
  t.ok(verifiedBy(s.cert, pki.serverCa().cert));
  t.notOk(verifiedBy(s.cert, pki.manufacturerCa().cert), 'separate CAs');
  t.equal(errorCode(() => pki.serverCertificate({})), 'PC_ERR_CONFIG');
});

t.test('cache folder follows XDG_CACHE_HOME; subject builder rejects a bad MAC', async (t) => {
  t.equal(defaultPkiDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/provcert/pki');
  t.match(defaultPkiDir({}), /\.cache\/provcert\/pki$/);
  t.equal(errorCode(() => phoneSubject({ ...phone, mac: 'nope' })), 'PC_ERR_CONFIG');
});

t.test('one lab PKI: the servers\' view (ensureLabPki) and the emulator\'s LabPki share CAs and folder', async (t) => {
  const dir = tmp(t);
  const servers = ensureLabPki(dir);
  const emu = new LabPki({ dir });
  t.equal(servers.serverCa.cert, emu.serverCa().cert, 'the server CA the emulator trusts is the one builtin/nginx use');
  t.equal(servers.phoneCa.cert, emu.manufacturerCa().cert, 'the manufacturer CA builtin/nginx verify is the one that signs phones');
  t.ok(verifiedBy(emu.phoneCredentials(phone).cert, servers.phoneCa.cert), 'emulator phone certificate chains to the servers\' phone CA');
  const leaf = servers.serverCertificate({ ip: '10.77.0.1', name: 'prov.provcert.test' });
  t.ok(verifiedBy(leaf.cert, emu.serverCa().cert), 'server certificate chains to the emulator\'s server CA');
  t.equal(subjectOf(leaf.cert)['CN'], 'prov.provcert.test', 'CN = lab DNS name (HTTP-017)');
  t.same(readdirSync(dir).sort(), readdirSync(servers.dir).sort());
  t.equal(servers.paths.phoneCaCert, join(dir, 'manufacturer-ca.crt'));
  const other = issuePhoneCertificate(servers.phoneCa, phone);
  t.same(subjectOf(other.cert), subjectOf(emu.phoneCredentials(phone).cert), 'one subject layout for phone certificates (HTTP-019)');
  t.notOk(verifiedBy(issueServerCertificate(servers.phoneCa, { ip: '10.77.0.1', name: 'x' }).cert, servers.serverCa.cert), 'a leaf from another CA does not verify');
  t.equal(defaultPkiDir({ PROVCERT_PKI_DIR: '/x/pki', XDG_CACHE_HOME: '/c' }), '/x/pki', 'PROVCERT_PKI_DIR wins');
  t.equal(defaultPkiDir({ XDG_CACHE_HOME: '/c' }), '/c/provcert/pki');
});
