/**
 * Conditional expressions (PROF-020, PROF-021):
 *
 *   expr     = and-expr *( "or" and-expr )          ; "and" binds tighter than "or" (X-PROF-022)
 *   and-expr = primary *( "and" primary )
 *   primary  = "(" expr ")" / operand op operand
 *   op       = "eq" / "ne" / "lt" / "le" / "gt" / "ge" / "=" / "!=" / "<" / "<=" / ">" / ">="
 *   operand  = DQUOTE *(not-dquote) DQUOTE / bare-word
 *
 * Keywords are case-insensitive (the 8800 guide writes AND); printing uses the lower-case acronyms,
 * which need no escaping inside XML. A bare word may hold `$(NAME:p:q)` and an SPA version suffix
 * such as `2.0.6(b)`.
 */
import type { CompareOp, Condition, Operand } from './types.js';
import { endOfParenMacro, endOfQuoted, isSpace, ruleSyntaxError, skipSpace } from './syntax-error.js';

const WORD_OPS: Readonly<Record<string, CompareOp>> = { eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' };
const SYMBOL_OPS: Readonly<Record<string, CompareOp>> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const MAX_DEPTH = 64;

type Token =
  | { t: 'open' | 'close'; pos: number }
  | { t: 'quoted'; text: string; pos: number }
  | { t: 'word'; text: string; pos: number }
  | { t: 'symbol'; text: string; pos: number };

function isWordStop(ch: string | undefined): boolean {
  return ch === undefined || isSpace(ch) || ch === ')' || ch === '"' || ch === '<' || ch === '>' || ch === '=' || ch === '!' || ch === '(';
}

/** Tokenises text[start, end); positions are offsets into the whole text, for columns. */
function tokenize(text: string, start: number, end: number, req: string): Token[] {
  const tokens: Token[] = [];
  let pos = start;
  while (true) {
    pos = skipSpace(text, pos);
    if (pos >= end) return tokens;
    const ch = text[pos];
    if (ch === '(') { tokens.push({ t: 'open', pos }); pos++; continue; }
    if (ch === ')') { tokens.push({ t: 'close', pos }); pos++; continue; }
    if (ch === '"') {
      const after = endOfQuoted(text, pos, req);
      if (after > end) throw ruleSyntaxError(text, pos, 'unterminated "quoted string"', req);
      tokens.push({ t: 'quoted', text: text.slice(pos + 1, after - 1), pos });
      pos = after;
      continue;
    }
    if (ch === '<' || ch === '>' || ch === '=' || ch === '!') {
      const two = text.slice(pos, pos + 2);
      const sym = pos + 2 <= end && (two === '<=' || two === '>=' || two === '!=') ? two : ch;
      if (sym === '!') throw ruleSyntaxError(text, pos, "legacy '!' operator (implicit $SWVER) is not supported: write '$SWVER ne VERSION'", 'PROF-021');
      tokens.push({ t: 'symbol', text: sym, pos });
      pos += sym.length;
      continue;
    }
    const wordStart = pos;
    while (pos < end) {
      const c = text[pos];
      if (c === '$' && text[pos + 1] === '(') {
        const after = endOfParenMacro(text, pos);
        if (after < 0 || after > end) throw ruleSyntaxError(text, pos, "unclosed '$(' macro", req);
        pos = after;
        continue;
      }
      if (c === '(' && pos > wordStart) {
        // SPA version suffix such as 2.0.6(b): absorbed when closed before any space.
        let q = pos + 1;
        while (q < end && text[q] !== ')' && !isSpace(text[q]) && text[q] !== '(' && text[q] !== '"') q++;
        if (q < end && text[q] === ')') { pos = q + 1; continue; }
        break;
      }
      if (isWordStop(c)) break;
      pos++;
    }
    tokens.push({ t: 'word', text: text.slice(wordStart, pos), pos: wordStart });
  }
}

class ConditionParser {
  private i = 0;
  constructor(private readonly text: string, private readonly tokens: Token[], private readonly end: number, private readonly req: string) {}

  private fail(pos: number, msg: string): never {
    throw ruleSyntaxError(this.text, pos, msg, this.req);
  }
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private posOf(tok: Token | undefined): number {
    return tok ? tok.pos : this.end;
  }
  private isKeyword(tok: Token | undefined, kw: 'and' | 'or'): boolean {
    return tok !== undefined && tok.t === 'word' && tok.text.toLowerCase() === kw;
  }

  parseAll(): Condition {
    if (this.tokens.length === 0) this.fail(this.end, 'empty condition');
    const c = this.expr(0);
    const rest = this.peek();
    if (rest) this.fail(rest.pos, rest.t === 'close' ? "unbalanced ')'" : "expected 'and', 'or' or the end of the condition");
    return c;
  }

  private expr(depth: number): Condition {
    let left = this.andExpr(depth);
    while (this.isKeyword(this.peek(), 'or')) {
      this.i++;
      left = { kind: 'or', left, right: this.andExpr(depth) };
    }
    return left;
  }

  private andExpr(depth: number): Condition {
    let left = this.primary(depth);
    while (this.isKeyword(this.peek(), 'and')) {
      this.i++;
      left = { kind: 'and', left, right: this.primary(depth) };
    }
    return left;
  }

  private primary(depth: number): Condition {
    const tok = this.peek();
    if (tok?.t === 'open') {
      if (depth >= MAX_DEPTH) this.fail(tok.pos, `parentheses nested deeper than ${MAX_DEPTH}`);
      this.i++;
      const inner = this.expr(depth + 1);
      const close = this.peek();
      if (close?.t !== 'close') this.fail(this.posOf(close), "expected ')'");
      this.i++;
      return inner;
    }
    const left = this.operand();
    const opTok = this.peek();
    let op: CompareOp | undefined;
    if (opTok?.t === 'symbol') op = SYMBOL_OPS[opTok.text];
    else if (opTok?.t === 'word') op = WORD_OPS[opTok.text.toLowerCase()];
    if (op === undefined) this.fail(this.posOf(opTok), 'expected a comparison operator (eq ne lt le gt ge)');
    this.i++;
    const right = this.operand();
    return { kind: 'compare', op, left, right };
  }

  private operand(): Operand {
    const tok = this.peek();
    if (tok?.t === 'quoted') { this.i++; return { quoted: true, text: tok.text }; }
    if (tok?.t === 'word') { this.i++; return { quoted: false, text: tok.text }; }
    return this.fail(this.posOf(tok), 'expected an operand (a "quoted string", a number, a version or a $MACRO)');
  }
}

/** Parses the condition held in text[start, end) (offsets keep columns relative to the rule). */
export function parseConditionAt(text: string, start: number, end: number, requirementId = 'PROF-021'): Condition {
  return new ConditionParser(text, tokenize(text, start, end, requirementId), end, requirementId).parseAll();
}

function printOperand(o: Operand): string {
  return o.quoted ? `"${o.text}"` : o.text;
}

/** Canonical text; parentheses only where the tree needs them (left-associative and/or). */
export function printCondition(c: Condition): string {
  switch (c.kind) {
    case 'compare':
      return `${printOperand(c.left)} ${c.op} ${printOperand(c.right)}`;
    case 'and': {
      const l = c.left.kind === 'or' ? `(${printCondition(c.left)})` : printCondition(c.left);
      const r = c.right.kind === 'compare' ? printCondition(c.right) : `(${printCondition(c.right)})`;
      return `${l} and ${r}`;
    }
    case 'or': {
      const r = c.right.kind === 'or' ? `(${printCondition(c.right)})` : printCondition(c.right);
      return `${printCondition(c.left)} or ${r}`;
    }
  }
}
