/**
 * HTTP/1.x message encoding: writes the head from the typed fields and then `body.raw` as is,
 * so chunk framing and trailers of a decoded message come out unchanged. Size is computed
 * before writing (style-examples.md #1).
 */
import { ProvcertError } from '../../errors.js';
import { PROTO, TOKEN } from './lines.js';
import type { HttpField, HttpMessage } from './types.js';

function bad(message: string): ProvcertError {
  return new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto: PROTO });
}

function fieldLine(f: HttpField, eol: string): string {
  if (!TOKEN.test(f.name)) throw bad(`field name '${f.name}' is not a token`);
  // `raw` wins only while it still means `value`, so an edited value is never silently lost.
  const raw = f.raw !== undefined && unfold(f.raw) === f.value ? f.raw : ` ${f.value}`;
  if (f.raw === undefined || raw !== f.raw) {
    if (/[\r\n\0]/.test(f.value)) throw bad(`field ${f.name}: CR, LF or NUL in value (RFC 9110 section 5.5)`);
  }
  return `${f.name}:${raw}${eol}`;
}

/** The value a raw field text stands for (same rule as the decoder). */
function unfold(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((p, i) => p !== '' || i === 0)
    .join(' ')
    .replace(/^ +| +$/g, '');
}

function headText(m: HttpMessage): string {
  const eol = m.lineEnding ?? '\r\n';
  let start: string;
  if (m.kind === 'request') {
    if (!TOKEN.test(m.method)) throw bad(`method '${m.method}' is not a token`);
    if (m.target === '' || /[\x00-\x20\x7f]/.test(m.target)) throw bad('request-target empty or with whitespace');
    start = `${m.method} ${m.target} ${m.version}`;
  } else {
    if (!Number.isInteger(m.status) || m.status < 100 || m.status > 999) throw bad(`status ${m.status} is not a 3-digit code`);
    if (/[\r\n]/.test(m.reason)) throw bad('reason-phrase with CR or LF');
    start = `${m.version} ${m.status} ${m.reason}`;
  }
  if (!/^HTTP\/\d\.\d$/.test(m.version)) throw bad(`'${m.version}' is not an HTTP-version`);
  let text = start + eol;
  for (const f of m.headers) text += fieldLine(f, eol);
  return text + eol;
}

function checkLatin1(text: string): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) throw bad(`character U+${text.charCodeAt(i).toString(16)} cannot be sent in an HTTP head (octets only)`);
  }
}

export function encodingLength(m: HttpMessage): number {
  const head = headText(m);
  checkLatin1(head);
  return head.length + m.body.raw.length;
}

export function encodeMessage(m: HttpMessage): Uint8Array {
  const head = headText(m);
  checkLatin1(head);
  const out = new Uint8Array(head.length + m.body.raw.length);
  for (let i = 0; i < head.length; i++) out[i] = head.charCodeAt(i);
  out.set(m.body.raw, head.length);
  return out;
}
