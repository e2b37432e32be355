/**
 * Target names -> drivers (conventions.md "built-in target names"): `builtin`, `dnsmasq`, `kea`,
 * `isc-dhcp`, `tftpd-hpa`, `atftpd`, `nginx`; combinations `a+b` (e.g. a DHCP server and a file server,
 * the parts may not serve the same service); `container:<name>` (the same server from the locally built
 * image); or a target file (command, container or external target).
 *
 * Drivers come from lib/targets/drivers.ts (DRIVERS) and from registerDriver(); the command and
 * external kinds are registered here. Lookups read the lists lazily, so a driver module may import
 * this one and call registerDriver at load time without an import-order trap.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { configError, ProvcertError } from '../errors.js';
import { DRIVERS } from './drivers.js';
import { commandDriver } from './command.js';
import { externalDriver } from './external.js';
import { loadTargetFile, type LoadOptions } from './spec/load.js';
import { allocateLoopbackPorts } from './spec/ports.js';
import { DEFAULT_SERVER_IP } from './spec/build-spec.js';
import { referenceSpec } from './builtin/reference-deployment.js';
import { containerDriver, CONTAINER_SERVERS, type ContainerServer } from './container/index.js';
import type { Ports, RunningTarget, Service, TargetDriver, TargetEnv, TargetSpec } from './types.js';

/** The built-in names of conventions.md, listed even before their drivers land (then: "not available"). */
export const BUILTIN_NAMES = ['builtin', 'dnsmasq', 'kea', 'isc-dhcp', 'tftpd-hpa', 'atftpd', 'nginx'] as const;

// `var`: hoisted and initialised (undefined) before any import cycle can reach registerDriver.
// eslint-disable-next-line no-var
var registered: Map<string, TargetDriver> | undefined;

function table(): Map<string, TargetDriver> {
  registered ??= new Map();
  return registered;
}

/** Adds a driver; a second driver with the same name is a bug (PC_ERR_INTERNAL). */
export function registerDriver(driver: TargetDriver): void {
  if (table().has(driver.name) || DRIVERS.some((d) => d.name === driver.name) || driver.name === 'command' || driver.name === 'external') {
    throw new ProvcertError('PC_ERR_INTERNAL', `target driver '${driver.name}' registered twice`);
  }
  table().set(driver.name, driver);
}

/** Removes a driver added with registerDriver (tests). */
export function unregisterDriver(name: string): boolean {
  return table().delete(name);
}

/** Every known driver: DRIVERS, registered ones, then the file kinds (command, external). */
export function listDrivers(): TargetDriver[] {
  return [...DRIVERS, ...table().values(), commandDriver, externalDriver];
}

export function findDriver(name: string): TargetDriver | undefined {
  return listDrivers().find((d) => d.name === name);
}

/** Names a user may type (built-ins with a driver or listed in conventions, registered drivers). */
export function knownNames(): string[] {
  const names = new Set<string>(BUILTIN_NAMES);
  for (const d of listDrivers()) if (d.kind !== 'command' && d.kind !== 'external' && d.name !== 'container') names.add(d.name);
  return [...names];
}

export interface ResolveOptions extends LoadOptions {
  /** Loopback mode (no lab): free unprivileged ports are chosen unless `ports` is given. */
  loopback?: boolean;
}

export interface ResolvedTarget {
  spec: TargetSpec;
  /** One driver per part (two for `kea+nginx`); one for `container:kea+nginx` (one container). */
  drivers: TargetDriver[];
  warnings: string[];
  start(env: TargetEnv): Promise<RunningTarget>;
}

function looksLikeFile(name: string, cwd: string): boolean {
  return /\.(ya?ml|json)$/i.test(name) || name.includes('/') || existsSync(isAbsolute(name) ? name : resolve(cwd, name));
}

function unknownName(name: string): ProvcertError {
  return configError(`unknown target '${name}': known names are ${knownNames().join(', ')}, a combination like kea+nginx, container:<name>, or a target file (.yaml/.json)`);
}

