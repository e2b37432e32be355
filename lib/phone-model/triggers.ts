/**
 * Resync_Trigger_1/2 (RESYNC-012, PROF-020): bare conditions without the `(...)?` wrapper,
 * evaluated against the macro context when the periodic interval expires.
 */
import { isProvcertError } from '../errors.js';
import { evaluateCondition, parseCondition } from '../profile-rule/index.js';
import { macroContext } from './macros.js';
import { param } from './params.js';
import type { PhoneState } from './state.js';

/** 'none' when no trigger is set; otherwise whether at least one evaluates true. */
export function evaluateTriggers(s: PhoneState): 'none' | 'true' | 'false' {
  const texts = ['Resync_Trigger_1', 'Resync_Trigger_2'].map((n) => param(s.config, n).trim()).filter((t) => t !== '');
  if (texts.length === 0) return 'none';
  const mc = macroContext(s);
  for (const t of texts) {
    try {
      if (evaluateCondition(parseCondition(t), mc)) return 'true';
    } catch (e) {
      // A malformed trigger never fires (it cannot evaluate true).
      if (!isProvcertError(e)) throw e;
    }
  }
  return 'false';
}
