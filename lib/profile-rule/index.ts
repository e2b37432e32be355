/**
 * Profile rules, upgrade rules, trigger expressions and macro expansion (pure: no node:*).
 * Grammar and decisions: docs/profile-rules.md.
 */
export type {
  Alternative, Assignment, CompareOp, Condition, MacroContext, OptionName, OptionText, Operand,
  ResolvedUrl, Rule, RuleFinding, RuleKind, RuleOptions, RuleUrl, Scheme,
} from './types.js';
export { parseRule, printRule, printAlternative, printOptions } from './rule.js';
export { printCondition } from './condition.js';
export {
  evaluateCondition, selectAlternative, evaluateAssignments, expandOptions, parseCondition,
  conditionFindings, ruleFindings, type ExpandedOptions,
} from './evaluate.js';
export {
  MACROS, MAX_LINES, expandMacros, mentionsKeyOnlyMacro, macroContextFrom, macroTableMarkdown, isMacroName, macroDef, gppParameter,
  type MacroDef, type MacroScope, type ExpandOptions,
} from './macros.js';
export { resolveUrl, expandUrl, printUrl, DEFAULT_PORTS, type ResolveContext, type ResolveResult } from './url.js';
export { parseVersion, compareVersions, compareUnquoted, type Version, type VersionField } from './version.js';
