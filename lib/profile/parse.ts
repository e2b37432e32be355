/**
 * Strict reader of Cisco XML open-format profiles (PG18, PG20, AG88_100) on top of saxes, a
 * conformant non-validating XML 1.0 tokenizer. Our layer adds what a phone profile needs:
 * the <flat-profile> / <device><flat-profile> shape, ua, empty forms, duplicates, ASCII-only,
 * the refusal of DTDs and entities, and bounds. PURE: no `node:*` (the phone model calls it).
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FindingSink, type FindingCode } from './findings.js';
import { LineIndex, decodeProfileBytes, scanNonAscii, utf8Length } from './text.js';
import { checkParameters } from './lint.js';
import { resolveLimits, type Profile, type ProfileLimits, type ProfileParam, type ProfileParseResult, type Ua } from './types.js';

const UA_VALUES: readonly string[] = ['na', 'ro', 'rw'];
/** PROF-002: names come from web field names with space [ ] ( ) / replaced by '_'. */
const CISCO_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Thrown inside saxes handlers to stop at the first fatal problem; never escapes parseProfile. */
class Abort {}

type FrameKind = 'root-flat' | 'device' | 'flat' | 'param' | 'ignored';

interface Frame {
  kind: FrameKind;
  name: string;
  /** For params: the value being collected, where it started, attributes. */
  text?: string;
  param?: Omit<ProfileParam, 'value' | 'form'>;
  /** A 'param' that turned out to contain elements (X-PROF-005). */
  block?: boolean;
}

const GZIP = [0x1f, 0x8b];
const SALTED = [0x53, 0x61, 0x6c, 0x74, 0x65, 0x64, 0x5f, 0x5f];
const startsWith = (b: Uint8Array, magic: readonly number[]) => magic.every((m, i) => b[i] === m);

/**
 * PROF-012: leading/trailing white space removed, new lines become spaces. The parser has
 * already normalised CR LF / CR to LF (XML 1.0 section 2.11); CR from `&#13;` counts too.
 */
export function normaliseValue(raw: string): string {
  return raw.replace(/\r\n|\r|\n/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '');
}

export function parseProfile(input: string | Uint8Array, limitsIn?: Partial<ProfileLimits>): ProfileParseResult {
  const limits = resolveLimits(limitsIn);
  const sink = new FindingSink(limits.maxFindings);
  const fail = (): ProfileParseResult => ({ ok: false, findings: sink.finish() });

  let text: string;
  if (typeof input === 'string') {
    const size = utf8Length(input);
    if (size > limits.maxBytes) {
      sink.add('limit-exceeded', 1, 1, `profile is ${size} bytes, over the ${limits.maxBytes}-byte limit`);
      return fail();
    }
    text = input;
    if (text.charCodeAt(0) === 0xfeff) {
      sink.add('utf8-bom', 1, 1, 'byte-order mark at the start of the text; it is skipped');
      text = text.slice(1);
    }
  } else {
    if (input.length > limits.maxBytes) {
      sink.add('limit-exceeded', 1, 1, `profile is ${input.length} bytes, over the ${limits.maxBytes}-byte limit`);
      return fail();
    }
    // ENC-001 / ENC-003: a body is recognised by content; inflating and decrypting are
    // effects done outside this pure module (body.ts, lib/crypto).
    if (startsWith(input, GZIP)) {
      sink.add('gzip-body', 1, 1, 'body starts with the gzip magic 1f 8b; inflate it before parsing');
      return fail();
    }
    if (startsWith(input, SALTED)) {
      sink.add('encrypted-body', 1, 1, "body starts with 'Salted__' (openssl enc); decrypt it before parsing");
      return fail();
    }
    text = decodeProfileBytes(input, sink);
  }

  const lines = new LineIndex(text);
  scanNonAscii(text, lines, sink);
  const profile = readXml(text, lines, limits, sink);
  if (profile) checkParameters(profile, sink);
  const findings = sink.finish();
  return profile ? { ok: !sink.hasErrors, profile, findings } : { ok: false, findings };
}

