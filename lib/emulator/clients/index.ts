/** Protocol clients of an emulated phone: typed ports over real sockets, no model decisions. */
export { DhcpPort } from './dhcp-port.js';
export type { DhcpIncoming } from './dhcp-port.js';
export { dora, dhcpRequestMessage, seededRandom, DEFAULT_PARAMETER_REQUEST_LIST } from './dhcp-dora.js';
export type { DoraOptions, DoraResult } from './dhcp-dora.js';
export { tftpGet } from './tftp-client.js';
export type { TftpGetOptions, TftpGetResult, TftpHooks, TftpLogEntry, TftpOutcome } from './tftp-client.js';
export { phoneHttpRequest, rawHeader } from './http-client.js';
export type { HttpTimings, PhoneHttpRequest, PhoneHttpResponse, PhoneHttpResult } from './http-client.js';
export { SipUserAgent } from './sip-ua.js';
export type { LineState, RegisterResult, SipUaOptions } from './sip-ua.js';
export { parseDigestChallenge, digestAuthorization } from './sip-digest.js';
export type { DigestChallenge, DigestInput } from './sip-digest.js';
export { SyslogSender, rfc3164Timestamp } from './syslog-sender.js';
export type { SyslogLine } from './syslog-sender.js';
export { PhoneWebEndpoint } from './web-endpoint.js';
export type { ResyncAnswer, ResyncCommand, ResyncHandler } from './web-endpoint.js';
