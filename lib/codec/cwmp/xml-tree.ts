/**
 * Safe XML reading for CWMP bodies over saxes: bytes -> a small namespace-resolved element tree
 * with source positions. DTDs are refused (so no entity declarations or external entities can
 * exist; saxes itself knows only the five predefined entities), and size, depth and element
 * count are bounded. Errors are DecodeError with byte offsets.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DecodeError } from '../../errors.js';

export const PROTO = 'cwmp';
export const MAX_XML_BYTES = 4 * 1024 * 1024;
export const MAX_DEPTH = 32;
export const MAX_ELEMENTS = 100_000;

export interface XmlAttr {
  readonly qname: string;
  readonly local: string;
  readonly uri: string;
  readonly value: string;
}

export interface XmlElement {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
  readonly attrs: readonly XmlAttr[];
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  /** In-scope namespace bindings (prefix -> uri; '' is the default namespace). */
  readonly scope: ReadonlyMap<string, string>;
  /** Character index of '<' and of the inner content (start, end) in `XmlDoc.source`. */
  readonly start: number;
  innerStart: number;
  innerEnd: number;
}

export interface XmlDoc {
  readonly root: XmlElement;
  readonly source: string;
  /** Maps a character index of `source` to a byte offset of the input. */
  byteOffset(charIndex: number): number;
}

/** Offset of the first octet that is not valid UTF-8 (-1 if none); `cut` when it is a sequence the input ends inside. */
function firstInvalidUtf8(b: Uint8Array): { at: number; cut: boolean } {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return { at: i, cut: false };
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return { at: i, cut: true };
      if ((b[i + k]! & 0xc0) !== 0x80) return { at: i, cut: false };
    }
    i += n + 1;
  }
  return { at: -1, cut: false };
}

function decodeText(bytes: Uint8Array, offset: number): { source: string; latin1: boolean } {
  const bad = firstInvalidUtf8(bytes);
  if (bad.at < 0) return { source: new TextDecoder('utf-8').decode(bytes), latin1: false };
  // Thomson CPEs send Content-Type charset=ISO-8859-1; honour an XML declaration that says so.
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 200); i++) head += String.fromCharCode(bytes[i]!);
  if (/^\s*<\?xml[^>]*encoding\s*=\s*["'](ISO-8859-1|latin1|US-ASCII)["']/i.test(head)) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
    return { source: s, latin1: true };
  }
  if (bad.cut) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset + bytes.length, 'body ends inside a UTF-8 sequence');
  throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, offset + bad.at, 'body is not valid UTF-8 and declares no ISO-8859-1 encoding');
}

export function parseXml(input: Uint8Array, offset: number): XmlDoc {
  const bytes = input.subarray(offset);
  if (bytes.length > MAX_XML_BYTES) throw new DecodeError('PC_ERR_DECODE_LIMIT', PROTO, offset + MAX_XML_BYTES, `XML body larger than ${MAX_XML_BYTES} octets`);
  const { source, latin1 } = decodeText(bytes, offset);
  const encoder = new TextEncoder();
  const byteOffset = (i: number): number => offset + (latin1 ? i : encoder.encode(source.slice(0, i)).length);

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let closing = false;
  const fail = (code: 'PC_ERR_DECODE_INVALID' | 'PC_ERR_DECODE_LIMIT', message: string): never => {
    throw new DecodeError(code, PROTO, Math.min(byteOffset(Math.min(parser.position, source.length)), offset + bytes.length), message);
  };
  parser.on('error', (e) => {
    // Errors raised while closing mean the document ended early: a truncation.
    if (closing) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset + bytes.length, `XML ends early: ${e.message.replace(/^(.*?:)?\d+:\d+: /, '')}`);
    fail('PC_ERR_DECODE_INVALID', `XML not well-formed: ${e.message.replace(/^(.*?:)?\d+:\d+: /, '')}`);
  });
  parser.on('doctype', () => fail('PC_ERR_DECODE_INVALID', 'DOCTYPE refused: CWMP bodies carry no DTD (entity expansion risk)'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++count > MAX_ELEMENTS) fail('PC_ERR_DECODE_LIMIT', `more than ${MAX_ELEMENTS} elements`);
    if (stack.length >= MAX_DEPTH) fail('PC_ERR_DECODE_LIMIT', `elements nested deeper than ${MAX_DEPTH}`);
    const parent = stack[stack.length - 1];
    const scope = new Map(parent?.scope ?? []);
    for (const [p, u] of Object.entries(tag.ns ?? {})) scope.set(p, u);
    const pos = parser.position;
    const lt = source.lastIndexOf('<', pos - 1);
    const el: XmlElement = {
      qname: tag.name,
      prefix: tag.prefix,
      local: tag.local,
      uri: tag.uri,
      attrs: Object.values(tag.attributes).map((a) => ({ qname: a.name, local: a.local, uri: a.uri, value: a.value })),
      children: [],
      text: '',
      scope,
      start: lt < 0 ? 0 : lt,
      innerStart: pos,
      innerEnd: pos,
    };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', (tag) => {
    const el = stack.pop();
    if (!el) return;
    if (!tag.isSelfClosing) el.innerEnd = Math.max(el.innerStart, source.lastIndexOf('</', parser.position - 1));
  });
  parser.on('text', (t) => {
    const el = stack[stack.length - 1];
    if (el) el.text += t;
  });
  parser.on('cdata', (t) => {
    const el = stack[stack.length - 1];
    if (el) el.text += t;
  });
  parser.write(source);
  closing = true;
  parser.close();
  if (!root) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset + bytes.length, 'no root element');
  return { root, source, byteOffset };
}

/** Resolves a QName value (e.g. xsi:type="xsd:string") against the element's scope. */
export function resolveQName(el: XmlElement, qname: string): { uri: string | undefined; local: string } {
  const i = qname.indexOf(':');
  if (i < 0) return { uri: el.scope.get(''), local: qname };
  return { uri: el.scope.get(qname.slice(0, i)), local: qname.slice(i + 1) };
}
