/**
 * Small text helpers for SIP header values: comma lists and `;name=value` parameters, both aware
 * of quoted strings and <...> (RFC 3261 section 25.1: quoted-string, generic-param, name-addr).
 */

export interface SipParam {
  readonly name: string;
  /** Unquoted value (quoted-pair escapes resolved); undefined for a flag parameter. */
  readonly value?: string;
}

/** Splits at `sep` outside quotes and angle brackets. */
export function splitOutside(text: string, sep: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let angle = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '\\' && i + 1 < text.length) { cur += ch + text[i + 1]; i++; continue; }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>' && angle > 0) angle--;
    if (!quoted && angle === 0 && ch === sep) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Header values that RFC 3261 section 7.3.1 allows to be combined with commas (Via, Contact, ...). */
export function splitCommaList(value: string): string[] {
  return splitOutside(value, ',').map((s) => s.trim()).filter((s) => s !== '');
}

export function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** Parses `;a=b;c;d="x y"` (leading text before the first ';' must be removed by the caller). */
export function parseParams(text: string): SipParam[] {
  return splitOutside(text, ';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p } : { name: p.slice(0, eq).trim(), value: unquote(p.slice(eq + 1)) };
    });
}

/** Case-insensitive parameter lookup (parameter names are case-insensitive, RFC 3261 section 7.3.1). */
export function paramValue(params: readonly SipParam[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return params.find((p) => p.name.toLowerCase() === lower)?.value;
}

/** Writes parameters back: values needing it are quoted (token chars stay bare). */
export function formatParams(params: readonly SipParam[]): string {
  return params.map((p) => {
    if (p.value === undefined) return `;${p.name}`;
    const bare = /^[-A-Za-z0-9.!%*_+`'~:@[\]]+$/.test(p.value);
    return `;${p.name}=${bare ? p.value : `"${p.value.replace(/(["\\])/g, '\\$1')}"`}`;
  }).join('');
}
