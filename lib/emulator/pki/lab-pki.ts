/**
 * The lab's certificate authorities and what they issue, cached on disk:
 *  - a "manufacturer" CA that issues each emulated phone a client certificate with the MPP subject
 *    fields (HTTP-019: OU = product, L = serial, S = MAC; the seed's example is
 *    OU=CP-8841-3PCC, L=88012BA01234, S=000e08abcdef), used for mTLS towards the server (HTTP-020);
 *  - a lab server CA that issues server certificates for an IP and/or DNS names (builtin HTTPS,
 *    nginx). This is the project's one lab PKI: lib/targets/process/lab-pki.ts (builtin, nginx,
 *    suites) delegates to it, so the server CA the emulator trusts is the one that signed the
 *    servers' certificates and the manufacturer CA the servers verify is the one that signed the phones'.
 * Certificates given in a target file (PhoneSpec.cert/key, resolved paths) are used unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvcertError } from '../../errors.js';
import type { PhoneSpec } from '../../targets/types.js';
import { defaultPkiDir, ensureDir, readIfExists, writeAtomic } from './cache-dir.js';
import { generateRsaKey, issueCertificate, verifiedBy, type KeyAndCert, type SubjectField } from './certificates.js';
import { normalizeMac } from '../net/mac.js';

export interface PhoneCredentials extends KeyAndCert {
  /** 'target-file': given by the user, unchanged; 'lab-ca': issued by the lab manufacturer CA. */
  readonly source: 'target-file' | 'lab-ca';
}

/** The subject an MPP phone certificate carries (HTTP-019); CN follows the SEP<MAC> naming of Cisco phones (assumption, not in the seed). */
export function phoneSubject(p: Pick<PhoneSpec, 'mac' | 'serial' | 'model'>): SubjectField[] {
  const mac = normalizeMac(p.mac);
  return [
    { name: 'commonName', value: `${p.model}-SEP${mac.toUpperCase()}` },
    { name: 'organizationName', value: 'provcert lab manufacturer' },
    { name: 'organizationalUnitName', value: p.model },
    { name: 'localityName', value: p.serial },
    { name: 'stateOrProvinceName', value: mac },
  ];
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

export class LabPki {
  readonly dir: string;
  private readonly memo = new Map<string, KeyAndCert>();

  constructor(opts: { dir?: string; env?: Readonly<Record<string, string | undefined>> } = {}) {
    this.dir = opts.dir ?? defaultPkiDir(opts.env);
  }

  /** A cached key (PEM), generated on first use. */
  key(name: string): string {
    const path = join(ensureDir(this.dir), `${safeName(name)}.key`);
    const have = readIfExists(path);
    if (have) return have;
    const pem = generateRsaKey();
    writeAtomic(path, pem, 0o600);
    return pem;
  }

  private cachedCert(name: string, make: () => string, validFor: (cert: string) => boolean): KeyAndCert {
    const hit = this.memo.get(name);
    if (hit) return hit;
    const key = this.key(name);
    const path = join(this.dir, `${safeName(name)}.crt`);
    let cert = readIfExists(path);
    if (!cert || !validFor(cert)) {
      cert = make();
      writeAtomic(path, cert);
    }
    const kc = { key, cert };
    this.memo.set(name, kc);
    return kc;
  }

  private ca(name: string, cn: string): KeyAndCert {
    return this.cachedCert(name, () => issueCertificate({ key: this.key(name), ca: true, days: 3650, subject: [{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'provcert lab' }] }), () => true);
  }

  /** Paths of the CA files in the cache folder (created on first use), for servers that read files. */
  caFiles(): { serverCaCert: string; serverCaKey: string; phoneCaCert: string; phoneCaKey: string } {
    this.serverCa();
    this.manufacturerCa();
    return {
      serverCaCert: join(this.dir, 'server-ca.crt'), serverCaKey: join(this.dir, 'server-ca.key'),
      phoneCaCert: join(this.dir, 'manufacturer-ca.crt'), phoneCaKey: join(this.dir, 'manufacturer-ca.key'),
    };
  }

  manufacturerCa(): KeyAndCert {
    return this.ca('manufacturer-ca', 'provcert lab manufacturer CA');
  }

  serverCa(): KeyAndCert {
    return this.ca('server-ca', 'provcert lab server CA');
  }

  /** The phone's client certificate: the target file's unchanged, else one from the manufacturer CA (cached). */
  phoneCredentials(phone: PhoneSpec): PhoneCredentials {
    if (phone.cert !== undefined || phone.key !== undefined) {
      if (phone.cert === undefined || phone.key === undefined) throw new ProvcertError('PC_ERR_CONFIG', `phone ${phone.mac}: cert and key must be given together`);
      return { cert: readPem(phone.cert), key: readPem(phone.key), source: 'target-file' };
    }
    const ca = this.manufacturerCa();
    const mac = normalizeMac(phone.mac);
    const name = `phone-${mac}-${safeName(phone.model)}-${safeName(phone.serial)}`;
    const kc = this.cachedCert(name, () => issueCertificate({ key: this.key(name), issuer: ca, usage: 'client', days: 3650, subject: phoneSubject(phone) }), (c) => verifiedBy(c, ca.cert));
    return { ...kc, source: 'lab-ca' };
  }

  /** A server certificate for an IP and/or DNS names from the lab server CA (SAN entries, RFC 6125). */
  serverCertificate(names: { ip?: readonly string[]; dns?: readonly string[] }): KeyAndCert {
    const ips = names.ip ?? [];
    const dns = names.dns ?? [];
    if (ips.length + dns.length === 0) throw new ProvcertError('PC_ERR_CONFIG', 'a server certificate needs at least one IP or DNS name');
    const ca = this.serverCa();
    const name = `server-${[...ips, ...dns].map(safeName).join('+')}`.slice(0, 200);
    const cn = dns[0] ?? ips[0]!;
    return this.cachedCert(name, () => issueCertificate({
      key: this.key(name), issuer: ca, usage: 'server', days: 825, subject: [{ name: 'commonName', value: cn }],
      altNames: [...ips.map((ip) => ({ type: 'ip' as const, ip })), ...dns.map((d) => ({ type: 'dns' as const, name: d }))],
    }), (c) => verifiedBy(c, ca.cert));
  }
}

function readPem(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}
