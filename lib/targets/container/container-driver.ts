/**
 * `container:<name>` targets: the same servers as the process targets, run from the locally built image
 * through testcontainers on the podman socket, on a podman network wired into the lab segment
 * (docs/lab.md). Ryuk is off (its image cannot be pulled), so every container, network, veth, iptables
 * rule and sysctl we cause is undone in stop(), and synchronously on exit, SIGINT and SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import type { RunningTarget, TargetDriver, TargetEnv, TargetSpec } from '../types.js';
import { ProvcertError } from '../../errors.js';
import { provisioningOptions, type ConfigInput } from '../process/provisioning-options.js';
import { combinationServes } from '../process/server-host.js';
import { sameHostIn } from '../../lab/services/config.js';
import { acquirePodmanService, containerUnavailable, podman, podmanEnv } from './podman-env.js';
import { ensureImage, imageUnavailable } from './image.js';
import { createLabNetwork, type LabNetwork } from './lab-network.js';
import { reapOrphans } from './orphans.js';
import { CONTAINER_CONTENT, CONTAINER_IFACE, CONTAINER_OUT, CONTAINER_SERVERS, CONTAINER_SERVES, prepareRecipe, type ContainerServer } from './server-recipes.js';
import { daemonFiles, SUPERVISOR_LOG, SUPERVISOR_SCRIPT, supervisorScript } from './supervisor.js';

/**
 * A GenericContainer with a fixed address on its network (Docker API NetworkingConfig, which podman
 * honours). testcontainers is imported only when a container target starts: it is heavy, and it reads
 * DOCKER_HOST, which acquirePodmanService() sets first.
 */
async function labContainer(image: string, network: string, ipv4: string): Promise<GenericContainer> {
  const { GenericContainer: Base } = await import('testcontainers');
  class LabContainer extends Base {
    withStaticIp(): this {
      this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: ipv4 } } } };
      return this;
    }
  }
  return new LabContainer(image).withNetworkMode(network).withStaticIp();
}

interface Live {
  containerId?: string;
  network?: LabNetwork;
}
const live = new Set<Live>();
let handlers = false;

function cleanupSync(l: Live): void {
  l.network?.unwire();
  if (l.containerId) spawnSync('podman', ['rm', '-f', '-t', '0', l.containerId], { env: podmanEnv(), timeout: 30_000 });
  l.containerId = undefined;
  l.network?.remove();
  l.network = undefined;
  live.delete(l);
}

function installHandlers(): void {
  if (handlers) return;
  handlers = true;
  process.on('exit', () => { for (const l of [...live]) cleanupSync(l); });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      for (const l of [...live]) cleanupSync(l);
      // Other handlers (the lab's) exit themselves; alone, we end the process as the signal would.
      if (process.listenerCount(sig) <= 1) process.exit(code);
    });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitListening(c: StartedTestContainer, listens: ReadonlyArray<{ proto: string; port: number }>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const results = await Promise.all(listens.map(async (l) => {
      const r = await c.exec(['ss', '-H', '-ln', l.proto === 'udp' ? '-u' : '-t']);
      return r.output.split('\n').some((line) => new RegExp(`[:.*]${l.port}\\s`).test(`${line} `));
    }));
    if (results.every(Boolean)) return true;
    await sleep(50);
  }
  return false;
}

/**
 * `container:<name>` and `container:a+b[+c]`: ONE container from the one image with every part's daemon,
 * at one address on one podman network, as a process combination shares the server namespace and its
 * address. A single server is a combination of one (same path, same files as before).
 */
export function containerDriver(servers: ContainerServer | readonly ContainerServer[]): TargetDriver {
  const list: readonly ContainerServer[] = typeof servers === 'string' ? [servers] : servers;
  if (list.length === 0 || new Set(list).size !== list.length) throw new ProvcertError('PC_ERR_INTERNAL', `container driver for [${list.join(', ')}]: servers must be distinct and at least one`);
  return {
    name: `container:${list.join('+')}`,
    kind: 'container',
    serves: [...new Set(list.flatMap((s) => CONTAINER_SERVES[s]))],
    unavailable: () => containerUnavailable() ?? imageUnavailable(),
    start: (spec, env) => startContainer(list, spec, env),
  };
}

/** One part's spec: the whole target, serving only what this server serves (dnsmasq in container:dnsmasq+nginx: no HTTP). */
function partSpec(spec: TargetSpec, server: ContainerServer): TargetSpec {
  return { ...spec, serves: spec.serves.filter((s) => CONTAINER_SERVES[server].includes(s)) };
}

