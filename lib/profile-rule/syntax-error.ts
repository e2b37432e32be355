/**
 * Syntax errors of the rule grammar: always PC_ERR_RULE_SYNTAX with a 1-based line and column
 * (rule values may span lines inside XML) and the requirement that the text violates.
 */
import { ProvcertError } from '../errors.js';

export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function ruleSyntaxError(text: string, offset: number, message: string, requirementId: string): ProvcertError {
  const { line, column } = positionOf(text, offset);
  return new ProvcertError('PC_ERR_RULE_SYNTAX', `${message} (column ${column}, ${requirementId})`, {
    proto: 'profile-rule',
    line,
    column,
    offset,
    requirementId,
  });
}

export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

export function skipSpace(text: string, pos: number): number {
  while (pos < text.length && isSpace(text[pos])) pos++;
  return pos;
}

/** Offset just past the closing quote of the string opening at `pos`, or throws. */
export function endOfQuoted(text: string, pos: number, requirementId: string): number {
  const close = text.indexOf('"', pos + 1);
  if (close < 0) throw ruleSyntaxError(text, pos, 'unterminated "quoted string"', requirementId);
  return close + 1;
}

/** Offset past the `)` closing a `$(` macro that starts at `pos` (the `$`), or -1 when unclosed. */
export function endOfParenMacro(text: string, pos: number): number {
  const close = text.indexOf(')', pos + 2);
  return close < 0 ? -1 : close + 1;
}
