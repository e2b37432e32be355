/**
 * Shell-free argv splitting for --cmd: words separated by white space, '…' and "…" quoting and
 * backslash escapes as in POSIX sh (XCU 2.2), but no expansions, globbing, pipes or redirections:
 * the command is executed directly, never through a shell.
 */
import { usageError } from '../../errors.js';

export function splitArgv(command: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      // XCU 2.2.3: inside double quotes a backslash escapes only $ ` " \ and newline.
      else if (ch === '\\' && i + 1 < command.length && '$`"\\\n'.includes(command[i + 1] as string)) word += command[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < command.length) word += command[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw usageError(`--cmd: unterminated ${quote} quote in '${command}'`);
  if (inWord) out.push(word);
  if (out.length === 0) throw usageError('--cmd: empty command');
  return out;
}
