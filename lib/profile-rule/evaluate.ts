/**
 * Evaluation: conditions (PROF-021, PROF-031), alternative selection (PROF-018, PROF-019),
 * assignments (PROF-022), option values (HTTP-005, ENC-004, ENC-007, PROF-036), trigger
 * expressions (PROF-020, RESYNC-012) and lint findings for rules that parse but deviate.
 */
import type { Alternative, Assignment, Condition, MacroContext, Operand, Rule, RuleFinding, RuleOptions } from './types.js';
import { expandMacros, gppParameter, mentionsKeyOnlyMacro } from './macros.js';
import { compareUnquoted } from './version.js';
import { parseConditionAt } from './condition.js';
import { ruleSyntaxError, skipSpace } from './syntax-error.js';

function applyOp(op: Condition & { kind: 'compare' }, c: number): boolean {
  switch (op.op) {
    case 'eq': return c === 0;
    case 'ne': return c !== 0;
    case 'lt': return c < 0;
    case 'le': return c <= 0;
    case 'gt': return c > 0;
    case 'ge': return c >= 0;
  }
}

/**
 * True when the condition holds. Quoted operands compare as strings, for equality only
 * (PROF-021; ordering a string is false, X-PROF-023). Unquoted operands compare as integers or
 * versions (X-PROF-020); a value that is neither makes the comparison false.
 */
export function evaluateCondition(cond: Condition, macros: MacroContext): boolean {
  switch (cond.kind) {
    case 'and': return evaluateCondition(cond.left, macros) && evaluateCondition(cond.right, macros);
    case 'or': return evaluateCondition(cond.left, macros) || evaluateCondition(cond.right, macros);
    case 'compare': {
      const l = expandMacros(cond.left.text, macros);
      const r = expandMacros(cond.right.text, macros);
      if (cond.left.quoted || cond.right.quoted) {
        if (cond.op === 'eq') return l === r;
        if (cond.op === 'ne') return l !== r;
        return false;
      }
      const c = compareUnquoted(l, r);
      return c === undefined ? false : applyOp(cond, c);
    }
  }
}

/** PROF-018: the first alternative whose condition is true or absent; undefined skips the rule (PROF-019). */
export function selectAlternative(rule: Rule, macros: MacroContext): { index: number; alternative: Alternative } | undefined {
  for (let index = 0; index < rule.alternatives.length; index++) {
    const alternative = rule.alternatives[index] as Alternative;
    if (alternative.condition === undefined || evaluateCondition(alternative.condition, macros)) return { index, alternative };
  }
  return undefined;
}

/** PROF-022: parameter values to set, macro-expanded, in order. */
export function evaluateAssignments(assignments: readonly Assignment[], macros: MacroContext): { parameter: string; value: string }[] {
  return assignments.map((a) => ({ parameter: a.parameter, value: expandMacros(a.value, macros) }));
}

export interface ExpandedOptions {
  /** ENC-004/ENC-007: the key, with $SA..$SD expanded (PROF-036). */
  readonly key?: string;
  /** HTTP-005: POST with this body (macro-expanded GPP_x); absent = GET. */
  readonly postBody?: string;
  readonly postParameter?: string;
  /** PROF-037: GPP parameter holding the alias map, and its expanded content. */
  readonly aliasParameter?: string;
  readonly aliasMap?: string;
  readonly uid?: string;
  readonly pwd?: string;
}

/** Expands the options of an alternative (PROF-039: options are macro-expanded). */
export function expandOptions(options: RuleOptions | undefined, macros: MacroContext): ExpandedOptions {
  if (!options) return {};
  const out: { -readonly [K in keyof ExpandedOptions]: ExpandedOptions[K] } = {};
  if (options.key) out.key = expandMacros(options.key.text, macros, { keyArgument: true });
  if (options.uid) out.uid = expandMacros(options.uid.text, macros);
  if (options.pwd) out.pwd = expandMacros(options.pwd.text, macros);
  if (options.post) {
    out.postParameter = gppParameter(options.post);
    out.postBody = expandMacros(macros.lookup(out.postParameter) ?? macros.lookup(options.post.toUpperCase()) ?? '', macros);
  }
  if (options.alias) {
    out.aliasParameter = gppParameter(options.alias);
    out.aliasMap = expandMacros(macros.lookup(out.aliasParameter) ?? macros.lookup(options.alias.toUpperCase()) ?? '', macros);
  }
  return out;
}

/**
 * A Resync_Trigger_* expression: a bare condition, without the `( )?` wrapper (PROF-020).
 * Blank triggers mean "no trigger" and are the caller's business: an empty text is an error here.
 */
export function parseCondition(text: string): Condition {
  const start = skipSpace(text, 0);
  if (text[start] === '(') {
    // Find the matching ')' and look for the rule-only '?' marker after it.
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') { const c = text.indexOf('"', i + 1); if (c < 0) break; i = c; continue; }
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        if (text[skipSpace(text, i + 1)] === '?') {
          throw ruleSyntaxError(text, start, "the '( )?' wrapper belongs to Profile_Rule/Upgrade_Rule; a Resync_Trigger is a bare expression", 'PROF-020');
        }
        break;
      }
    }
  }
  return parseConditionAt(text, 0, text.length, 'PROF-021');
}

function operandFindings(cond: Condition, out: RuleFinding[], alternative: number | undefined): void {
  const push = (code: string, message: string, requirementId: string) =>
    out.push({ code, message, requirementId, ...(alternative !== undefined ? { alternative } : {}) });
  if (cond.kind !== 'compare') {
    operandFindings(cond.left, out, alternative);
    operandFindings(cond.right, out, alternative);
    return;
  }
  const { left, right, op } = cond;
  if (left.quoted !== right.quoted) push('mixed-quoting', `one operand of '${op}' is quoted and the other is not: both compare as strings`, 'PROF-021');
  if ((left.quoted || right.quoted) && op !== 'eq' && op !== 'ne') push('string-ordering', `'${op}' does not apply to quoted strings: the comparison is always false`, 'X-PROF-023');
  for (const o of [left, right] as Operand[]) {
    if (mentionsKeyOnlyMacro(o.text)) push('key-macro-outside-key', `'${o.text}': $SA..$SD expand only in --key`, 'PROF-036');
  }
}

/** Lint of a trigger expression. */
export function conditionFindings(cond: Condition): RuleFinding[] {
  const out: RuleFinding[] = [];
  operandFindings(cond, out, undefined);
  return out;
}

/** Deviations that parse: missing conditions before the last alternative (PROF-018), quoting, $SA outside --key. */
export function ruleFindings(rule: Rule): RuleFinding[] {
  const out: RuleFinding[] = [];
  rule.alternatives.forEach((alt, i) => {
    if (alt.condition === undefined && i < rule.alternatives.length - 1) {
      out.push({ code: 'unconditioned-alternative-not-last', alternative: i, message: `alternative ${i + 1} has no condition but is not the last: the alternatives after it are never used`, requirementId: 'PROF-018' });
    }
    if (alt.condition) operandFindings(alt.condition, out, i);
    const texts = [alt.url?.host, alt.url?.path, alt.url?.port, ...(alt.assignments ?? []).map((a) => a.value), alt.options?.uid?.text, alt.options?.pwd?.text];
    for (const t of texts) {
      if (t !== undefined && mentionsKeyOnlyMacro(t)) {
        out.push({ code: 'key-macro-outside-key', alternative: i, message: `'${t}': $SA..$SD expand only as the --key argument and stay literal here`, requirementId: 'PROF-036' });
      }
    }
  });
  return out;
}
