/** DNS codec (RFC 1035 header, questions, A/AAAA/CNAME/PTR/NS/TXT/SRV records, name compression). */
export { dnsCodec, encode, decode, encodingLength } from './message.js';
export { nameToLabels, labelToText, canonicalName, readName, NameWriter } from './name.js';
export { ipv6Text } from './rdata.js';
export * from './codes.js';
export type { DnsMessage, DnsHeaderFlags, DnsQuestion, DnsRecord, DnsRecordData } from './types.js';
