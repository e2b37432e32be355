/**
 * Profile-rule arbitraries for the tests. The product owns them (lib/fuzz/gen/rule.ts: `provcert fuzz`
 * generates rules at run time); the tests use the very same generators.
 */
export {
  quotedTextArb,
  versionTextArb,
  bareOperandTextArb,
  operandArb,
  compareArb,
  conditionArb,
  assignmentArb,
  optionsArb,
  urlArb,
  alternativeArb,
  ruleArb,
  anyRuleArb,
} from '../../../lib/fuzz/gen/rule.js';
