/**
 * The reference pipeline: what provcert itself does with a downloaded profile body, in the
 * phone's order (ENC-003: decrypt first, then inflate, then parse). Used as the oracle for
 * accepts-invalid / rejects-valid and, without --cmd/--module/--url, as the target.
 */
import { isProvcertError } from '../errors.js';
import { decryptAuto } from '../crypto/auto.js';
import { detectWrapper } from '../crypto/detect.js';
import { inflateProfileBody } from '../profile/body.js';
import { parseProfile } from '../profile/parse.js';
import { lookupParameter } from '../profile/parameters.js';
import { parseRule } from '../profile-rule/rule.js';
import { parseCondition } from '../profile-rule/evaluate.js';
import { DEFAULT_PROFILE_LIMITS } from '../profile/types.js';
import type { ReferenceVerdict } from './types.js';

/**
 * Key material the wrapper generators encrypt with and the reference decrypts with. Fixed and
 * public: these are test keys. The digest is fixed to SHA-256 so that one KDF is tried per body
 * (the full X-ENC-002 order would spend ~10 ms in PBKDF2 on every broken body).
 */
export const FUZZ_KEYS = Object.freeze({
  passphrase: 'provcert-fuzz',
  md: 'sha256' as const,
  /** 16 octets ('provcert-fuzz-ik'), base64url (ENC-009 IKM_HTTP_Encrypt_Content form). */
  ikm: 'cHJvdmNlcnQtZnV6ei1paw',
});

export interface PipelineResult extends ReferenceVerdict {
  /** Parameters read (0 when the body never reached the parser). */
  readonly params: number;
}

/**
 * Runs decrypt, inflate, parseProfile and, for rule/trigger parameters, the rule grammar.
 * Returns valid/invalid with the first reason. Throws only what the code under test throws
 * when it is NOT a ProvcertError: that is the untyped-error finding.
 */
export function runProfilePipeline(bytes: Uint8Array): PipelineResult {
  let body = bytes;
  try {
    const wrapper = detectWrapper(body);
    if (wrapper === 'openssl-salted' || wrapper === 'aes128gcm') {
      body = decryptAuto(body, { key: FUZZ_KEYS.passphrase, md: FUZZ_KEYS.md, ikm: FUZZ_KEYS.ikm }).plain;
    }
    if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) body = inflateProfileBody(body, DEFAULT_PROFILE_LIMITS.maxBytes);
  } catch (e) {
    if (isProvcertError(e)) return { valid: false, reason: e.code, params: 0 };
    throw e;
  }
  const parsed = parseProfile(body);
  if (!parsed.ok || !parsed.profile) {
    const first = parsed.findings.find((f) => f.severity === 'error');
    return { valid: false, reason: first?.code ?? 'invalid', params: parsed.profile?.params.length ?? 0 };
  }
  // PROF-017 / PROF-020: rule and trigger values go through the rule grammar too. A syntax error
  // there is a finding of the linter, not a reason to refuse the profile, so it is not a verdict.
  for (const p of parsed.profile.params) {
    const def = lookupParameter(p.name);
    if (!def || p.value === '') continue;
    try {
      if (def.type.kind === 'rule') parseRule(p.value, /upgrade/i.test(p.name) ? 'upgrade' : 'profile');
      else if (def.type.kind === 'trigger') parseCondition(p.value);
    } catch (e) {
      if (!isProvcertError(e)) throw e;
    }
  }
  return { valid: true, reason: 'ok', params: parsed.profile.params.length };
}

/** The reference verdict; never throws (an untyped error inside is reported as its reason). */
export function referenceVerdict(bytes: Uint8Array): ReferenceVerdict {
  try {
    const r = runProfilePipeline(bytes);
    return { valid: r.valid, reason: r.reason };
  } catch (e) {
    return { valid: false, reason: `internal-error:${e instanceof Error ? e.name : typeof e}` };
  }
}
