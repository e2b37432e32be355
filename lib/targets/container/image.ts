/**
 * The one local image of the container targets, built by scripts/build-image.sh (mmdebstrap rootfs ->
 * podman import) only when its tag (a hash of the package list) is missing. Nothing is pulled.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hasCommand } from '../../lab/sys.js';
import { ProvcertError } from '../../errors.js';
import { podmanEnv, projectRoot } from './podman-env.js';

function script(): string {
  return join(projectRoot(), 'scripts', 'build-image.sh');
}

/** localhost/provcert-servers:<tag> as the build script computes it (no build). */
export function imageRef(): string {
  const r = spawnSync('sh', [script(), '--print-ref'], { encoding: 'utf8', env: podmanEnv() });
  if (r.status !== 0) throw new ProvcertError('PC_ERR_TARGET', `cannot compute the image reference: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export function imageExists(ref = imageRef()): boolean {
  return spawnSync('podman', ['image', 'exists', ref], { env: podmanEnv() }).status === 0;
}

/** Why the image cannot be had here (missing and no mmdebstrap), or undefined. */
export function imageUnavailable(): string | undefined {
  if (imageExists()) return undefined;
  return hasCommand('mmdebstrap') ? undefined : `image ${imageRef()} is missing and mmdebstrap is not installed`;
}

/** Builds the image when its tag is missing (first build ~1 min); returns its reference. */
export function ensureImage(timeoutMs = 10 * 60_000): string {
  const r = spawnSync('sh', [script()], { encoding: 'utf8', env: podmanEnv(), timeout: timeoutMs });
  if (r.status !== 0) throw new ProvcertError('PC_ERR_TARGET', `scripts/build-image.sh failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-5).join(' / ')}`);
  return r.stdout.trim().split('\n').pop() ?? '';
}
