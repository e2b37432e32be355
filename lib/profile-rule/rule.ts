/**
 * Profile_Rule* and Upgrade_Rule grammar (PROF-017, PROF-022, PROF-023, PROF-036..PROF-039, UPG-003):
 *
 *   rule        = [ alternative *( "|" alternative ) ]           ; empty rule allowed (PROF-019)
 *   alternative = [ "(" condition ")?" ] [ "(" assignments ")!" ] [ [ "[" options "]" ] url ]
 *   assignments = assignment *( ";" assignment ) [ ";" ]
 *   assignment  = name "=" DQUOTE *(not-dquote) DQUOTE         ; a..p = GPP_A..GPP_P (PROF-022)
 *   options     = option *( option )                           ; combinable (PROF-039)
 *   option      = "--key" value / "--post" gpp / "--alias" gpp / "--uid" value / "--pwd" value
 *   value       = DQUOTE *(not-dquote) DQUOTE / 1*(not-space)
 *   gpp         = %x61-70                                      ; a..p
 *
 * The order inside an alternative is fixed. Upgrade_Rule takes no options (UPG-003) and its URL
 * must name a server (UPG-007). A missing condition on a non-last alternative is a finding, not an
 * error (PROF-018: the phone takes the first true or unconditioned alternative).
 */
import type { Alternative, Assignment, OptionName, OptionText, Rule, RuleKind, RuleOptions, RuleUrl, Condition } from './types.js';
import { parseConditionAt, printCondition } from './condition.js';
import { parseUrlAt, printUrl } from './url.js';
import { gppParameter } from './macros.js';
import { endOfQuoted, isSpace, ruleSyntaxError, skipSpace } from './syntax-error.js';

const OPTION_NAMES: readonly OptionName[] = ['key', 'post', 'alias', 'uid', 'pwd'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Offset of the `)` matching the `(` at `open`, skipping quoted strings; -1 when unbalanced. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function matchingBracket(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === ']') return i;
  }
  return -1;
}

function parseAssignments(text: string, start: number, end: number): Assignment[] {
  const out: Assignment[] = [];
  let p = skipSpace(text, start);
  while (p < end) {
    const m = NAME.exec(text.slice(p, end));
    if (!m) throw ruleSyntaxError(text, p, 'expected a parameter name in the assignment list', 'PROF-022');
    const name = m[0];
    p = skipSpace(text, p + name.length);
    if (text[p] !== '=' || p >= end) throw ruleSyntaxError(text, p, `expected '=' after ${name}`, 'PROF-022');
    p = skipSpace(text, p + 1);
    if (text[p] !== '"' || p >= end) throw ruleSyntaxError(text, p, `the value of ${name} must be a "quoted string"`, 'PROF-022');
    const after = endOfQuoted(text, p, 'PROF-022');
    if (after > end) throw ruleSyntaxError(text, p, 'unterminated "quoted string"', 'PROF-022');
    const value = text.slice(p + 1, after - 1);
    // PROF-022: a..p are shorthands of GPP_A..GPP_P.
    out.push({ name, parameter: /^[a-p]$/.test(name) ? gppParameter(name) : name, value });
    p = skipSpace(text, after);
    if (p < end) {
      if (text[p] !== ';') throw ruleSyntaxError(text, p, "expected ';' between assignments", 'PROF-022');
      p = skipSpace(text, p + 1);
    }
  }
  if (out.length === 0) throw ruleSyntaxError(text, start, 'empty assignment list', 'PROF-022');
  return out;
}

function readWord(text: string, p: number, end: number): number {
  while (p < end && !isSpace(text[p])) p++;
  return p;
}

function parseOptions(text: string, start: number, end: number): RuleOptions {
  const order: OptionName[] = [];
  const values: { key?: OptionText; uid?: OptionText; pwd?: OptionText; post?: string; alias?: string } = {};
  let p = skipSpace(text, start);
  while (p < end) {
    const wordEnd = readWord(text, p, end);
    const word = text.slice(p, wordEnd);
    const name = word.startsWith('--') ? (word.slice(2) as OptionName) : undefined;
    if (name === undefined || !OPTION_NAMES.includes(name)) {
      throw ruleSyntaxError(text, p, `unknown option '${word}' (--key, --post, --alias, --uid, --pwd)`, 'PROF-039');
    }
    if (order.includes(name)) throw ruleSyntaxError(text, p, `option --${name} given twice`, 'PROF-039');
    const optPos = p;
    p = skipSpace(text, wordEnd);
    if (p >= end || text.startsWith('--', p)) throw ruleSyntaxError(text, p, `option --${name} needs a value`, 'PROF-039');
    let value: OptionText;
    if (text[p] === '"') {
      const after = endOfQuoted(text, p, 'PROF-039');
      value = { text: text.slice(p + 1, after - 1), quoted: true };
      p = after;
    } else {
      const e = readWord(text, p, end);
      value = { text: text.slice(p, e), quoted: false };
      p = e;
    }
    if (name === 'post' || name === 'alias') {
      const req = name === 'post' ? 'HTTP-005' : 'PROF-037';
      if (value.quoted || !/^[a-p]$/.test(value.text)) throw ruleSyntaxError(text, optPos, `--${name} takes one GPP letter a..p, got '${value.text}'`, req);
      values[name] = value.text;
    } else {
      values[name] = value;
    }
    order.push(name);
    p = skipSpace(text, p);
  }
  if (order.length === 0) throw ruleSyntaxError(text, start, 'empty option list', 'PROF-039');
  return { ...values, order };
}

