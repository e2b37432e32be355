/**
 * The lab PKI as the servers (builtin, nginx) and the suites see it: a thin view of the ONE lab PKI in
 * lib/emulator/pki (LabPki, one cache folder: $PROVCERT_PKI_DIR, else $XDG_CACHE_HOME/provcert/pki).
 * Delegating this way round keeps a single module that makes keys and certificates (cached keys,
 * reissue when the CA changed, temp + rename writes) and lets the emulator, which needs per-phone
 * caching for thousands of phones, own it; the servers only need the two CAs and a server certificate.
 * So the server CA that signs builtin's/nginx's certificate is the one the emulator trusts, and the
 * manufacturer CA that signs the phones' certificates (HTTP-019) is the one builtin/nginx verify (HTTP-020).
 * A target file's serverCa/phoneCa are read with readPemFile and used instead by the callers.
 */
import { readFileSync } from 'node:fs';
import { ProvcertError } from '../../errors.js';
import { LabPki as EmulatorLabPki, defaultPkiDir, generateRsaKey, issueCertificate, phoneSubject } from '../../emulator/pki/index.js';

export { defaultPkiDir };

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
  /** A server certificate from the lab server CA for an address and DNS name, cached (CN = name, HTTP-017). */
  serverCertificate(server: { ip: string; name: string }): PemPair;
}

/** A self-signed CA outside the lab PKI (tests: rogue CAs, target-file CAs). */
export function createCa(commonName: string): PemPair {
  const key = generateRsaKey();
  return { key, cert: issueCertificate({ key, ca: true, days: 3650, subject: [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'provcert lab' }] }) };
}

/** HTTPS server certificate from `ca`: CN = DNS name (HTTP-017), SAN IP = server address, DNS = name. Fresh key, not cached. */
export function issueServerCertificate(ca: PemPair, server: { ip: string; name: string }): PemPair {
  const key = generateRsaKey();
  return {
    key,
    cert: issueCertificate({
      key, issuer: ca, usage: 'server', days: 825, subject: [{ name: 'commonName', value: server.name }, { name: 'organizationName', value: 'provcert lab' }],
      altNames: [{ type: 'dns', name: server.name }, { type: 'ip', ip: server.ip }],
    }),
  };
}

/** Phone client certificate from `ca` with the MPP subject (HTTP-019, same fields as the emulator's). Fresh key, not cached. */
export function issuePhoneCertificate(ca: PemPair, phone: { mac: string; serial: string; model: string }): PemPair {
  if (!/^[0-9a-f]{12}$/i.test(phone.mac.replace(/[:-]/g, ''))) throw new ProvcertError('PC_ERR_CONFIG', `phone MAC '${phone.mac}' is not 12 hex digits`);
  const key = generateRsaKey();
  return { key, cert: issueCertificate({ key, issuer: ca, usage: 'client', days: 3650, subject: phoneSubject(phone) }) };
}

/** The lab's CAs (the emulator's LabPki in `dir`), created on first use and reused afterwards. */
export function ensureLabPki(dir = defaultPkiDir()): LabPki {
  const pki = new EmulatorLabPki({ dir });
  const paths = pki.caFiles();
  return {
    dir,
    serverCa: pki.serverCa(),
    phoneCa: pki.manufacturerCa(),
    paths,
    serverCertificate: (server) => pki.serverCertificate({ ip: [server.ip], dns: [server.name] }),
  };
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
