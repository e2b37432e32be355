/**
 * RFC 3164 section 4.1 (BSD syslog) over the text after PRI. Real senders vary, so this is a
 * tolerant reading: TIMESTAMP is 'Mmm dd hh:mm:ss' (or an RFC 3339 stamp, as rsyslog writes),
 * then HOSTNAME, then TAG[pid]: CONTENT. Without a recognisable TIMESTAMP the whole text is
 * CONTENT (section 4.3.3). A token directly followed by ':' after the timestamp is a TAG with
 * no HOSTNAME (e.g. 'robin: Hello').
 */
import type { Rfc3164Message } from './types.js';

const BSD_TIMESTAMP = /^((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d) /;
const ISO_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)) /;
const TAG = /^([^\s:[\]]{1,48})(?:\[([^\]\s]*)\])?:( ?)/;

export function formatRfc3164Body(m: Rfc3164Message): string {
  let s = '';
  if (m.timestamp !== undefined) s += `${m.timestamp} `;
  if (m.hostname !== undefined) s += `${m.hostname} `;
  if (m.tag !== undefined) s += `${m.tag}${m.pid !== undefined ? `[${m.pid}]` : ''}:${m.tagSpace === false ? '' : ' '}`;
  return s + m.content + (m.trailingNul ? '\u0000' : '');
}

function readTag(text: string): Pick<Rfc3164Message, 'tag' | 'pid' | 'tagSpace' | 'content'> {
  const t = TAG.exec(text);
  if (!t) return { content: text };
  return { tag: t[1]!, ...(t[2] !== undefined ? { pid: t[2] } : {}), ...(t[3] === '' ? { tagSpace: false as const } : {}), content: text.slice(t[0].length) };
}

export function parseRfc3164Body(body: string, pri: number | undefined, priText: string | undefined): Rfc3164Message {
  let text = body;
  let trailingNul = false;
  if (text.endsWith('\u0000')) { trailingNul = true; text = text.slice(0, -1); }
  const base = {
    format: 'rfc3164' as const,
    ...(pri !== undefined ? { pri } : {}),
    ...(priText !== undefined ? { priText } : {}),
  };
  const tail = trailingNul ? { trailingNul: true as const } : {};
  const ts = BSD_TIMESTAMP.exec(text) ?? ISO_TIMESTAMP.exec(text);
  if (!ts) return { ...base, content: text, ...tail };
  let rest = text.slice(ts[0].length);
  let hostname: string | undefined;
  if (!TAG.test(rest)) {
    const h = /^([^\s]+) /.exec(rest);
    if (h) { hostname = h[1]!; rest = rest.slice(h[0].length); }
  }
  return { ...base, timestamp: ts[1]!, ...(hostname !== undefined ? { hostname } : {}), ...readTag(rest), ...tail };
}
