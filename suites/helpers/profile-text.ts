/**
 * A fetched profile body as the phone reads it (ENC-004, ENC-003 order): decrypted with the key or
 * IKM the target declares when it is encrypted, then inflated. Tests that look for a phone's marker
 * use it, so that a target serving encrypted profiles (the phone holds the [--key]) is judged on
 * what the phone gets, not on ciphertext. A body that does not open is returned as it came.
 */
import { decryptAuto, detectWrapper } from '../../lib/crypto/index.js';
import { openProfileBody } from '../../lib/profile/body.js';
import type { TestContext } from '../../lib/runner/types.js';

export function profileBytes(ctx: TestContext, body: Uint8Array): Uint8Array {
  const spec = ctx.target.spec;
  try {
    const w = detectWrapper(body);
    const plain = w === 'openssl-salted' || w === 'aes128gcm'
      ? decryptAuto(body, { ...(spec.key !== undefined ? { key: spec.key } : {}), ...(spec.ikm !== undefined ? { ikm: spec.ikm } : {}) }).plain
      : body;
    return openProfileBody(plain).bytes;
  } catch {
    return body;
  }
}

export function profileText(ctx: TestContext, body: Uint8Array): string {
  return Buffer.from(profileBytes(ctx, body)).toString('latin1');
}