/** One part of a name: `dnsmasq`, or `container:dnsmasq` (exact driver, else the generic `container` driver). */
function driverFor(part: string, whole: string): TargetDriver {
  const container = /^container:(.+)$/.exec(part);
  if (container) {
    const exact = findDriver(part);
    if (exact) return exact;
    const server = container[1] as string;
    if (!knownNames().includes(server) || server === 'builtin') throw configError(`unknown container target '${part}' in '${whole}': container:<name> takes one of ${knownNames().filter((n) => n !== 'builtin').join(', ')}`);
    const generic = findDriver('container');
    if (!generic) throw configError(`target '${part}': no container driver in this build`);
    // The generic driver runs any of the servers (it reads spec.name); a part serves what that server serves.
    const serves = findDriver(server)?.serves ?? generic.serves;
    const wrapped: TargetDriver = { name: part, kind: 'container', serves, start: (spec, env) => generic.start(spec, env) };
    if (generic.unavailable) wrapped.unavailable = () => generic.unavailable?.();
    return wrapped;
  }
  const d = findDriver(part);
  if (d && d.kind !== 'command' && d.kind !== 'external') return d;
  if ((BUILTIN_NAMES as readonly string[]).includes(part)) throw configError(`target '${part}' has no driver in this build yet`);
  throw unknownName(whole);
}

/** Servers in a combination must not overlap: two DHCP servers on one segment would race (conventions.md). */
function checkCombination(name: string, parts: readonly string[], drivers: readonly TargetDriver[]): void {
  const owner = new Map<Service, string>();
  drivers.forEach((d, i) => {
    for (const s of d.serves) {
      const prev = owner.get(s);
      if (prev !== undefined) throw configError(`target '${name}': ${prev} and ${parts[i]} both serve ${s}; combine servers that serve different things (e.g. kea+nginx)`);
      owner.set(s, parts[i] as string);
    }
  });
}

/**
 * `container:a+b[+c]` is ONE driver: one container with every part's daemon at one address (the DHCP
 * part's options name the files part's address, DHCP-001), not one container and podman network per
 * part. Process and container parts do not mix: the process part would be at the lab address, the
 * container at its podman network's, and the DHCP options of one would name the wrong address for the
 * other. Returns undefined when no part is a container.
 */
function containerCombination(name: string, parts: readonly string[], drivers: readonly TargetDriver[]): TargetDriver[] | undefined {
  const inContainer = drivers.map((d) => d.kind === 'container');
  if (!inContainer.some(Boolean)) return undefined;
  if (!inContainer.every(Boolean)) {
    const servers = parts.map((p) => p.replace(/^container:/, ''));
    throw configError(`target '${name}' mixes process and container servers (${parts.filter((_, i) => !inContainer[i]).join(', ')} / ${parts.filter((_, i) => inContainer[i]).join(', ')}): they would run at different addresses, and the DHCP options of one would name the wrong server; use 'container:${servers.join('+')}' (one container) or '${servers.join('+')}' (processes)`);
  }
  const servers = parts.map((p) => p.replace(/^container:/, ''));
  const notImage = servers.filter((s) => !(CONTAINER_SERVERS as readonly string[]).includes(s));
  if (notImage.length > 0) throw configError(`target '${name}': container:a+b runs servers of the one image together in one container; ${notImage.map((s) => `container:${s}`).join(', ')} is not one of ${CONTAINER_SERVERS.join(', ')}`);
  return [containerDriver(servers as ContainerServer[])];
}

/** Runs several parts as one target: merged ports and logs, the first crash, stop in reverse order. */
export function combineRunning(spec: TargetSpec, parts: readonly RunningTarget[]): RunningTarget {
  if (parts.length === 1) return parts[0] as RunningTarget;
  const ports: Ports = {};
  for (const p of parts) Object.assign(ports, p.ports);
  const act = parts.find((p) => p.act)?.act;
  const running: RunningTarget = {
    spec,
    serverIp: (parts[0] as RunningTarget).serverIp,
    ports,
    versions: Object.assign({}, ...parts.map((p) => p.versions)) as Record<string, string>,
    logs: parts.flatMap((p) => p.logs),
    exited: Promise.race(parts.map((p) => p.exited)),
    async stop() {
      for (const p of [...parts].reverse()) await p.stop();
    },
  };
  if (act) running.act = act;
  return running;
}

