/** Runs the real openssl CLI for cross-checks; tests skip when it is missing. */
import { spawnSync } from 'node:child_process';
import type { Kdf } from '../../lib/crypto/index.js';

export const opensslMissing: string | false = (() => {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? false : 'openssl not installed';
})();

export function kdfArgs(kdf: Kdf): string[] {
  return kdf.kind === 'evp' ? ['-md', kdf.md] : ['-pbkdf2', '-iter', String(kdf.iter)];
}

/** `openssl enc -aes-256-cbc ...` with stdin/stdout; returns status, stdout bytes and stderr. */
export function opensslEnc(mode: '-e' | '-d', kdf: Kdf, pass: string, input: Uint8Array, extra: string[] = []) {
  const r = spawnSync('openssl', ['enc', mode, '-aes-256-cbc', ...kdfArgs(kdf), '-k', pass, ...extra], { input, maxBuffer: 1 << 26 });
  return { status: r.status, stdout: new Uint8Array(r.stdout ?? Buffer.alloc(0)), stderr: String(r.stderr ?? '') };
}
