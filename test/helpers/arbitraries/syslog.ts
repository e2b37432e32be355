/** fast-check arbitraries for syslog messages and RFC 6587 frames (lib/codec/syslog), reusable by suites. */
import fc from 'fast-check';
import type { Rfc3164Message, Rfc5424Message, SdElement, SyslogFrame, SyslogMessage } from '../../../lib/codec/syslog/index.js';

const NN = { noNullPrototype: true } as const;
const chars = (set: string, min: number, max: number) => fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((a) => a.join(''));
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PRINTUS = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const SDNAME = PRINTUS.replace(/[=\]"]/g, '');

/** Printable octets and LF/TAB, never NUL. */
const octetText = (max: number) => fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(9, 10), fc.integer({ min: 0x80, max: 0xff })), { maxLength: max }).map((a) => String.fromCharCode(...a));
const nilable = (max: number) => fc.option(chars(PRINTUS, 1, max).filter((s) => s !== '-'), { nil: null });
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

export const rfc5424Timestamp = fc.tuple(fc.integer({ min: 1970, max: 2099 }), two(1, 12), two(1, 28), two(0, 23), two(0, 59), two(0, 59),
  fc.option(fc.integer({ min: 0, max: 999999 }).map((n) => `.${n}`), { nil: '' }), fc.constantFrom('Z', '+04:00', '-07:00'))
  .map(([y, mo, d, h, mi, s, frac, tz]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${tz}`);

export const bsdTimestamp = fc.tuple(fc.constantFrom('Jan', 'Feb', 'Oct', 'Dec'), fc.integer({ min: 1, max: 31 }), two(0, 23), two(0, 59), two(0, 59))
  .map(([m, d, h, mi, s]) => `${m} ${String(d).padStart(2, ' ')} ${h}:${mi}:${s}`);

const sdElement: fc.Arbitrary<SdElement> = fc.record({
  id: chars(SDNAME, 1, 32),
  params: fc.array(fc.record({ name: chars(SDNAME, 1, 32), value: octetText(20) }, NN), { maxLength: 3 }),
}, NN);

export const rfc5424Message: fc.Arbitrary<Rfc5424Message> = fc.record({
  pri: fc.integer({ min: 0, max: 191 }),
  version: fc.integer({ min: 1, max: 999 }),
  timestamp: fc.option(rfc5424Timestamp, { nil: null }),
  hostname: nilable(255), appName: nilable(48), procId: nilable(128), msgId: nilable(32),
  structuredData: fc.option(fc.array(sdElement, { minLength: 1, maxLength: 3 }), { nil: null }),
  msg: fc.option(octetText(60).filter((s) => !s.startsWith('\u00ef\u00bb\u00bf')), { nil: undefined }),
  bom: fc.boolean(),
}, NN).map(({ msg, bom, ...rest }) => ({ format: 'rfc5424' as const, ...rest, ...(msg !== undefined ? { msg, ...(bom ? { bom: true as const } : {}) } : {}) }));

const TAG_START = /^([^\s:[\]]{1,48})(?:\[([^\]\s]*)\])?:( ?)/;

export const rfc3164Message: fc.Arbitrary<Rfc3164Message> = fc.oneof(
  fc.record({
    pri: fc.option(fc.integer({ min: 0, max: 191 }), { nil: undefined }),
    timestamp: fc.oneof(bsdTimestamp, rfc5424Timestamp),
    hostname: fc.option(chars(`${ALNUM}.-`, 1, 20), { nil: undefined }),
    tag: fc.option(fc.record({ tag: chars(`${ALNUM}_./-`, 1, 20), pid: fc.option(chars('0123456789', 1, 6), { nil: undefined }), tagSpace: fc.boolean() }, NN), { nil: undefined }),
    content: octetText(60),
    trailingNul: fc.boolean(),
  }, NN).filter((r) => r.tag !== undefined || !TAG_START.test(r.content))
    .filter((r) => r.tag !== undefined || r.hostname !== undefined || !/^\S+ /.test(r.content))
    .map(({ pri, timestamp, hostname, tag, content, trailingNul }) => ({
      format: 'rfc3164' as const,
      ...(pri !== undefined ? { pri } : {}),
      timestamp,
      ...(hostname !== undefined ? { hostname } : {}),
      ...(tag ? { tag: tag.tag, ...(tag.pid !== undefined ? { pid: tag.pid } : {}), ...(tag.tagSpace ? {} : { tagSpace: false as const }) } : {}),
      content,
      ...(trailingNul ? { trailingNul: true as const } : {}),
    })),
  // No recognisable timestamp: everything after PRI is CONTENT (RFC 3164 section 4.3.3).
  fc.record({ pri: fc.integer({ min: 0, max: 191 }), content: octetText(40) }, NN)
    .filter((r) => !/^[1-9]/.test(r.content) && !/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) /.test(r.content) && !/^\d{4}-/.test(r.content))
    .map(({ pri, content }) => ({ format: 'rfc3164' as const, pri, content })),
);

export const syslogMessage: fc.Arbitrary<SyslogMessage> = fc.oneof(rfc5424Message, rfc3164Message);

/** TCP frames; non-transparent ones never contain their LF trailer. */
export const syslogFrame: fc.Arbitrary<SyslogFrame> = fc.oneof(
  syslogMessage.map((message) => ({ framing: 'octet-counting' as const, message })),
  syslogMessage.filter((m) => m.pri !== undefined && !JSON.stringify(m).includes('\\n') && !(m.format === 'rfc3164' && m.trailingNul))
    .map((message) => ({ framing: 'non-transparent' as const, trailer: '\n' as const, message })),
);
