/**
 * XML-layer mutations of a profile (issue 7 part 1): unclosed and misnested tags, DTD and entity
 * tricks (internal and external entities, expansion bombs), deep nesting, huge names, values and
 * attributes, invalid UTF-8, BOMs, CDATA, comments and processing instructions in odd places.
 * References: XML 1.0 (5th ed.) sections 2.4-2.8, 4.2; X-PROF-002/003/006 for what we refuse.
 * External entities only ever name local files or a loopback address (common.md network rule).
 */
import fc from 'fast-check';
import { at, insertAt, type Mutation } from './bytes.js';

/** Offsets just before each '<': insertion points between markup. */
function tagStarts(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(0x3c); i >= 0; i = b.indexOf(0x3c, i + 1)) out.push(i);
  return out;
}
const pick = (list: number[], n: number, fallback: number): number => (list.length === 0 ? fallback : (list[n % list.length] as number));

/** Where the prolog ends: after the XML declaration when there is one. */
function afterDeclaration(b: Buffer): number {
  if (b.subarray(0, 5).toString('latin1') !== '<?xml') return 0;
  const end = b.indexOf('?>', 0, 'latin1');
  return end < 0 ? 0 : end + 2;
}

/** The Nth closing tag `</...>` as [start, end). */
function closingTags(b: Buffer): [number, number][] {
  const out: [number, number][] = [];
  for (let i = b.indexOf('</', 0, 'latin1'); i >= 0; i = b.indexOf('</', i + 2, 'latin1')) {
    const end = b.indexOf(0x3e, i);
    if (end > 0) out.push([i, end + 1]);
  }
  return out;
}

const billionLaughs = (levels: number, fan: number): string => {
  const decl = ['<!ENTITY l0 "lol">'];
  for (let i = 1; i <= levels; i++) decl.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(fan)}">`);
  return `<!DOCTYPE flat-profile [\n${decl.join('\n')}\n]>\n`;
};

/** DOCTYPE variants; the `&x;` reference that uses them is inserted by the entity mutation. */
const DOCTYPES: Record<string, () => string> = {
  'doctype-plain': () => '<!DOCTYPE flat-profile>\n',
  'doctype-internal-entity': () => '<!DOCTYPE flat-profile [<!ENTITY x "expanded">]>\n',
  'doctype-external-file': () => '<!DOCTYPE flat-profile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
  'doctype-external-loopback': () => '<!DOCTYPE flat-profile SYSTEM "http://127.0.0.1:9/p.dtd">\n',
  'doctype-parameter-entity': () => '<!DOCTYPE flat-profile [<!ENTITY % p "<!ENTITY x \'pe\'>"> %p;]>\n',
  'doctype-quadratic': () => `<!DOCTYPE flat-profile [<!ENTITY x "${'A'.repeat(20_000)}">]>\n`,
  'doctype-unterminated': () => '<!DOCTYPE flat-profile [<!ENTITY x "y">\n',
};

const ENTITY_REFS = ['&x;', '&l9;', '&l3;', '&#0;', '&#x110000;', '&#xD800;', '&#65;', '&amp', '&;', '&#;', '&#x;', '&undefined;', '&#99999999999;'];
const BAD_UTF8: number[][] = [[0xc3, 0x28], [0xff], [0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]];
const BOMS: number[][] = [[0xef, 0xbb, 0xbf], [0xfe, 0xff], [0xff, 0xfe], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0x00, 0x00, 0xfe, 0xff]];
const CDATA = ['<![CDATA[x]]>', '<![CDATA[<a>&amp;]]>', '<![CDATA[unterminated', ']]>', '<![CDATA[]]>', '<![cdata[x]]>'];
const COMMENTS = ['<!-- c -->', '<!-- a -- b -->', '<!--->', '<!-- unterminated', '<!---->', '<!-- - -->'];
const PIS = ['<?pi data?>', '<?xml version="1.0"?>', '<?xml-stylesheet href="x.xsl"?>', '<?unterminated', '<?>', '<?XML x?>'];
const ATTRS = [' ua="rw" ua="ro"', ' ua=rw', ' ua="rw', ' ua', ' ua=""', ' ="x"', " ua='rw\"", ' xmlns:a="urn:x" a:ua="rw"', ' ua="r&lt;w"'];
/** Lengths around common buffer sizes and our limits (X-PROF-003: name 256, value 65536). */
const HUGE = [255, 257, 1024, 4097, 65_537, 1 << 20];

