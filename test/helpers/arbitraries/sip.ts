/** fast-check arbitraries for SIP messages (lib/codec/sip), reusable by suites. */
import fc from 'fast-check';
import type { SipHeader, SipMessage } from '../../../lib/codec/sip/index.js';

const NN = { noNullPrototype: true } as const;
const TOKEN_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`\'~';

export const sipToken = (max = 12): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: max }).map((a) => a.join(''));

/** Printable octets (incl. 0x80-0xFF), no CR/LF, no leading/trailing SP/HT. */
export const sipText = (max = 30): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(9), fc.integer({ min: 0x80, max: 0xff })), { maxLength: max })
    .map((a) => String.fromCharCode(...a).replace(/^[ \t]+|[ \t]+$/g, ''));

const nonEmptyText = sipText(20).filter((s) => s !== '');

const headerName = fc.oneof(
  fc.constantFrom('Via', 'v', 'From', 'f', 'To', 't', 'Call-ID', 'i', 'CSeq', 'Contact', 'm', 'Event', 'o', 'Subscription-State', 'CALL-ID', 'X-Custom'),
  sipToken(),
).filter((n) => !['l', 'content-length'].includes(n.toLowerCase()));

/** One header in canonical, colon-without-space or folded spelling; `raw` is set exactly when decode sets it. */
export const sipHeader: fc.Arbitrary<SipHeader> = fc.oneof(
  fc.record({ name: headerName, value: sipText(), lf: fc.boolean() }, NN).map(({ name, value, lf }) => ({ name, value, ...(lf ? { lf: true as const } : {}) })),
  fc.record({ name: headerName, value: sipText() }, NN).map(({ name, value }) => ({ name, value, raw: `${name}:${value}` })),
  fc.record({ name: headerName, a: nonEmptyText, b: nonEmptyText, fold: fc.constantFrom('\r\n ', '\r\n\t', '\r\n   ') }, NN)
    .map(({ name, a, b, fold }) => ({ name, value: `${a} ${b}`, raw: `${name}: ${a}${fold}${b}` })),
);

const uri = fc.array(fc.integer({ min: 0x21, max: 0x7e }), { minLength: 1, maxLength: 30 }).map((a) => String.fromCharCode(...a));

export const sipMessage: fc.Arbitrary<SipMessage> = fc
  .record({
    start: fc.oneof(
      fc.record({ kind: fc.constant('request' as const), method: fc.oneof(fc.constantFrom('INVITE', 'ACK', 'BYE', 'REGISTER', 'OPTIONS', 'NOTIFY'), sipToken()), uri, version: fc.constant('SIP/2.0') }, NN),
      fc.record({ kind: fc.constant('response' as const), version: fc.constant('SIP/2.0'), status: fc.integer({ min: 100, max: 699 }), reason: sipText(20) }, NN),
    ),
    preamble: fc.constantFrom(undefined, '\r\n', '\r\n\r\n', '\u0000\u0000\u0000\u0000'),
    startLineLf: fc.boolean(),
    headers: fc.array(sipHeader, { maxLength: 8 }),
    lengthName: fc.constantFrom('Content-Length', 'l', 'content-length'),
    blankLineLf: fc.boolean(),
    body: fc.uint8Array({ maxLength: 200 }),
  }, NN)
  .map(({ start, preamble, startLineLf, headers, lengthName, blankLineLf, body }) => ({
    ...start,
    ...(preamble !== undefined ? { preamble } : {}),
    ...(startLineLf ? { startLineLf: true as const } : {}),
    headers: [...headers, { name: lengthName, value: String(body.length) }],
    ...(blankLineLf ? { blankLineLf: true as const } : {}),
    body,
  }));
