/**
 * A provisioned phone's profile as the phone would read it (PROF-028/029, ENC-003 order): fetched
 * at the path its rule expands to, decrypted with the target's declared key or IKM, inflated, and
 * parsed. A profile that cannot be fetched fails PROF-028 (its path is the macro expansion).
 */
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import { decryptAuto } from '../../lib/crypto/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { parseProfile, type ProfileParseResult } from '../../lib/profile/index.js';
import { openProfileBody } from '../../lib/profile/body.js';
import { fail } from '../../lib/runner/judgement.js';
import type { RunPhone, TestContext } from '../../lib/runner/types.js';
import { fetchServed } from './served.js';

export interface OpenedProfile {
  readonly phone: RunPhone;
  /** Plaintext XML bytes. */
  readonly bytes: Uint8Array;
  readonly parsed: ProfileParseResult;
}

/** Decrypts (declared key/IKM) and inflates a served profile body; undefined when it cannot be opened. */
export function plainProfile(ctx: TestContext, body: Uint8Array, headers: readonly (readonly [string, string])[]): Uint8Array | undefined {
  const spec = ctx.target.spec;
  try {
    const gcm = rawHeader(headers, 'content-encoding')?.includes('aes128gcm') === true;
    const opened = gcm || spec.key !== undefined ? decryptAuto(body, { ...(spec.key !== undefined ? { key: spec.key } : {}), ...(spec.ikm !== undefined ? { ikm: spec.ikm } : {}) }).plain : body;
    return openProfileBody(opened).bytes;
  } catch {
    return undefined;
  }
}

export async function openProfile(ctx: TestContext, phone: RunPhone, requirement = 'PROF-028'): Promise<OpenedProfile> {
  const spec = ctx.target.spec;
  const got = await fetchServed(ctx, phone.profilePath, phone, { acceptAes128gcm: spec.ikm !== undefined });
  if (!got.ok) fail({ requirementId: requirement, expected: `/${phone.profilePath} (the rule's path, macros expanded for ${phone.mac}) is served`, observed: got.observed, message: `the profile of ${phone.mac} is not at /${phone.profilePath}`, ...(got.packet ? { packet: got.packet } : {}) });
  let body = got.body;
  try {
    const gcm = rawHeader(got.headers, 'content-encoding')?.includes('aes128gcm') === true;
    if (gcm || spec.key !== undefined) body = decryptAuto(body, { ...(spec.key !== undefined ? { key: spec.key } : {}), ...(spec.ikm !== undefined ? { ikm: spec.ikm } : {}) }).plain;
    body = openProfileBody(body).bytes;
  } catch (e) {
    fail({ requirementId: requirement, expected: 'a profile readable with the declared key/IKM', observed: isProvcertError(e) ? e.message : String(e), message: `the profile of ${phone.mac} could not be opened (the encryption suite judges why)` });
  }
  return { phone, bytes: body, parsed: parseProfile(body) };
}