export const xmlMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n): Mutation => ({
    name: 'xml:unclosed-tag',
    apply: (b) => { const tags = closingTags(b); if (!tags.length) return b; const [s, e] = tags[n % tags.length] as [number, number]; return Buffer.concat([b.subarray(0, s), b.subarray(e)]); },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([x, y]): Mutation => ({
    name: 'xml:misnested',
    apply: (b) => {
      const tags = closingTags(b);
      if (tags.length < 2) return b;
      const i = x % tags.length;
      let j = y % tags.length;
      if (j === i) j = (i + 1) % tags.length;
      const [a, c] = i < j ? [tags[i], tags[j]] : [tags[j], tags[i]] as [number, number][];
      const [as, ae] = a as [number, number];
      const [cs, ce] = c as [number, number];
      return Buffer.concat([b.subarray(0, as), b.subarray(cs, ce), b.subarray(ae, cs), b.subarray(as, ae), b.subarray(ce)]);
    },
  })),
  fc.constantFrom(...Object.keys(DOCTYPES)).map((k): Mutation => ({
    name: `xml:${k}`, apply: (b) => insertAt(b, afterDeclaration(b), (DOCTYPES[k] as () => string)()),
  })),
  fc.tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 10 }), fc.nat()).map(([levels, fan, n]): Mutation => ({
    name: 'xml:entity-expansion-bomb',
    apply: (b) => { const o = insertAt(b, afterDeclaration(b), billionLaughs(levels, fan)); return insertAt(o, pick(tagStarts(o), n + 2, o.length), `<GPP_A>&l${levels};</GPP_A>`); },
  })),
  fc.tuple(fc.constantFrom(...ENTITY_REFS), fc.nat()).map(([ref, n]): Mutation => ({
    name: 'xml:entity-reference', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), `<GPP_B>${ref}</GPP_B>`),
  })),
  fc.tuple(fc.oneof(fc.integer({ min: 2, max: 64 }), fc.constantFrom(17, 100, 1000, 20_000)), fc.nat()).map(([depth, n]): Mutation => ({
    name: 'xml:deep-nesting', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`),
  })),
  fc.tuple(fc.constantFrom(...HUGE), fc.nat()).map(([len, n]): Mutation => ({
    name: 'xml:huge-name', apply: (b) => { const name = `N${'x'.repeat(len)}`; return insertAt(b, pick(tagStarts(b), n, b.length), `<${name}>v</${name}>`); },
  })),
  fc.tuple(fc.constantFrom(...HUGE), fc.nat()).map(([len, n]): Mutation => ({
    name: 'xml:huge-value', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), `<GPP_C>${'v'.repeat(len)}</GPP_C>`),
  })),
  fc.tuple(fc.constantFrom(...HUGE), fc.boolean(), fc.nat()).map(([len, many, n]): Mutation => ({
    name: many ? 'xml:many-attributes' : 'xml:huge-attribute',
    apply: (b) => {
      const attrs = many ? Array.from({ length: Math.min(len, 20_000) }, (_, i) => ` a${i}="1"`).join('') : ` ua="${'r'.repeat(len)}"`;
      return insertAt(b, pick(tagStarts(b), n, b.length), `<GPP_D${attrs}>v</GPP_D>`);
    },
  })),
  fc.tuple(fc.constantFrom(...ATTRS), fc.nat()).map(([attr, n]): Mutation => ({
    name: 'xml:attribute-syntax', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), `<GPP_E${attr}>v</GPP_E>`),
  })),
  fc.tuple(fc.constantFrom(...BAD_UTF8), fc.nat()).map(([seq, n]): Mutation => ({
    name: 'xml:invalid-utf8', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), Buffer.concat([Buffer.from('<GPP_F>'), Buffer.from(seq), Buffer.from('</GPP_F>')])),
  })),
  fc.tuple(fc.constantFrom(...BOMS), fc.boolean(), fc.nat()).map(([bom, start, n]): Mutation => ({
    name: start ? 'xml:bom' : 'xml:bom-inside', apply: (b) => insertAt(b, start ? 0 : at(n, b.length), Buffer.from(bom)),
  })),
  fc.tuple(fc.constantFrom(...CDATA), fc.nat()).map(([c, n]): Mutation => ({
    name: 'xml:cdata', apply: (b) => insertAt(b, pick(tagStarts(b), n, b.length), `<GPP_G>${c}</GPP_G>`),
  })),
  // Odd places: any offset, also inside tags and before the XML declaration.
  fc.tuple(fc.constantFrom(...COMMENTS), fc.nat()).map(([c, n]): Mutation => ({ name: 'xml:comment', apply: (b) => insertAt(b, at(n, b.length), c) })),
  fc.tuple(fc.constantFrom(...PIS), fc.nat()).map(([pi, n]): Mutation => ({ name: 'xml:processing-instruction', apply: (b) => insertAt(b, at(n, b.length), pi) })),
  fc.tuple(fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f'), fc.nat()).map(([c, n]): Mutation => ({ name: 'xml:control-char', apply: (b) => insertAt(b, at(n, b.length), c) })),
  fc.constantFrom('<flat-profile/>', 'trailing text', '<device></device>', '</flat-profile>').map((tail): Mutation => ({
    name: 'xml:after-root', apply: (b) => Buffer.concat([b, Buffer.from(tail)]),
  })),
  fc.nat().map((n): Mutation => ({ name: 'xml:truncate', apply: (b) => b.subarray(0, at(n, b.length)) })),
);
