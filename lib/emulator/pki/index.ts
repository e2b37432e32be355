/** Phone PKI: lab manufacturer/server CAs, per-phone client certificates (HTTP-019), cached keys. */
export { LabPki, phoneSubject } from './lab-pki.js';
export type { PhoneCredentials } from './lab-pki.js';
export { generateRsaKey, issueCertificate, subjectOf, verifiedBy, fingerprint } from './certificates.js';
export type { KeyAndCert, SubjectField, IssueOptions } from './certificates.js';
export { defaultPkiDir } from './cache-dir.js';
