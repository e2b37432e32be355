/**
 * RFC 5424 section 6 header and STRUCTURED-DATA, over the text after PRI.
 *
 *   SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
 *   HEADER     = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
 *   SD-ELEMENT = "[" SD-ID *(SP SD-PARAM) "]";  SD-PARAM = PARAM-NAME "=" %d34 PARAM-VALUE %d34
 */
import type { Rfc5424Message, SdElement, SdParam } from './types.js';

const BOM = '\u00ef\u00bb\u00bf'; // EF BB BF as octets
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)$/;
const PRINTUSASCII = /^[\x21-\x7e]+$/;
const SD_NAME = /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/; // PRINTUSASCII except '=', SP, ']', '"'

/** RFC 5424 section 6.3.3: inside PARAM-VALUE, '"', '\' and ']' are escaped with '\'. */
export function escapeParamValue(v: string): string {
  return v.replace(/(["\\\]])/g, '\\$1');
}

export function unescapeParamValue(raw: string): string {
  // Only \" \\ \] are escapes; any other backslash is an ordinary character.
  return raw.replace(/\\(["\\\]])/g, '$1');
}

function formatField(v: string | null): string {
  return v === null ? '-' : v;
}

export function formatStructuredData(sd: readonly SdElement[] | null): string {
  if (sd === null) return '-';
  return sd.map((e) => `[${e.id}${e.params.map((p) => ` ${p.name}="${p.raw ?? escapeParamValue(p.value)}"`).join('')}]`).join('');
}

/** Text after PRI. */
export function formatRfc5424Body(m: Rfc5424Message): string {
  const head = [String(m.version), formatField(m.timestamp), formatField(m.hostname), formatField(m.appName), formatField(m.procId), formatField(m.msgId)].join(' ');
  const msg = m.msg === undefined ? '' : ` ${m.bom ? BOM : ''}${m.msg}`;
  return `${head} ${formatStructuredData(m.structuredData)}${msg}`;
}

/** Parses STRUCTURED-DATA at `at`; returns the elements and the index after them, or undefined. */
function parseStructuredData(text: string, at: number): { sd: SdElement[] | null; next: number } | undefined {
  if (text[at] === '-') return { sd: null, next: at + 1 };
  const sd: SdElement[] = [];
  let i = at;
  while (text[i] === '[') {
    const idEnd = text.slice(i + 1).search(/[ \]]/);
    if (idEnd < 0) return undefined;
    const id = text.slice(i + 1, i + 1 + idEnd);
    if (!SD_NAME.test(id)) return undefined;
    i = i + 1 + idEnd;
    const params: SdParam[] = [];
    while (text[i] === ' ') {
      const eq = text.indexOf('="', i + 1);
      if (eq < 0) return undefined;
      const name = text.slice(i + 1, eq);
      if (!SD_NAME.test(name)) return undefined;
      let j = eq + 2;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' && j + 1 < text.length ? 2 : 1;
      if (j >= text.length) return undefined;
      const raw = text.slice(eq + 2, j);
      const value = unescapeParamValue(raw);
      params.push(escapeParamValue(value) === raw ? { name, value } : { name, value, raw });
      i = j + 1;
    }
    if (text[i] !== ']') return undefined;
    i++;
    sd.push({ id, params });
  }
  return sd.length ? { sd, next: i } : undefined;
}

/** Tries the RFC 5424 form on the text after PRI; undefined when it is not one. */
export function parseRfc5424Body(text: string, pri: number, priText: string | undefined): Rfc5424Message | undefined {
  const m = /^([1-9]\d{0,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text);
  if (!m) return undefined;
  const [, version, ts, host, app, proc, msgId] = m as unknown as string[];
  const nil = (v: string, max: number) => (v === '-' ? null : PRINTUSASCII.test(v) && v.length <= max ? v : undefined);
  const fields = [nil(host!, 255), nil(app!, 48), nil(proc!, 128), nil(msgId!, 32)];
  if (ts !== '-' && !TIMESTAMP.test(ts!)) return undefined;
  if (fields.some((f) => f === undefined)) return undefined;
  const sd = parseStructuredData(text, m[0].length);
  if (!sd) return undefined;
  const rest = text.slice(sd.next);
  if (rest !== '' && rest[0] !== ' ') return undefined;
  let msg: string | undefined;
  let bom = false;
  if (rest !== '') {
    msg = rest.slice(1);
    if (msg.startsWith(BOM)) { bom = true; msg = msg.slice(BOM.length); }
  }
  return {
    format: 'rfc5424', pri, ...(priText !== undefined ? { priText } : {}), version: Number(version),
    timestamp: ts === '-' ? null : ts!, hostname: fields[0]!, appName: fields[1]!, procId: fields[2]!, msgId: fields[3]!,
    structuredData: sd.sd, ...(msg !== undefined ? { msg } : {}), ...(bom ? { bom: true as const } : {}),
  };
}
