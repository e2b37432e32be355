/**
 * The lab's two certificate authorities and the certificates issued from them (node-forge; keys from
 * node:crypto, which is much faster than forge's pure-JS RSA):
 *  - the server CA, which issues the HTTPS server certificate (CN = lab DNS name, SAN IP = server
 *    address and DNS = that name; HTTP-016/017), and
 *  - the "manufacturer" CA standing in for Cisco's phone CA, which issues per-phone client certificates
 *    with the MPP subject fields CN, OU = product, L = serial, S = MAC (HTTP-019), and which nginx
 *    verifies client certificates against (HTTP-020).
 * The CAs are kept in a folder (default ~/.cache/provcert/lab-pki, or $PROVCERT_PKI_DIR) so the emulator
 * and the servers of one machine agree on them across runs.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { ProvcertError } from '../../errors.js';

export interface PemPair {
  cert: string;
  key: string;
}

export interface LabPki {
  dir: string;
  serverCa: PemPair;
  phoneCa: PemPair;
  /** Paths of the PEM files, for servers that read files. */
  paths: { serverCaCert: string; serverCaKey: string; phoneCaCert: string; phoneCaKey: string };
}

const DAY = 24 * 3600 * 1000;

export function defaultPkiDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['PROVCERT_PKI_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'provcert', 'lab-pki');
}

function newKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const priv = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.rsa.setPublicKey(priv.n, priv.e), pem };
}

function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f; // positive (RFC 5280 section 4.1.2.2)
  return b.toString('hex');
}

function baseCert(publicKey: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], days: number, now: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - DAY); // tolerate small clock differences in the lab
  cert.validity.notAfter = new Date(now.getTime() + days * DAY);
  cert.setSubject(subject);
  return cert;
}

export function createCa(commonName: string, now = new Date()): PemPair {
  const k = newKeys();
  const subject = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'provcert lab' }];
  const cert = baseCert(k.publicKey, subject, 3650, now);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

function issue(ca: PemPair, subject: forge.pki.CertificateField[], extensions: object[], days: number, now: Date): PemPair {
  let caCert: forge.pki.Certificate;
  let caKey: forge.pki.rsa.PrivateKey;
  try {
    caCert = forge.pki.certificateFromPem(ca.cert);
    caKey = forge.pki.privateKeyFromPem(ca.key) as forge.pki.rsa.PrivateKey;
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `CA certificate or key is not usable PEM (RSA): ${(e as Error).message}`);
  }
  const k = newKeys();
  const cert = baseCert(k.publicKey, subject, days, now);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, ...extensions, // forge's `keyIdentifier: true` would hash the leaf's own key: name the issuer's key (RFC 5280 4.2.1.1).
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() }]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

/** HTTPS server certificate: CN = DNS name (HTTP-017), SAN IP = server address, DNS = name. */
export function issueServerCertificate(ca: PemPair, server: { ip: string; name: string }, now = new Date()): PemPair {
  return issue(ca, [{ name: 'commonName', value: server.name }, { name: 'organizationName', value: 'provcert lab' }], [
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: server.name }, { type: 7, ip: server.ip }] },
  ], 825, now);
}

/** Phone client certificate with the MPP subject fields (HTTP-019): CN, OU = product, L = serial, S = MAC. */
export function issuePhoneCertificate(ca: PemPair, phone: { mac: string; serial: string; model: string }, now = new Date()): PemPair {
  const mac = phone.mac.toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(mac)) throw new ProvcertError('PC_ERR_CONFIG', `phone MAC '${phone.mac}' is not 12 hex digits`);
  return issue(ca, [
    { name: 'commonName', value: `${phone.model}-${mac.toUpperCase()}` },
    { name: 'organizationalUnitName', value: phone.model },
    { name: 'localityName', value: phone.serial },
    { shortName: 'ST', value: mac.toUpperCase() },
    { name: 'organizationName', value: 'provcert lab manufacturer' },
  ], [
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ], 3650, now);
}

function loadOrCreate(dir: string, base: string, commonName: string): { pair: PemPair; cert: string; key: string } {
  const cert = join(dir, `${base}.pem`);
  const key = join(dir, `${base}.key`);
  if (existsSync(cert) && existsSync(key)) return { pair: { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') }, cert, key };
  const pair = createCa(commonName);
  writeFileSync(key, pair.key, { mode: 0o600 });
  writeFileSync(cert, pair.cert, { mode: 0o644 });
  return { pair, cert, key };
}

/** The lab's CAs, created on first use and reused afterwards. */
export function ensureLabPki(dir = defaultPkiDir()): LabPki {
  try {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const s = loadOrCreate(dir, 'server-ca', 'provcert lab server CA');
    const p = loadOrCreate(dir, 'phone-ca', 'provcert lab manufacturer CA');
    return { dir, serverCa: s.pair, phoneCa: p.pair, paths: { serverCaCert: s.cert, serverCaKey: s.key, phoneCaCert: p.cert, phoneCaKey: p.key } };
  } catch (e) {
    if (e instanceof ProvcertError) throw e;
    throw new ProvcertError('PC_ERR_IO', `cannot set up the lab PKI in ${dir}: ${(e as Error).message}`);
  }
}

/** A PEM file that holds a certificate and (optionally) its key, as a target file's serverCa may. */
export function readPemFile(path: string): { cert: string; key?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `cannot read ${path}: ${(e as Error).message}`);
  }
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  const key = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC )?PRIVATE KEY-----/.exec(text)?.[0];
  if (!cert) throw new ProvcertError('PC_ERR_CONFIG', `${path} holds no PEM certificate`);
  return key ? { cert: `${cert}\n`, key: `${key}\n` } : { cert: `${cert}\n` };
}