function readXml(text: string, lines: LineIndex, limits: ProfileLimits, sink: FindingSink): Profile | undefined {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Frame[] = [];
  const params: ProfileParam[] = [];
  const seen = new Map<string, number>();
  let root: Profile['root'] | undefined;
  let sawFlat = false;
  let rootOk = false;
  let lastMarkupEnd = 0;
  let tagStart = 0;

  const at = (offset: number) => lines.at(offset);
  const stop = (code: FindingCode, offset: number, message: string): never => {
    const { line, column } = at(offset);
    sink.add(code, line, column, message);
    throw new Abort();
  };

  parser.on('error', (err: Error) => {
    const message = err.message.replace(/^\d+:\d+: /, '');
    // X-PROF-002: saxes knows only the five predefined entities and never expands others.
    const code: FindingCode = message === 'undefined entity.' ? 'entity-refused' : 'xml-not-well-formed';
    let line = parser.line;
    // saxes counts the next column 0-based, so this is the 1-based column of the last character read.
    let column = Math.max(1, parser.column);
    if (code === 'entity-refused') ({ line, column } = at(Math.max(0, text.lastIndexOf('&', parser.position - 1))));
    sink.add(code, line, column, code === 'entity-refused'
      ? 'reference to an entity other than amp, lt, gt, apos, quot: refused, not expanded'
      : `not well-formed XML: ${message}`);
    throw new Abort();
  });

  parser.on('doctype', (doctype: string) => {
    const offset = Math.max(0, text.lastIndexOf('<!DOCTYPE', parser.position));
    const what: string[] = [];
    if (/<!ENTITY/.test(doctype)) what.push('entity declarations');
    if (/\b(SYSTEM|PUBLIC)\b/.test(doctype)) what.push('external identifiers');
    stop('doctype-refused', offset, `DOCTYPE refused${what.length ? ` (contains ${what.join(' and ')})` : ''}: DTDs and entities are never processed`);
  });

  parser.on('processinginstruction', (pi) => {
    const { line, column } = at(Math.max(0, text.lastIndexOf('<?', parser.position - 1)));
    sink.add('processing-instruction', line, column, `processing instruction <?${pi.target} ...?> ignored`);
    lastMarkupEnd = parser.position;
  });
  parser.on('comment', () => { lastMarkupEnd = parser.position; });

  parser.on('opentagstart', (tag) => {
    tagStart = Math.max(0, text.lastIndexOf(`<${tag.name}`, parser.position - 1));
    if (stack.length + 1 > limits.maxDepth) stop('limit-exceeded', tagStart, `element depth over the limit of ${limits.maxDepth}`);
    if (tag.name.length > limits.maxNameLength) stop('limit-exceeded', tagStart, `element name longer than ${limits.maxNameLength} characters`);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const { line, column } = at(tagStart);
    const parent = stack[stack.length - 1];
    let frame: Frame;
    if (!parent) {
      if (tag.name === 'flat-profile') { root = 'flat-profile'; rootOk = true; sawFlat = true; frame = { kind: 'root-flat', name: tag.name }; }
      else if (tag.name === 'device') { root = 'device'; rootOk = true; frame = { kind: 'device', name: tag.name }; }
      else {
        sink.add('root-not-flat-profile', line, column, `root element <${tag.name}> is not <flat-profile> or <device>`);
        frame = { kind: 'ignored', name: tag.name };
      }
      rootAttributes(tag, line, column, sink);
    } else if (parent.kind === 'device') {
      if (tag.name === 'flat-profile') { sawFlat = true; frame = { kind: 'flat', name: tag.name }; }
      else {
        sink.add('device-extra-child', line, column, `<${tag.name}> inside <device> is ignored (only <flat-profile> is read)`);
        frame = { kind: 'ignored', name: tag.name };
      }
      rootAttributes(tag, line, column, sink);
    } else if (parent.kind === 'flat' || parent.kind === 'root-flat') {
      if (params.length >= limits.maxParams) stop('limit-exceeded', tagStart, `more than ${limits.maxParams} parameters`);
      frame = { kind: 'param', name: tag.name, text: '', param: paramHead(tag, line, column, text.slice(tagStart, parser.position), sink) };
      const first = seen.get(tag.name);
      if (first !== undefined) sink.add('duplicate-parameter', line, column, `${tag.name} already set at line ${first}; the last occurrence wins`);
      else seen.set(tag.name, line);
    } else {
      if (parent.kind === 'param' && !parent.block) {
        // X-PROF-005: e.g. the ATA 19x <router-configuration> block; not a parameter, sets nothing.
        parent.block = true;
        sink.add('nested-element', line, column, `<${parent.name}> contains element <${tag.name}>: a block, not a parameter; it is ignored`);
      }
      frame = { kind: 'ignored', name: tag.name };
    }
    stack.push(frame);
    lastMarkupEnd = parser.position;
  });

  const onText = (data: string) => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'param') {
      top.text = (top.text ?? '') + data;
      if (top.text.length > limits.maxValueLength * 2 + 1024) stop('limit-exceeded', lastMarkupEnd, `value of ${top.name} longer than ${limits.maxValueLength} characters`);
    } else if (top && top.kind !== 'ignored' && /[^ \t\r\n]/.test(data)) {
      const rel = text.slice(lastMarkupEnd).search(/[^ \t\r\n]/);
      const { line, column } = at(lastMarkupEnd + Math.max(0, rel));
      sink.add('stray-text', line, column, `text directly inside <${top.name}> is ignored`);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', (tag: SaxesTagPlain) => {
    const frame = stack.pop();
    lastMarkupEnd = parser.position;
    if (frame?.kind !== 'param' || !frame.param || frame.block) return;
    const value = normaliseValue(frame.text ?? '');
    if (value.length > limits.maxValueLength) {
      sink.add('limit-exceeded', frame.param.line, frame.param.column, `value of ${frame.name} longer than ${limits.maxValueLength} characters`);
      throw new Abort();
    }
    // PROF-005 / PROF-006 / X-PROF-001: remember how an empty value was written.
    const form: ProfileParam['form'] = tag.isSelfClosing ? 'self-closing' : value === '' ? 'empty-pair' : 'text';
    const param: ProfileParam = { ...frame.param, value, form };
    if (form === 'self-closing' && param.ua !== undefined) {
      sink.add('self-closing-keeps-value', param.line, param.column, `<${param.name} ua="${param.ua}"/> sets access ${param.ua} and keeps the current value`);
    }
    params.push(param);
  });

  try {
    parser.write(text);
    parser.close();
  } catch (e) {
    if (e instanceof Abort) return undefined;
    throw e;
  }
  if (!rootOk) return undefined;
  if (!sawFlat) {
    sink.add('no-flat-profile', 1, 1, '<device> holds no <flat-profile>: nothing is configured');
  }
  return { root: root ?? 'flat-profile', params };
}

