/**
 * Escaping for every output format. Results carry strings a server under test chose (file names,
 * reason phrases, option values), so nothing reaches HTML, XML or Markdown without passing here.
 */

/**
 * Characters XML 1.0 does not allow at all (§2.2 Char): C0 controls other than tab/LF/CR, lone
 * surrogates, U+FFFE and U+FFFF. They are replaced by U+FFFD so that a hostile string cannot make
 * junit.xml unparseable. HTML gets the same treatment (control characters are parse errors there).
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

// Tab, LF and CR as character references: XML parsers normalise them in attribute values (to
// spaces, XML 1.0 §3.3.3) and CR in text (§2.11); references survive both, so values round-trip.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Text or attribute value (quoted with " or ') for HTML and XML alike. */
export function escapeMarkup(text: string): string {
  return stripInvalidChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Markdown table cell or inline text: markup escaped (GitHub renders inline HTML), pipes and
 * Markdown punctuation that would start emphasis, code or links escaped, newlines folded.
 */
export function escapeMarkdown(text: string): string {
  // Markdown punctuation first: the entities escapeMarkup adds (&#39;) must not be touched.
  return escapeMarkup(text.replace(/\r\n|\r|\n|\t/g, ' ').replace(/([\\`*_[\]|#!~])/g, '\\$1'));
}

/**
 * A link target for an artefact inside the report folder, or undefined when the path is not a
 * plain relative path (scheme, absolute, `..`, backslash): such a path is shown as text, never linked,
 * so a result cannot turn into a `javascript:` link or point outside the report.
 */
export function relativeHref(path: string): string | undefined {
  // Control characters and lone surrogates: shown as text (encodeURIComponent would throw on the latter).
  if (stripInvalidChars(path) !== path) return undefined;
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '')) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/** An id usable as an HTML id and fragment: test IDs are dotted lower-case, anything else is hex-escaped. */
export function anchorId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^a-z0-9._-]/gi, (c) => `_${c.codePointAt(0)?.toString(16) ?? ''}_`)}`;
}