async function startContainer(servers: readonly ContainerServer[], spec: TargetSpec, env: TargetEnv): Promise<RunningTarget> {
  const label = `container:${servers.join('+')}`;
  if (!env.lab) throw new ProvcertError('PC_ERR_TARGET', `${label} runs only in the lab (root)`);
  const lab = env.lab;
  const releaseService = await acquirePodmanService();
  reapOrphans(); // containers/networks of a run that was SIGKILLed: our handlers never ran there
  const image = ensureImage();
  installHandlers();
  const l: Live = {};
  live.add(l);
  try {
    l.network = createLabNetwork(lab, servers.join('').replace(/[^a-z0-9]/g, '').slice(0, 8));
    const serverIp = l.network.addr(1);
    const hostDir = join(env.outDir, `container-${servers.join('+')}`);
    mkdirSync(hostDir, { recursive: true });
    chmodSync(hostDir, 0o755);
    // The options are computed once for the whole combination at the one shared address: kea in
    // container:kea+nginx hands out http://<this address>/ (combinationServes, DHCP-001).
    const input: ConfigInput = { spec, options: provisioningOptions({ ...spec, serves: combinationServes(spec, env) }, serverIp, env.dnsServer ? sameHostIn(env.dnsServer, serverIp) : serverIp), iface: CONTAINER_IFACE, outDir: CONTAINER_OUT, contentDir: CONTAINER_CONTENT };
    const recipes = servers.map((server) => ({ server, recipe: prepareRecipe(server, partSpec(spec, server), { ...input, spec: partSpec(spec, server) }, hostDir) }));
    writeFileSync(join(hostDir, SUPERVISOR_SCRIPT), supervisorScript(recipes.map((r) => ({ name: r.server, recipe: r.recipe })), CONTAINER_OUT), { mode: 0o644 });
    const logs = [...servers.map((s) => join(hostDir, daemonFiles(s).log)), join(hostDir, SUPERVISOR_LOG)];
    const listens = recipes.flatMap((r) => r.recipe.listens);
    const container = await (await labContainer(image, l.network.name, serverIp))
      .withAddedCapabilities('NET_ADMIN', 'NET_RAW')
      .withBindMounts([{ source: hostDir, target: CONTAINER_OUT, mode: 'rw' }, { source: env.content.dir, target: CONTAINER_CONTENT, mode: 'ro' }])
      .withLabels({ 'org.provcert.lab': lab.id })
      // PID 1 is the supervisor: each daemon with its own log; the container ends when any daemon does (crash detection).
      .withCommand(['sh', `${CONTAINER_OUT}/${SUPERVISOR_SCRIPT}`])
      .withStartupTimeout(30_000)
      .start();
    l.containerId = container.getId();
    l.network.wire();
    const waiter = spawn('podman', ['wait', container.getId()], { env: podmanEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    let stopping = false;
    const exited = new Promise<string>((resolve) => {
      let out = '';
      waiter.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
      waiter.on('exit', () => resolve(stopping ? `${label} stopped` : `${label} exited on its own (${out.trim() || '?'}): ${endedDaemons(hostDir)}; see ${logs.join(', ')}`));
    });
    if (!(await waitListening(container, listens, 8000))) {
      throw new ProvcertError('PC_ERR_TARGET', `${label} did not listen on ${listens.map((x) => `${x.proto}/${x.port}`).join(', ')} (${endedDaemons(hostDir)}); see ${logs.join(', ')}`);
    }
    const versions: Record<string, string> = {};
    for (const { server, recipe } of recipes) {
      const v = await container.exec(recipe.version.argv);
      versions[server] = recipe.version.re.exec(v.output.trim())?.[1] ?? v.output.trim().split('\n')[0] ?? 'unknown';
    }
    versions['image'] = image;
    let stopped: Promise<void> | undefined;
    return {
      spec,
      serverIp,
      ports: Object.assign({}, ...recipes.map((r) => r.recipe.ports)) as RunningTarget['ports'],
      versions,
      logs,
      exited,
      stop() {
        stopping = true;
        stopped ??= (async () => {
          l.network?.unwire();
          try { await container.stop({ timeout: 2000 }); } catch { /* already gone: rm -f below */ }
          waiter.kill();
          cleanupSync(l);
          await releaseService();
        })();
        return stopped;
      },
    };
  } catch (e) {
    cleanupSync(l);
    await releaseService();
    if (e instanceof ProvcertError) throw e;
    throw new ProvcertError('PC_ERR_TARGET', `${label} could not start: ${(e as Error).message}`);
  }
}

/** What the supervisor recorded: which daemons ended, with their status. */
function endedDaemons(hostDir: string): string {
  try {
    const lines = readFileSync(join(hostDir, SUPERVISOR_LOG), 'utf8').trim().split('\n').filter(Boolean);
    return lines.length > 0 ? lines.join('; ') : 'no daemon ended';
  } catch {
    return 'no daemon ended';
  }
}

export const CONTAINER_DRIVERS: readonly TargetDriver[] = CONTAINER_SERVERS.map((s) => containerDriver(s));

/** podman ps -a / network ls restricted to one lab (for tests and leftover checks). */
export function labLeftovers(labId: string): { containers: string[]; networks: string[] } {
  const containers = podman(['ps', '-a', '--filter', `label=org.provcert.lab=${labId}`, '--format', '{{.ID}}'], { allowFail: true }).split('\n').filter(Boolean);
  const networks = podman(['network', 'ls', '--format', '{{.Name}}'], { allowFail: true }).split('\n').filter((n) => n.startsWith(`pc${labId}-`));
  return { containers, networks };
}