function startParts(spec: TargetSpec, drivers: readonly TargetDriver[], specs: readonly TargetSpec[]) {
  return async (env: TargetEnv): Promise<RunningTarget> => {
    const started: RunningTarget[] = [];
    try {
      // Each part sees the whole combination (env.combination): kea in kea+nginx must hand out an http:// profile URL.
      const partEnv: TargetEnv = drivers.length > 1 ? { ...env, combination: spec } : env;
      for (let i = 0; i < drivers.length; i++) started.push(await (drivers[i] as TargetDriver).start(specs[i] as TargetSpec, partEnv));
    } catch (e) {
      for (const p of started.reverse()) await p.stop().catch(() => undefined);
      throw e;
    }
    return combineRunning(spec, started);
  };
}

/**
 * Resolves a target name or file (relative to cwd). Unknown names are PC_ERR_CONFIG listing the known
 * ones; an invalid file is PC_ERR_CONFIG naming the key.
 */
export async function resolveTarget(nameOrFile: string, cwd: string, opts: ResolveOptions = {}): Promise<ResolvedTarget> {
  const name = nameOrFile.trim();
  if (name === '') throw configError('empty target name');
  const ports = opts.ports ?? (opts.loopback ? await allocateLoopbackPorts() : undefined);
  const serverIp = opts.serverIp ?? (opts.loopback ? '127.0.0.1' : undefined);
  const loadOpts: LoadOptions = { cwd, ...(opts.env ? { env: opts.env } : {}), ...(ports ? { ports } : {}), ...(serverIp ? { serverIp } : {}) };

  if (!/^container:/.test(name) && !name.includes('+') && looksLikeFile(name, cwd)) {
    const { spec, warnings } = loadTargetFile(isAbsolute(name) ? name : resolve(cwd, name), loadOpts);
    const driver = spec.kind === 'command' ? commandDriver : spec.kind === 'external' ? externalDriver : findDriver('container');
    if (!driver) throw configError(`target file ${name}: container targets need the container driver, which this build does not have`);
    return { spec, drivers: [driver], warnings, start: (env) => driver.start(spec, env) };
  }

  // `container:kea+nginx` means container:kea + container:nginx, run in one container (containerCombination).
  const prefix = name.startsWith('container:') && name.includes('+') ? 'container:' : '';
  const parts = (prefix ? name.slice(prefix.length) : name).split('+').map((p) => p.trim()).map((p) => (prefix && !p.startsWith(prefix) ? prefix + p : p));
  if (parts.some((p) => p === '')) throw configError(`target '${name}': empty part in a combination`);
  if (new Set(parts).size !== parts.length) throw configError(`target '${name}' names the same server twice`);
  const partDrivers = parts.map((p) => driverFor(p, name));
  checkCombination(name, parts, partDrivers);
  const drivers = parts.length > 1 ? containerCombination(name, parts, partDrivers) ?? partDrivers : partDrivers;
  const base = (part: string, driver: TargetDriver): TargetSpec => ({
    name: part, kind: driver.kind, serves: [...driver.serves], serverIp: serverIp ?? DEFAULT_SERVER_IP, phones: [],
    ...(ports ? { ports } : {}),
  });
  // One spec per driver: per part, or the whole name for the one driver of a container combination.
  const specs = drivers === partDrivers ? parts.map((p, i) => base(p, drivers[i] as TargetDriver)) : drivers.map((d) => base(name, d));
  let spec: TargetSpec = { ...base(name, drivers[0] as TargetDriver), serves: drivers.flatMap((d) => d.serves) };
  // `builtin` alone is the reference deployment (issue 6 part 7): it declares everything a
  // full-featured server has, so every applicable suite runs against it.
  if (name === 'builtin') specs[0] = spec = referenceSpec(spec);
  return { spec, drivers, warnings: [], start: startParts(spec, drivers, specs) };
}
