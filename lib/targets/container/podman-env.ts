/**
 * The podman side of container targets: the project's containers.conf (via CONTAINERS_CONF, never
 * /etc), the podman API socket that testcontainers talks to (started here when not running, stopped
 * again by whoever started it), and the environment testcontainers needs (platform-facts.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, isRoot } from '../../lab/sys.js';
import { ProvcertError } from '../../errors.js';

export const PODMAN_SOCKET = '/run/podman/podman.sock';

/** The checkout (or installed package) root: the folder with package.json above this module. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts'))) return dir;
    dir = dirname(dir);
  }
  throw new ProvcertError('PC_ERR_INTERNAL', 'cannot find the provcert root (package.json and scripts/)');
}

export function containersConf(): string {
  return process.env['PROVCERT_CONTAINERS_CONF'] ?? join(projectRoot(), 'config', 'containers.conf');
}

/** Environment for podman commands: our containers.conf. */
export function podmanEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: containersConf() };
}

export function podman(args: readonly string[], opts: { allowFail?: boolean; timeoutMs?: number } = {}): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', env: podmanEnv(), timeout: opts.timeoutMs ?? 60_000 });
  if (r.error || r.status !== 0) {
    if (opts.allowFail) return '';
    throw new ProvcertError('PC_ERR_TARGET', `podman ${args.join(' ')}: ${(r.error?.message ?? r.stderr ?? '').trim()}`);
  }
  return r.stdout;
}

export function containerUnavailable(): string | undefined {
  if (!isRoot()) return 'container targets need root (podman root networking on the lab segment)';
  for (const b of ['podman', 'runc', 'ip']) if (!hasCommand(b)) return `not installed: ${b}`;
  return undefined;
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(path)) return resolve(false);
    const s = createConnection(path);
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    setTimeout(() => done(false), 1000).unref();
  });
}

let service: { child: ChildProcess; users: number } | undefined;
let external = 0;

/**
 * Makes sure the podman API socket answers and points testcontainers at it. Returns a release
 * function: the service is stopped when the last user that needed it to be started releases it.
 */
export async function acquirePodmanService(): Promise<() => Promise<void>> {
  process.env['DOCKER_HOST'] = `unix://${PODMAN_SOCKET}`;
  process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true'; // the reaper image cannot be pulled: we clean up ourselves
  process.env['TESTCONTAINERS_HOST_OVERRIDE'] = '127.0.0.1'; // /.dockerenv would make it use the bridge gateway
  process.env['CONTAINERS_CONF'] = containersConf(); // the API service reads it too
  if (service) {
    service.users++;
    return release;
  }
  if (await socketAnswers(PODMAN_SOCKET)) {
    external++;
    return async () => { external--; };
  }
  mkdirSync(dirname(PODMAN_SOCKET), { recursive: true });
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${PODMAN_SOCKET}`], { env: podmanEnv(), stdio: 'ignore', detached: true });
  service = { child, users: 1 };
  process.on('exit', killServiceSync);
  for (let i = 0; i < 100; i++) {
    if (await socketAnswers(PODMAN_SOCKET)) return release;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  killServiceSync();
  throw new ProvcertError('PC_ERR_TARGET', `podman system service did not answer on ${PODMAN_SOCKET}`);
}

async function release(): Promise<void> {
  if (!service) return;
  service.users--;
  if (service.users > 0) return;
  const { child } = service;
  service = undefined;
  if (child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    try { process.kill(-(child.pid ?? 0), 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ }
  }
}

function killServiceSync(): void {
  const pid = service?.child.pid;
  service = undefined;
  if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}

/** Whether this process started the podman service (for tests). */
export function podmanServiceStartedHere(): boolean {
  return service !== undefined;
}
