/**
 * Placeholders in target files (docs/targets.md): `${SERVER_IP}`, `${PORT_<SERVICE>}` and `${env:NAME}`.
 * `$${` is a literal `${`. Cisco's own macros are `$NAME` / `$(NAME)` (PROF-025), so `${...}` never
 * collides with them. Unknown placeholders and missing environment variables are configuration errors
 * that name the place in the file.
 */
import { configError } from '../../errors.js';
import { SERVICES, type Ports, type Service } from '../types.js';

export interface PlaceholderValues {
  serverIp: string;
  /** Port per service; `${PORT_X}` for a service without a port is an error. */
  ports: Ports;
  env: Readonly<Record<string, string | undefined>>;
}

const PLACEHOLDER = /\$(\$)?\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function placeholderNames(): string[] {
  return ['SERVER_IP', ...SERVICES.map((s) => `PORT_${s.toUpperCase()}`), 'env:NAME'];
}

/** Replaces the placeholders in one string; `where` names it in errors (`target.yaml: command[2]`). */
export function resolvePlaceholders(text: string, values: PlaceholderValues, where = 'value'): string {
  return text.replace(PLACEHOLDER, (whole, escaped: string | undefined, name: string) => {
    if (escaped) return whole.slice(1);
    if (name === 'SERVER_IP') return values.serverIp;
    if (name.startsWith('PORT_')) {
      const service = name.slice(5).toLowerCase() as Service;
      if (!SERVICES.includes(service)) throw configError(`${where}: unknown placeholder \${${name}} (known: ${placeholderNames().join(', ')})`);
      const port = values.ports[service];
      if (port === undefined) throw configError(`${where}: \${${name}} has no port here`);
      return String(port);
    }
    if (name.startsWith('env:')) {
      const envName = name.slice(4);
      if (!ENV_NAME.test(envName)) throw configError(`${where}: bad environment variable name in \${${name}}`);
      const v = values.env[envName];
      if (v === undefined) throw configError(`${where}: environment variable ${envName} is not set (\${env:${envName}})`);
      return v;
    }
    throw configError(`${where}: unknown placeholder \${${name}} (known: ${placeholderNames().map((n) => `\${${n}}`).join(', ')}; write $\${ for a literal \${)`);
  });
}

/** `phones[1].mac`: the path notation of every target-file message. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Resolves placeholders in every string of a parsed document (arrays and objects, keys unchanged). */
export function resolveDeep(value: unknown, values: PlaceholderValues, file: string, path = ''): unknown {
  if (typeof value === 'string') return resolvePlaceholders(value, values, `${file}: ${path || '(root)'}`);
  if (Array.isArray(value)) return value.map((v, i) => resolveDeep(v, values, file, childPath(path, i)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v, values, file, childPath(path, k));
    return out;
  }
  return value;
}
