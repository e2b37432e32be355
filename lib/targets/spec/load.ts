/**
 * loadTargetFile: read (JSON/YAML) -> nulls dropped -> placeholders -> schema (unknown keys become
 * warnings) -> semantic checks and defaults -> TargetSpec. Every problem is a PC_ERR_CONFIG (exit 2,
 * conventions.md) whose message names the file and the key path.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { configError, isProvcertError } from '../../errors.js';
import { SERVICES, type Ports, type TargetSpec } from '../types.js';
import { dropNulls, parseTargetText, readTargetText } from './parse.js';
import { resolveDeep, resolvePlaceholders, type PlaceholderValues } from './placeholders.js';
import { checkAgainstSchema } from './schema.js';
import { buildSpec, DEFAULT_SERVER_IP } from './build-spec.js';
import { STANDARD_PORTS } from './ports.js';

export interface LoadOptions {
  /** Ports chosen by the run (loopback: free ports). Default: standard ports; a file's `ports` win. */
  ports?: Ports;
  /** Address chosen by the run (loopback: 127.0.0.1); wins over the file's serverIp. */
  serverIp?: string;
  /** Environment for `${env:NAME}` (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative file names are shown against in messages (default: shown as given). */
  cwd?: string;
}

export interface TargetFileCheck {
  spec?: TargetSpec;
  errors: string[];
  warnings: string[];
}

function removeAt(doc: unknown, path: string): void {
  // path like `phones[0].colour` or `colour`; walk all but the last segment
  const parts = path.match(/[^.[\]]+/g) ?? [];
  let node: unknown = doc;
  for (const p of parts.slice(0, -1)) node = (node as Record<string, unknown>)?.[p];
  if (node && typeof node === 'object') delete (node as Record<string, unknown>)[parts[parts.length - 1] as string];
}

function filePorts(doc: Record<string, unknown>): Ports {
  const raw = doc['ports'];
  const out: Ports = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const s of SERVICES) {
      const v = (raw as Record<string, unknown>)[s];
      if (Number.isInteger(v)) out[s] = v as number;
    }
  }
  return out;
}

/** Checks a target file and collects every error and warning; throws only for unreadable/unparsable files. */
export function checkTargetFile(path: string, opts: LoadOptions = {}): TargetFileCheck {
  const file = isAbsolute(path) ? path : resolve(opts.cwd ?? process.cwd(), path);
  const shown = isAbsolute(path) ? path : relative(opts.cwd ?? process.cwd(), file) || path;
  const parsed = dropNulls(parseTargetText(readTargetText(file, shown), file, shown));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { errors: [`${shown}: the file must hold one mapping (object) of keys, e.g. name: ..., command: [...]`], warnings: [] };
  }
  const doc = parsed as Record<string, unknown>;
  const warnings: string[] = [];
  if ('file' in doc) {
    warnings.push(`${shown}: file: set by the loader; the value in the file is ignored`);
    delete doc['file'];
  }
  const env = opts.env ?? process.env;
  const ports: Ports = { ...STANDARD_PORTS, ...opts.ports, ...filePorts(doc) };
  let serverIp = opts.serverIp ?? DEFAULT_SERVER_IP;
  let resolved: Record<string, unknown>;
  try {
    if (opts.serverIp === undefined && typeof doc['serverIp'] === 'string') {
      serverIp = resolvePlaceholders(doc['serverIp'], { serverIp: DEFAULT_SERVER_IP, ports, env }, `${shown}: serverIp`);
    }
    const values: PlaceholderValues = { serverIp, ports, env };
    resolved = resolveDeep(doc, values, shown) as Record<string, unknown>;
  } catch (e) {
    if (isProvcertError(e)) return { errors: [e.message], warnings };
    throw e;
  }
  if (opts.serverIp !== undefined) resolved['serverIp'] = opts.serverIp;
  const schema = checkAgainstSchema(resolved, shown);
  for (const key of schema.unknownKeys) {
    warnings.push(`${shown}: ${key}: unknown key, ignored`);
    removeAt(resolved, key);
  }
  if (schema.errors.length) return { errors: schema.errors, warnings };
  const built = buildSpec(resolved, file, shown, serverIp, ports);
  return built.spec ? { spec: built.spec, errors: [], warnings } : { errors: built.errors, warnings };
}

/**
 * Loads and validates a target file. Throws PC_ERR_CONFIG listing every error (one per `; `).
 * Placeholders are resolved with opts.ports / opts.serverIp (defaults: standard ports, the file's
 * serverIp or 10.77.0.1).
 */
export function loadTargetFile(path: string, opts: LoadOptions = {}): { spec: TargetSpec; warnings: string[] } {
  const r = checkTargetFile(path, opts);
  if (!r.spec) throw configError(r.errors.join('; '));
  return { spec: r.spec, warnings: r.warnings };
}
