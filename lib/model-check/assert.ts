/**
 * The CLI's `Check`: records failed assertions instead of printing TAP, with the same meaning
 * as tap's (equal: Object.is-strict ===; same: deep, key order free, undefined fields equal to
 * missing ones; match: RegExp test or substring). It never throws, like tap, so one example can
 * report several failures.
 */
import type { Check } from './types.js';

export class RecordingCheck implements Check {
  readonly failures: string[] = [];
  count = 0;

  private record(pass: boolean, message: string | undefined, detail: () => string): boolean {
    this.count++;
    if (!pass) this.failures.push(`${message ?? 'assertion'}: ${detail()}`);
    return pass;
  }

  ok(value: unknown, message?: string): boolean {
    return this.record(Boolean(value), message, () => `expected truthy, got ${show(value)}`);
  }

  notOk(value: unknown, message?: string): boolean {
    return this.record(!value, message, () => `expected falsy, got ${show(value)}`);
  }

  equal(found: unknown, wanted: unknown, message?: string): boolean {
    return this.record(found === wanted, message ?? 'should be equal', () => `found ${show(found)}, wanted ${show(wanted)}`);
  }

  not(found: unknown, notWanted: unknown, message?: string): boolean {
    return this.record(found !== notWanted, message ?? 'should not be equal', () => `found ${show(found)}`);
  }

  same(found: unknown, wanted: unknown, message?: string): boolean {
    return this.record(deepSame(found, wanted), message ?? 'should be equivalent', () => `found ${show(found)}, wanted ${show(wanted)}`);
  }

  match(found: unknown, pattern: RegExp | string, message?: string): boolean {
    const text = typeof found === 'string' ? found : show(found);
    const pass = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    return this.record(pass, message ?? 'should match pattern', () => `${show(found)} does not match ${String(pattern)}`);
  }

  pass(): boolean {
    this.count++;
    return true;
  }

  fail(message?: string): boolean {
    return this.record(false, message ?? 'fail', () => 'failed');
  }
}

export function deepSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // tap's `same` is loose on scalars (1 == '1'); keep that for numbers/strings only.
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((v, i) => v === b[i]);
  if (a instanceof Map && b instanceof Map) return deepSame([...a.entries()], [...b.entries()]);
  if (a instanceof Set && b instanceof Set) return deepSame([...a].sort(), [...b].sort());
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!deepSame(ra[k], rb[k])) return false;
  return true;
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  try {
    const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Set ? [...x] : x));
    if (text === undefined) return String(v);
    return text.length > 400 ? `${text.slice(0, 400)}...` : text;
  } catch {
    return String(v);
  }
}
