/**
 * Evaluation glue between the phone and lib/profile-rule: parse the rule parameter, pick the
 * alternative (PROF-018/019), apply its assignments (PROF-022), expand and resolve the URL
 * (PROF-024, TFTP-001/002, HTTP-001, DHCP-005), and work out --key / --post / --uid/--pwd.
 */
import { isProvcertError } from '../errors.js';
import { evaluateAssignments, expandOptions, parseRule, resolveUrl, selectAlternative, type RuleKind, type RuleOptions, type RuleUrl } from '../profile-rule/index.js';
import type { StepCtx } from './ctx.js';
import { macroContext } from './macros.js';

export type RuleEvaluation =
  | { readonly kind: 'skip'; readonly why: string }
  | { readonly kind: 'error'; readonly message: string; readonly requirementId: string }
  | { readonly kind: 'gds' }
  | {
      readonly kind: 'url';
      readonly scheme: 'tftp' | 'http' | 'https';
      readonly host: string;
      readonly port: number;
      readonly path: string;
      readonly text: string;
      readonly method: 'GET' | 'POST';
      readonly body?: string;
      readonly key?: string;
      readonly credentials?: { readonly user: string; readonly password: string };
    };

/**
 * Evaluates one rule text. Assignments of the selected alternative are applied to the config
 * store right away, before the fetch (PROF-022), so they stick even if the fetch fails.
 */
export function evaluateRule(ctx: StepCtx, text: string, kind: RuleKind): RuleEvaluation {
  if (text.trim() === '') return { kind: 'skip', why: 'empty rule' };
  let rule;
  try {
    rule = parseRule(text, kind);
  } catch (e) {
    // X-PROF-040: an unparsable rule is an internal error of the resync (outcome C).
    if (isProvcertError(e)) return { kind: 'error', message: `rule syntax: ${e.message}`, requirementId: e.requirementId ?? 'PROF-017' };
    throw e;
  }
  const picked = selectAlternative(rule, macroContext(ctx.s));
  if (!picked) return { kind: 'skip', why: 'no alternative matches' };
  const alt = picked.alternative;
  if (alt.assignments && alt.assignments.length > 0) {
    const changes: Record<string, string> = {};
    for (const a of evaluateAssignments(alt.assignments, macroContext(ctx.s))) changes[a.parameter] = a.value;
    ctx.setConfig(changes);
    ctx.emit({ type: 'apply-profile', source: `${kindName(kind)} assignment`, changes, reqs: ctx.fire('rule.assignment.apply') });
  }
  if (!alt.url) return { kind: 'skip', why: 'alternative has no URL' };
  return resolveAlternativeUrl(ctx, alt.url, alt.options);
}

function kindName(kind: RuleKind): string {
  return kind === 'upgrade' ? 'Upgrade_Rule' : 'Profile_Rule';
}

function resolveAlternativeUrl(ctx: StepCtx, url: RuleUrl, options: RuleOptions | undefined): RuleEvaluation {
  const mc = macroContext(ctx.s);
  const tftpServer = ctx.s.dhcp.learned?.tftpServer;
  // PROF-024: macros first, then the URL defaults (TFTP-001/002, HTTP-001, DHCP-005).
  const r = resolveUrl(url, { macros: mc, ...(tftpServer !== undefined ? { tftpServer } : {}) });
  if ('error' in r) return { kind: 'error', message: r.error, requirementId: r.requirementId };
  if (r.scheme === 'gds') return { kind: 'gds' };
  const o = expandOptions(options, mc); // PROF-039, ENC-004/007, HTTP-005
  return {
    kind: 'url', scheme: r.scheme, host: r.host, port: r.port, path: r.path, text: r.text,
    method: o.postBody !== undefined ? 'POST' : 'GET',
    ...(o.postBody !== undefined ? { body: o.postBody } : {}),
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.uid !== undefined && o.pwd !== undefined ? { credentials: { user: o.uid, password: o.pwd } } : {}),
  };
}

/** Resync_Trigger_1/2 (RESYNC-012): bare conditions, macro-expanded; true if any set one is true. */
export { evaluateTriggers } from './triggers.js';
