/** Process targets: real servers started with generated configs in the lab's server namespace. */
export { dnsmasqDriver } from './dnsmasq.js';
export { keaDriver } from './kea.js';
export { iscDhcpDriver } from './isc-dhcp.js';
export { tftpdHpaDriver } from './tftpd-hpa.js';
export { atftpdDriver, atftpdBinary } from './atftpd.js';
export { nginxDriver, writeNginxCertificates } from './nginx.js';
export { ensureLabPki, defaultPkiDir, issuePhoneCertificate, issueServerCertificate, createCa, type LabPki, type PemPair } from './lab-pki.js';
export { LAB_SERVER_NAME, LAB_PORTS, provisioningOptions, type ProvisioningOptions, type ConfigInput } from './provisioning-options.js';
