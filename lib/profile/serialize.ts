/**
 * Writes a Profile as Cisco XML open format so that parseProfile gives it back (names, values,
 * forms, ua; positions are those of the new text). Pure.
 */
import { ProvcertError } from '../errors.js';
import type { Profile, ProfileParam } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** XML 1.0 Char production minus what a value can never carry after PROF-012 normalisation. */
const BAD_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Escapes text content; `>` too, so that `]]>` can never appear (XML 1.0 section 2.4). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Non-ASCII is written as a numeric reference so the file stays ASCII (the parser still flags it, PROF-013). */
function asciiOnly(s: string): string {
  return s.replace(/[^\u0000-\u007f]/gu, (c) => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`);
}

function invalid(p: ProfileParam, what: string): ProvcertError {
  return new ProvcertError('PC_ERR_PROFILE_INVALID', `cannot serialise ${p.name}: ${what}`, { proto: 'profile', line: p.line, column: p.column });
}

function element(p: ProfileParam): string {
  if (!NAME.test(p.name)) throw invalid(p, 'not an XML element name of the Cisco form');
  if (p.form !== 'text' && p.value !== '') throw invalid(p, `form ${p.form} carries no value`);
  if (p.form === 'text') {
    if (p.value === '') throw invalid(p, "form 'text' needs a non-empty value (use 'empty-pair')");
    // PROF-012: the parser trims and turns new lines into spaces, so such values cannot round-trip.
    if (/^[ \t]|[ \t]$|[\r\n]/.test(p.value)) throw invalid(p, 'value has leading/trailing white space or a line break');
    if (BAD_CHARS.test(p.value)) throw invalid(p, 'value has a character XML 1.0 cannot carry');
  }
  const attrs = p.ua !== undefined ? ` ua="${p.ua}"` : '';
  if (p.form === 'self-closing') return `<${p.name}${attrs}/>`;
  return `<${p.name}${attrs}>${asciiOnly(escapeText(p.value))}</${p.name}>`;
}

export function serializeProfile(profile: Profile, opts: { root?: 'flat-profile' | 'device' } = {}): string {
  const root = opts.root ?? profile.root;
  const body = profile.params.map((p) => `${element(p)}\n`).join('');
  const flat = `<flat-profile>\n${body}</flat-profile>\n`;
  return root === 'device' ? `<device>\n${flat}</device>\n` : flat;
}
