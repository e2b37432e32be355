/**
 * SIP response codes.
 * Registry: IANA "Session Initiation Protocol (SIP) Parameters", Response Codes
 * https://www.iana.org/assignments/sip-parameters/sip-parameters.xhtml#sip-parameters-7
 * (RFC 3261 section 21 and the RFCs the registry names per code).
 */
export const SIP_STATUS_CODES: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 182: 'Queued', 183: 'Session Progress',
  199: 'Early Dialog Terminated',
  200: 'OK', 202: 'Accepted', 204: 'No Notification',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Moved Temporarily', 305: 'Use Proxy', 380: 'Alternative Service',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  410: 'Gone', 412: 'Conditional Request Failed', 413: 'Request Entity Too Large', 414: 'Request-URI Too Long',
  415: 'Unsupported Media Type', 416: 'Unsupported URI Scheme', 417: 'Unknown Resource-Priority', 420: 'Bad Extension',
  421: 'Extension Required', 422: 'Session Interval Too Small', 423: 'Interval Too Brief', 424: 'Bad Location Information',
  425: 'Bad Alert Message', 428: 'Use Identity Header', 429: 'Provide Referrer Identity', 430: 'Flow Failed',
  433: 'Anonymity Disallowed', 436: 'Bad Identity Info', 437: 'Unsupported Credential', 438: 'Invalid Identity Header',
  439: 'First Hop Lacks Outbound Support', 440: 'Max-Breadth Exceeded', 469: 'Bad Info Package', 470: 'Consent Needed',
  480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected', 483: 'Too Many Hops',
  484: 'Address Incomplete', 485: 'Ambiguous', 486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here',
  489: 'Bad Event', 491: 'Request Pending', 493: 'Undecipherable', 494: 'Security Agreement Required',
  500: 'Server Internal Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Server Time-out', 505: 'Version Not Supported', 513: 'Message Too Large',
  555: 'Push Notification Service Not Supported', 580: 'Precondition Failure',
  600: 'Busy Everywhere', 603: 'Decline', 604: 'Does Not Exist Anywhere', 606: 'Not Acceptable', 607: 'Unwanted', 608: 'Rejected',
};

/** Reason phrase for a code; unknown codes get their class name (RFC 3261 section 21: x00 of the class). */
export function reasonPhrase(status: number): string {
  return SIP_STATUS_CODES[status] ?? SIP_STATUS_CODES[Math.floor(status / 100) * 100] ?? 'Unknown';
}

/** Methods the builders know (RFC 3261 section 7.1, RFC 6665 NOTIFY/SUBSCRIBE). Others are kept as written. */
export const SIP_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS', 'NOTIFY', 'SUBSCRIBE', 'INFO', 'REFER', 'MESSAGE', 'UPDATE', 'PRACK', 'PUBLISH'] as const;

/**
 * Compact header forms -> canonical names. RFC 3261 section 7.3.3 (c, e, f, i, k, l, m, s, t, v),
 * RFC 6665 section 8.2.1 (o = Event, u = Allow-Events), RFC 3515 (r), RFC 3892 (b), RFC 4028 (x),
 * RFC 3841 (a, j, d), RFC 8224 (y). Note: `e` is Content-Encoding, not Event.
 */
export const SIP_COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'Accept-Contact', b: 'Referred-By', c: 'Content-Type', d: 'Request-Disposition', e: 'Content-Encoding',
  f: 'From', i: 'Call-ID', j: 'Reject-Contact', k: 'Supported', l: 'Content-Length', m: 'Contact', o: 'Event',
  r: 'Refer-To', s: 'Subject', t: 'To', u: 'Allow-Events', v: 'Via', x: 'Session-Expires', y: 'Identity',
};

/** Canonical spellings of the headers the typed view knows (names compare case-insensitively, RFC 3261 section 7.3.1). */
export const SIP_KNOWN_HEADERS = [
  'Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Content-Type', 'Content-Length', 'Content-Encoding',
  'Event', 'Subscription-State', 'Allow-Events', 'Expires', 'Authorization', 'WWW-Authenticate', 'Proxy-Authorization',
  'Proxy-Authenticate', 'User-Agent', 'Allow', 'Accept', 'Supported', 'Subject', 'Refer-To', 'Referred-By', 'Session-Expires',
  'Accept-Contact', 'Reject-Contact', 'Request-Disposition', 'Identity',
] as const;

const KNOWN_BY_LOWER = new Map<string, string>(SIP_KNOWN_HEADERS.map((h) => [h.toLowerCase(), h]));

/** Canonical name of a header as written: compact forms mapped, known names re-spelt, others as written. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return SIP_COMPACT_FORMS[lower] ?? KNOWN_BY_LOWER.get(lower) ?? name;
}
