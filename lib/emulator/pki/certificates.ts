/**
 * Key generation with node:crypto (RSA 2048: node-forge signs only with RSA keys) and X.509
 * certificate building with node-forge. Pure of file I/O: caching is in the callers.
 */
import { generateKeyPairSync, createHash, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { ProvcertError } from '../../errors.js';

export interface KeyAndCert {
  /** PEM, PKCS#8 private key. */
  readonly key: string;
  /** PEM certificate. */
  readonly cert: string;
}

export interface SubjectField {
  /** forge attribute name: commonName, organizationName, organizationalUnitName, localityName, stateOrProvinceName. */
  readonly name: string;
  readonly value: string;
}

export function generateRsaKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function forgeKey(pem: string): forge.pki.rsa.PrivateKey {
  try {
    return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `not an RSA private key in PEM: ${(e as Error).message}`, { cause: e });
  }
}

function forgeCert(pem: string): forge.pki.Certificate {
  try {
    return forge.pki.certificateFromPem(pem);
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `not a PEM certificate: ${(e as Error).message}`, { cause: e });
  }
}

export interface IssueOptions {
  readonly subject: readonly SubjectField[];
  /** The key the certificate is for (PEM). */
  readonly key: string;
  /** Issuer; absent = self-signed CA. */
  readonly issuer?: KeyAndCert;
  readonly ca?: boolean;
  readonly days?: number;
  /** extendedKeyUsage: serverAuth / clientAuth. */
  readonly usage?: 'server' | 'client';
  readonly altNames?: readonly ({ type: 'ip'; ip: string } | { type: 'dns'; name: string })[];
}

/** Issues a certificate; serial numbers are random positive 16-octet values (RFC 5280 section 4.1.2.2). */
export function issueCertificate(o: IssueOptions): string {
  const subjectKey = forgeKey(o.key);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(subjectKey.n, subjectKey.e);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000); // tolerate clock skew between hosts
  cert.validity.notAfter = new Date(now.getTime() + (o.days ?? 3650) * 24 * 3600 * 1000);
  cert.setSubject(o.subject.map((f) => ({ name: f.name, value: f.value })));
  const issuerCert = o.issuer ? forgeCert(o.issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : o.subject.map((f) => ({ name: f.name, value: f.value })));
  const ext: object[] = [{ name: 'basicConstraints', cA: o.ca === true, critical: true }];
  if (o.ca) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
  if (o.usage) ext.push({ name: 'extKeyUsage', serverAuth: o.usage === 'server', clientAuth: o.usage === 'client' });
  if (o.altNames?.length) ext.push({ name: 'subjectAltName', altNames: o.altNames.map((a) => (a.type === 'ip' ? { type: 7, ip: a.ip } : { type: 2, value: a.name })) });
  ext.push({ name: 'subjectKeyIdentifier' });
  if (issuerCert) ext.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes() });
  cert.setExtensions(ext);
  cert.sign(o.issuer ? forgeKey(o.issuer.key) : subjectKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Subject attributes of a PEM certificate as short name -> value (for checks and tests). */
export function subjectOf(pem: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of forgeCert(pem).subject.attributes) {
    const k = a.shortName ?? a.name ?? a.type;
    if (k !== undefined && typeof a.value === 'string') out[k] = a.value;
  }
  return out;
}

/** Whether `cert` is signed by `issuer` (both PEM). */
export function verifiedBy(cert: string, issuer: string): boolean {
  try {
    return forgeCert(issuer).verify(forgeCert(cert));
  } catch {
    return false;
  }
}

/** SHA-256 fingerprint (hex) of a PEM's DER, used as a cache key suffix. */
export function fingerprint(pem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forgeCert(pem))).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}
