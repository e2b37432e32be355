/**
 * What the CI run of a `container:` target needs beyond the process targets' runs (issue 6 part 5):
 * the server image, built by scripts/build-image.sh on first use (a fresh clone has none: ~2 min with
 * mmdebstrap), and the proof that a run leaves nothing behind — no container, podman network, netns,
 * veth or address of its lab — whether it ends normally or is interrupted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerDriver, CONTAINER_SERVERS, imageExists, type ContainerServer } from '../../../lib/targets/container/index.js';
import { ROOT } from './e2e.js';

/** Bound on a first image build (measured 1 min 58 s cold, 30 s with a warm apt cache). */
export const IMAGE_BUILD_TIMEOUT_MS = 12 * 60_000;

const CONF = { ...process.env, CONTAINERS_CONF: join(ROOT, 'config', 'containers.conf') };

/** The servers of a `container:a+b` name, or [] when it is not a container target. */
export function containerServers(target: string): ContainerServer[] {
  if (!target.startsWith('container:')) return [];
  return target.slice('container:'.length).split('+').map((p) => p.replace(/^container:/, '')) as ContainerServer[];
}

/**
 * Why a container target cannot run here. `provcert targets --json` lists no `container:` rows, so the
 * drivers' own check (root, podman/runc/ip, image or mmdebstrap) is asked directly.
 */
export function containerUnavailable(target: string): string | undefined {
  for (const s of containerServers(target)) {
    if (!CONTAINER_SERVERS.includes(s)) return `no container server '${s}'`;
    const why = containerDriver(s).unavailable?.();
    if (why !== undefined) return `container:${s}: ${why}`;
  }
  return undefined;
}

export function serverImageExists(): boolean {
  try { return imageExists(); } catch { return false; }
}

/** Runs scripts/build-image.sh (a no-op when the image's tag exists), asynchronously so tap's timers run. */
export function buildServerImage(timeoutMs = IMAGE_BUILD_TIMEOUT_MS): Promise<{ code: number | null; ms: number; ref: string; stderrTail: string }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn('sh', [join(ROOT, 'scripts', 'build-image.sh')], { cwd: ROOT, env: CONF, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-4000); });
    const timer = setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGTERM'); } catch { /* gone */ } }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, ms: Date.now() - started, ref: stdout.trim().split('\n').pop() ?? '', stderrTail: stderr.split('\n').slice(-8).join('\n') });
    });
  });
}

/** The lab id of a lab run, from the worker configuration it wrote into its output folder. */
export function labIdOf(out: string): string | undefined {
  const cfg = join(out, 'lab-worker.json');
  if (!existsSync(cfg)) return undefined;
  const ns = (JSON.parse(readFileSync(cfg, 'utf8')) as { serverNetns?: string }).serverNetns ?? '';
  return /^pc([0-9a-f]{6})-/.exec(ns)?.[1];
}

const lines = (cmd: string, args: readonly string[]): string[] => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: CONF, timeout: 60_000 });
  return (r.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
};

/** Everything of lab `id` still present on the host: should be all empty after a run. */
export function labResidue(id: string): Record<'containers' | 'networks' | 'netns' | 'links', string[]> {
  return {
    containers: lines('podman', ['ps', '-a', '--filter', `label=org.provcert.lab=${id}`, '--format', '{{.ID}} {{.Status}}']),
    networks: lines('podman', ['network', 'ls', '--format', '{{.Name}}']).filter((n) => n.startsWith(`pc${id}-`)),
    netns: lines('ip', ['netns', 'list']).filter((n) => n.startsWith(`pc${id}-`)),
    // The veth host end pc<id>c0 lives in the host namespace; the lab's own links die with its namespaces.
    links: lines('ip', ['-o', 'link', 'show']).filter((l) => l.includes(`pc${id}`)),
  };
}