function parseAlternative(text: string, start: number, kind: RuleKind): { alt: Alternative; end: number } {
  let condition: Condition | undefined;
  let assignments: Assignment[] | undefined;
  let options: RuleOptions | undefined;
  let optionsPos = -1;
  let url: RuleUrl | undefined;
  let p = start;
  while (true) {
    p = skipSpace(text, p);
    if (p >= text.length || text[p] === '|') break;
    const ch = text[p];
    if (url !== undefined) throw ruleSyntaxError(text, p, "unexpected text after the URL (alternatives are separated by '|')", 'PROF-017');
    if (ch === '(') {
      const close = matchingParen(text, p);
      if (close < 0) throw ruleSyntaxError(text, p, "unbalanced '('", 'PROF-017');
      const m = skipSpace(text, close + 1);
      const marker = text[m];
      if (marker === '?') {
        if (condition !== undefined) throw ruleSyntaxError(text, p, 'an alternative has at most one condition', 'PROF-017');
        if (assignments !== undefined || options !== undefined) throw ruleSyntaxError(text, p, 'the condition must come first in an alternative', 'PROF-017');
        condition = parseConditionAt(text, p + 1, close, 'PROF-021');
      } else if (marker === '!') {
        if (assignments !== undefined) throw ruleSyntaxError(text, p, 'an alternative has at most one assignment list', 'PROF-017');
        if (options !== undefined) throw ruleSyntaxError(text, p, 'assignments must come before the options and URL', 'PROF-017');
        assignments = parseAssignments(text, p + 1, close);
      } else {
        throw ruleSyntaxError(text, m, "expected '?' (condition) or '!' (assignments) after ')'", 'PROF-017');
      }
      p = m + 1;
      continue;
    }
    if (ch === '[' && /^\[\s*(--|\])/.test(text.slice(p, p + 64))) {
      if (kind === 'upgrade') throw ruleSyntaxError(text, p, 'Upgrade_Rule takes no URL options', 'UPG-003');
      if (options !== undefined) throw ruleSyntaxError(text, p, 'an alternative has at most one option list', 'PROF-039');
      const close = matchingBracket(text, p);
      if (close < 0) throw ruleSyntaxError(text, p, "unclosed '['", 'PROF-039');
      options = parseOptions(text, p + 1, close);
      optionsPos = p;
      p = close + 1;
      continue;
    }
    let e = p;
    while (e < text.length && !isSpace(text[e]) && text[e] !== '|') e++;
    url = parseUrlAt(text, p, e, kind);
    p = e;
  }
  if (options !== undefined && url === undefined) throw ruleSyntaxError(text, optionsPos, 'options must be followed by a URL', 'PROF-017');
  const alt: Alternative = {
    ...(condition !== undefined ? { condition } : {}),
    ...(assignments !== undefined ? { assignments } : {}),
    ...(options !== undefined ? { options } : {}),
    ...(url !== undefined ? { url } : {}),
  };
  return { alt, end: p };
}

/** Parses a Profile_Rule* (default) or Upgrade_Rule value. Throws PC_ERR_RULE_SYNTAX with a column. */
export function parseRule(text: string, kind: RuleKind = 'profile'): Rule {
  const alternatives: Alternative[] = [];
  if (skipSpace(text, 0) >= text.length) return { kind, alternatives };
  let p = 0;
  while (true) {
    const { alt, end } = parseAlternative(text, p, kind);
    alternatives.push(alt);
    if (end >= text.length) break;
    p = end + 1; // past '|'
  }
  return { kind, alternatives };
}

function printOptionText(v: OptionText): string {
  return v.quoted ? `"${v.text}"` : v.text;
}

export function printOptions(o: RuleOptions): string {
  const parts = o.order.map((name) => {
    switch (name) {
      case 'key': return o.key ? `--key ${printOptionText(o.key)}` : '';
      case 'uid': return o.uid ? `--uid ${printOptionText(o.uid)}` : '';
      case 'pwd': return o.pwd ? `--pwd ${printOptionText(o.pwd)}` : '';
      case 'post': return o.post ? `--post ${o.post}` : '';
      case 'alias': return o.alias ? `--alias ${o.alias}` : '';
    }
  });
  return `[${parts.filter((s) => s !== '').join(' ')}]`;
}

export function printAlternative(a: Alternative): string {
  const parts: string[] = [];
  if (a.condition) parts.push(`(${printCondition(a.condition)})?`);
  if (a.assignments) parts.push(`(${a.assignments.map((x) => `${x.name} = "${x.value}";`).join(' ')})!`);
  if (a.options) parts.push(printOptions(a.options));
  if (a.url) parts.push(printUrl(a.url));
  return parts.join(' ');
}

/** Canonical text: parseRule(printRule(r), r.kind) deep-equals r. */
export function printRule(rule: Rule): string {
  return rule.alternatives.map(printAlternative).join(' | ');
}
