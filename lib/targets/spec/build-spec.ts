/**
 * From a schema-valid target document to a TargetSpec: the checks JSON Schema cannot say clearly
 * (one way to reach the server, key xor ikm, cert with key, customer IDs of listed phones, files that
 * exist), defaults, lower-cased MACs and digests, and paths made absolute against the file's folder.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { parseIkm } from '../../crypto/base64url.js';
import { isProvcertError } from '../../errors.js';
import type { PhoneSpec, Ports, Service, TargetSpec } from '../types.js';

export const DEFAULT_SERVER_IP = '10.77.0.1';
export const DEFAULT_MODEL = 'CP-8841-3PCC';
export const DEFAULT_SWVER = 'sip88xx.11-3-1MPP0001-123';

type Doc = Record<string, unknown>;

interface Ctx {
  file: string;
  shown: string;
  dir: string;
  errors: string[];
}

function err(ctx: Ctx, path: string, message: string): void {
  ctx.errors.push(`${ctx.shown}: ${path}: ${message}`);
}

/** Resolves a path against the file's folder and checks it exists (file or folder as asked). */
function filePath(ctx: Ctx, path: string, value: string, want: 'file' | 'dir'): string {
  const abs = isAbsolute(value) ? value : resolve(ctx.dir, value);
  if (!existsSync(abs)) err(ctx, path, `${want === 'dir' ? 'folder' : 'file'} not found: ${abs}`);
  else if (want === 'dir' ? !statSync(abs).isDirectory() : !statSync(abs).isFile()) err(ctx, path, `not a ${want === 'dir' ? 'folder' : 'regular file'}: ${abs}`);
  return abs;
}

/** argv[0] with a '/' is a path relative to the file; a bare name is looked up in PATH when started. */
function argv(ctx: Ctx, path: string, list: string[]): string[] {
  const [cmd, ...rest] = list as [string, ...string[]];
  return [cmd.includes('/') ? filePath(ctx, `${path}[0]`, cmd, 'file') : cmd, ...rest];
}

function inferKind(ctx: Ctx, doc: Doc): TargetSpec['kind'] | undefined {
  const ways = [doc['command'] !== undefined && 'command', (doc['image'] !== undefined || doc['build'] !== undefined) && 'image/build', doc['urls'] !== undefined && 'urls'].filter(Boolean);
  if (ways.length !== 1) {
    err(ctx, '(root)', ways.length === 0 ? 'says neither command, image/build nor urls: give exactly one (how the server is started or reached)' : `gives ${ways.join(' and ')}: give exactly one`);
    return undefined;
  }
  const kind = ways[0] === 'command' ? 'command' : ways[0] === 'urls' ? 'external' : 'container';
  const declared = doc['kind'];
  if (declared !== undefined && declared !== kind) {
    err(ctx, 'kind', declared === 'builtin' || declared === 'process'
      ? `'${declared}' targets are named, not written as files (provcert targets lists them)`
      : `is '${String(declared)}' but the file gives ${String(ways[0])} (a ${kind} target)`);
  }
  return kind;
}

function phones(ctx: Ctx, list: Doc[]): PhoneSpec[] {
  const seen = new Map<string, number>();
  return list.map((p, i) => {
    const mac = String(p['mac']).toLowerCase();
    const at = `phones[${i}]`;
    if (seen.has(mac)) err(ctx, `${at}.mac`, `${mac} is also phones[${seen.get(mac)}].mac`);
    seen.set(mac, i);
    const phone: PhoneSpec = {
      mac,
      serial: typeof p['serial'] === 'string' ? p['serial'] : `FCH${mac.slice(4).toUpperCase()}`,
      model: typeof p['model'] === 'string' ? p['model'] : DEFAULT_MODEL,
      swver: typeof p['swver'] === 'string' ? p['swver'] : DEFAULT_SWVER,
    };
    if ((p['cert'] === undefined) !== (p['key'] === undefined)) err(ctx, at, `${p['cert'] === undefined ? 'key' : 'cert'} given without ${p['cert'] === undefined ? 'cert' : 'key'}: give both or neither`);
    if (typeof p['cert'] === 'string') phone.cert = filePath(ctx, `${at}.cert`, p['cert'], 'file');
    if (typeof p['key'] === 'string') phone.key = filePath(ctx, `${at}.key`, p['key'], 'file');
    return phone;
  });
}

