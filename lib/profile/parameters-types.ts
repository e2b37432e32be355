/**
 * Types of the parameter table and the value checks. Pure.
 */
import { parseDelaySchedule } from './schedule.js';

export type ParamType =
  /** Yes / No, as the guides write it. */
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number; unit?: string }
  /** RESYNC-007 delay schedule. */
  | { kind: 'schedule' }
  /** Resync_At: HHmm, 0000..2400 (RESYNC-004). */
  | { kind: 'hhmm' }
  | { kind: 'int-list'; min: number; max: number }
  | { kind: 'url'; schemes: readonly string[] }
  /** Profile/upgrade/report rule (PROF-017); the grammar lives in lib/profile-rule. */
  | { kind: 'rule' }
  /** Condition without the `( )?` wrapper (PROF-020). */
  | { kind: 'trigger' }
  /** host[:port]: a name or an IPv4 address, optional port. */
  | { kind: 'host-port' }
  | { kind: 'domain-list' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'option-list'; values: readonly string[] }
  | { kind: 'string'; maxLength?: number }
  /** Secret: never shown in reports (ENC-009); optional length bounds when non-empty. */
  | { kind: 'password'; minLength?: number; maxLength?: number };

export interface ParameterDef {
  /** Element name; indexed names use `n` / `m` segments: `Proxy_n_`, `Speed_Dial_n_m_`. */
  readonly name: string;
  readonly type: ParamType;
  /** Default as a source gives it; undefined = not known from the sources (see note). */
  readonly default: string | undefined;
  /** Source key(s) of the default or of the type (source legend of the catalogue). */
  readonly source: string;
  readonly note?: string;
  /** Allowed index ranges, one per `n`/`m` segment, in order. */
  readonly indexes?: readonly { readonly from: number; readonly to: number; readonly what: string }[];
  /** Requirement IDs concerning the parameter; the first one is cited by value findings. */
  readonly requirements: readonly string[];
  /** Web area (for the doc table). */
  readonly area: string;
}

const YES_NO = ['Yes', 'No'];
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function emptyAllowed(type: ParamType): boolean {
  return !['bool', 'int', 'schedule', 'enum', 'int-list'].includes(type.kind);
}

function checkHostPort(value: string): string | undefined {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(value);
  const host = m?.[1] ?? '';
  const port = m?.[2];
  if (!(IPV4.test(host) || (HOST.test(host) && !/^\d+(\.\d+)*$/.test(host)))) return `'${value}' is not a host name or IPv4 address with an optional :port`;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range 1-65535`;
  return undefined;
}

/**
 * Returns a problem with `value` for parameter `def`, or undefined when it fits. Values are
 * checked as written, before macro expansion (PROF-024): a `$` in a rule, trigger or log
 * template is fine.
 */
export function checkValue(def: ParameterDef, value: string): string | undefined {
  const t = def.type;
  if (value === '') return emptyAllowed(t) ? undefined : `empty value; expected ${describeType(t)}`;
  switch (t.kind) {
    case 'bool':
      return YES_NO.includes(value) ? undefined : `'${value}' is not Yes or No`;
    case 'int': {
      if (!/^\d{1,15}$/.test(value)) return `'${value}' is not a whole number`;
      const n = Number(value);
      return n < t.min || n > t.max ? `${n} is out of range ${t.min}-${t.max}` : undefined;
    }
    case 'schedule': {
      const r = parseDelaySchedule(value);
      return 'problem' in r ? r.problem : undefined;
    }
    case 'hhmm': {
      // RESYNC-004: four digits HHmm from 0000 to 2400; an invalid value is ignored by the phone.
      const m = /^(\d\d)(\d\d)$/.exec(value);
      if (!m) return `'${value}' is not HHmm`;
      const hh = Number(m[1]);
      const mm = Number(m[2]);
      return hh > 24 || mm > 59 || (hh === 24 && mm !== 0) ? `'${value}' is outside 0000-2400 (the phone ignores it)` : undefined;
    }
    case 'int-list': {
      for (const item of value.split(',')) {
        const s = item.trim();
        if (!/^\d{1,6}$/.test(s) || Number(s) < t.min || Number(s) > t.max) return `'${s}' is not a number in ${t.min}-${t.max}`;
      }
      return undefined;
    }
    case 'url': {
      const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/\s]+)(\/\S*)?$/.exec(value);
      if (!m) return `'${value}' is not a ${t.schemes.join('/')} URL`;
      return t.schemes.includes((m[1] as string).toLowerCase()) ? undefined : `scheme ${m[1]} is not one of ${t.schemes.join(', ')}`;
    }
    case 'rule':
    case 'trigger':
      // Grammar checks (PROF-017, PROF-020) are lib/profile-rule's job; here only sanity.
      return /[\r\n]/.test(value) ? 'contains a line break' : undefined;
    case 'host-port':
      return checkHostPort(value);
    case 'domain-list': {
      for (const item of value.split(',')) {
        const s = item.trim();
        if (!HOST.test(s)) return `'${s}' is not a domain name`;
      }
      return undefined;
    }
    case 'enum':
      return t.values.includes(value) ? undefined : `'${value}' is not one of ${t.values.join(', ')}`;
    case 'option-list': {
      for (const item of value.split(',')) {
        const s = item.trim();
        if (!t.values.includes(s)) return `'${s}' is not one of ${t.values.join(', ')}`;
      }
      return undefined;
    }
    case 'string':
      return t.maxLength !== undefined && value.length > t.maxLength ? `longer than ${t.maxLength} characters` : undefined;
    case 'password':
      if (t.minLength !== undefined && value.length < t.minLength) return `shorter than ${t.minLength} characters`;
      if (t.maxLength !== undefined && value.length > t.maxLength) return `longer than ${t.maxLength} characters`;
      return undefined;
  }
}

/** One phrase for docs and messages. */
export function describeType(t: ParamType): string {
  switch (t.kind) {
    case 'bool': return 'Yes/No';
    case 'int': return `integer ${t.min}-${t.max}${t.unit ? ` ${t.unit}` : ''}`;
    case 'schedule': return 'delay schedule d1,d2,...,dn[+r] (s)';
    case 'hhmm': return 'HHmm 0000-2400 or empty';
    case 'int-list': return `comma list of ${t.min}-${t.max}`;
    case 'url': return `URL (${t.schemes.join('/')})`;
    case 'rule': return 'rule (PROF-017)';
    case 'trigger': return 'condition (PROF-020)';
    case 'host-port': return 'host[:port]';
    case 'domain-list': return 'comma list of FQDNs';
    case 'enum': return `one of ${t.values.join(', ')}`;
    case 'option-list': return `comma list of ${t.values.join(', ')}`;
    case 'string': return t.maxLength !== undefined ? `string (max ${t.maxLength})` : 'string';
    case 'password': return `password${t.minLength !== undefined ? ` ${t.minLength}-${t.maxLength ?? ''} chars or empty` : ''}`;
  }
}
