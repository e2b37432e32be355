/** SIP message codec, typed views and builders (RFC 3261, RFC 6665): see docs/codecs-tftp-sip-syslog.md. */
export { sipCodec, encode, decode, encodingLength, MAX_PREAMBLE, MAX_HEADER_SECTION } from './codec.js';
export { SIP_STATUS_CODES, SIP_METHODS, SIP_COMPACT_FORMS, SIP_KNOWN_HEADERS, reasonPhrase, canonicalHeaderName } from './codes.js';
export { headerValue, headerValues, parseVia, vias, parseNameAddr, parseCSeq, parseEvent, parseSubscriptionState, sipView } from './views.js';
export type { SipVia, SipNameAddr, SipCSeq, SipEvent, SipSubscriptionState, SipView } from './views.js';
export { splitCommaList, parseParams, paramValue, formatParams, unquote } from './params.js';
export type { SipParam } from './params.js';
export { buildRequest, buildNotify, buildResponse, formatAddress, formatVia, formatEvent } from './build.js';
export type { AddressInput, ViaInput, RequestInput, NotifyInput, ProvisioningEvent, ResponseOptions } from './build.js';
export { octetsToString, stringToOctets, utf8FromOctets, utf8ToOctetString } from './octets.js';
export type { SipMessage, SipRequest, SipResponse, SipHeader } from './types.js';