/**
 * Builds the spec; `serverIp` and `ports` are what the placeholders were resolved with.
 * Returns the errors instead of throwing so that a file's problems are all reported at once.
 */
export function buildSpec(doc: Doc, file: string, shown: string, serverIp: string, ports: Ports): { spec?: TargetSpec; errors: string[] } {
  const ctx: Ctx = { file, shown, dir: dirname(file), errors: [] };
  const kind = inferKind(ctx, doc);
  const urls = doc['urls'] as Partial<Record<Service, string>> | undefined;
  let serves = doc['serves'] as Service[] | undefined;
  if (kind === 'external') {
    serves ??= Object.keys(urls ?? {}) as Service[];
    for (const s of serves) {
      if (s === 'dhcp') err(ctx, 'serves', 'an external target is reached by urls, without DHCP: remove dhcp');
      else if (!urls?.[s]) err(ctx, 'serves', `lists ${s} but urls has no ${s} URL`);
    }
  } else if (kind !== undefined && (serves === undefined || serves.length === 0)) {
    err(ctx, 'serves', `required for ${kind} targets: list what the server provides (dhcp, dns, tftp, http, https, acs, sip, syslog)`);
  }
  if (doc['key'] !== undefined && doc['ikm'] !== undefined) err(ctx, '(root)', 'gives both key and ikm: a target encrypts with one of them (ENC-002 or ENC-008)');
  if (typeof doc['ikm'] === 'string') {
    try { parseIkm(doc['ikm']); } catch (e) { err(ctx, 'ikm', isProvcertError(e) ? e.message : String(e)); }
  }
  const phoneList = phones(ctx, (doc['phones'] as Doc[] | undefined) ?? []);
  const onboarding = doc['onboarding'] as { initUrl: string; customerIds: Record<string, string>; expectedPermanentRule: string } | undefined;
  let customerIds: Record<string, string> | undefined;
  if (onboarding) {
    customerIds = {};
    for (const [mac, id] of Object.entries(onboarding.customerIds)) {
      const m = mac.toLowerCase();
      if (!phoneList.some((p) => p.mac === m)) err(ctx, `onboarding.customerIds.${mac}`, 'is not the MAC of a phone in phones');
      customerIds[m] = id;
    }
  }
  const spec: TargetSpec = {
    name: typeof doc['name'] === 'string' ? doc['name'] : basename(file, extname(file)),
    file,
    kind: kind ?? 'command',
    serves: [...(serves ?? [])],
    serverIp,
    ports,
    phones: phoneList,
  };
  if (Array.isArray(doc['command'])) spec.command = argv(ctx, 'command', doc['command'] as string[]);
  if (typeof doc['image'] === 'string') spec.image = doc['image'];
  const build = doc['build'] as { context: string; containerfile?: string } | undefined;
  if (build) {
    spec.build = { context: filePath(ctx, 'build.context', build.context, 'dir') };
    if (build.containerfile !== undefined) spec.build.containerfile = filePath(ctx, 'build.containerfile', build.containerfile, 'file');
  }
  if (urls) spec.urls = { ...urls };
  for (const k of ['profileRule', 'key', 'ikm'] as const) if (typeof doc[k] === 'string') spec[k] = doc[k] as string;
  for (const k of ['serverCa', 'phoneCa'] as const) if (typeof doc[k] === 'string') spec[k] = filePath(ctx, k, doc[k] as string, 'file');
  if (doc['acs']) spec.acs = { ...(doc['acs'] as NonNullable<TargetSpec['acs']>) };
  const fw = doc['firmware'] as NonNullable<TargetSpec['firmware']> | undefined;
  if (fw) spec.firmware = { ...fw, sha256: fw.sha256.toLowerCase() };
  if (onboarding && customerIds) spec.onboarding = { initUrl: onboarding.initUrl, customerIds, expectedPermanentRule: onboarding.expectedPermanentRule };
  const actions = doc['actions'] as NonNullable<TargetSpec['actions']> | undefined;
  if (actions) {
    spec.actions = {};
    if (actions.command) spec.actions.command = argv(ctx, 'actions.command', actions.command);
    if (actions.url) spec.actions.url = actions.url;
  }
  if (doc['thresholds']) spec.thresholds = { ...(doc['thresholds'] as Record<string, number>) };
  return ctx.errors.length ? { errors: ctx.errors } : { spec, errors: [] };
}