function rootAttributes(tag: SaxesTagPlain, line: number, column: number, sink: FindingSink): void {
  for (const name of Object.keys(tag.attributes)) {
    // A default namespace is seen in exported SPA profiles; it is harmless.
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    sink.add('attribute-unknown', line, column, `attribute ${name} on <${tag.name}> is ignored`);
  }
}

function paramHead(tag: SaxesTagPlain, line: number, column: number, rawTag: string, sink: FindingSink): Omit<ProfileParam, 'value' | 'form'> {
  const head: Omit<ProfileParam, 'value' | 'form'> = { name: tag.name, line, column };
  if (!CISCO_NAME.test(tag.name)) sink.add('name-invalid', line, column, `element name ${tag.name} has characters outside [A-Za-z0-9_-] (PROF-002 naming)`);
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (name === 'ua') {
      // PROF-010: ua takes na, ro or rw, in double quotes.
      if (UA_VALUES.includes(value)) head.ua = value as Ua;
      else sink.add('ua-invalid', line, column, `ua="${value}" on ${tag.name}: must be na, ro or rw`);
      if (/\sua\s*=\s*'/.test(rawTag)) sink.add('ua-single-quoted', line, column, `ua on ${tag.name} is in single quotes; the guides write double quotes`);
    } else {
      sink.add('attribute-unknown', line, column, `attribute ${name}="${value}" on ${tag.name} is ignored (only ua is documented)`);
    }
  }
  return head;
}
