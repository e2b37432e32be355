/** Syslog codecs (RFC 3164, RFC 5424; RFC 6587 TCP framing): see docs/codecs-tftp-sip-syslog.md. */
export { syslogCodec, encode, decode, encodingLength, formatSyslogText, parseSyslogText, MAX_SYSLOG_MESSAGE } from './codec.js';
export { syslogTcpCodec, encodeFrame, decodeFrame, frameLength } from './framing.js';
export { SYSLOG_FACILITIES, SYSLOG_SEVERITIES, splitPri, makePri } from './codes.js';
export type { PriParts } from './codes.js';
export { escapeParamValue, unescapeParamValue, formatStructuredData } from './rfc5424.js';
export type { SyslogMessage, Rfc5424Message, Rfc3164Message, SdElement, SdParam, SyslogFrame } from './types.js';
