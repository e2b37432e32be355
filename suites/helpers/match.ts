/**
 * Receive matchers (style-examples.md #17, osmocom `tr_` templates): partial expectations whose
 * fields default to "anything". A matcher says what it expects and, for a value, either `true` or
 * a description of what it saw instead; `expect.*` turns a mismatch into a fail carrying the
 * requirement, expected, observed and the offending packet.
 */

export interface Matcher<T> {
  /** What a passing value looks like, in words: `present`, `0x1234abcd`. */
  readonly expected: string;
  /** `true`, or what was observed instead. `undefined` means the field/option is absent. */
  check(value: T | undefined): true | string;
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : typeof v === 'string' ? JSON.stringify(v) : v instanceof Uint8Array ? `${v.length} bytes` : String(v));

export function present<T>(): Matcher<T> {
  return { expected: 'present', check: (v) => (v !== undefined ? true : 'absent') };
}

export function absent<T>(): Matcher<T> {
  return { expected: 'absent', check: (v) => (v === undefined ? true : `present (${show(v)})`) };
}

/** Equal to `want` (numbers, strings; bytes compared octet by octet). `format` prints values. */
export function equals<T>(want: T, format: (v: T) => string = show): Matcher<T> {
  const same = (v: T) => (want instanceof Uint8Array && v instanceof Uint8Array ? Buffer.from(want).equals(Buffer.from(v)) : v === want);
  return { expected: format(want), check: (v) => (v === undefined ? 'absent' : same(v) ? true : format(v)) };
}

/** The value the request carried, echoed (xid, client identifier). */
export const same = equals;

/** Any predicate: `test` returns true or what is wrong. */
export function satisfies<T>(expected: string, test: (v: T) => true | string): Matcher<T> {
  return { expected, check: (v) => (v === undefined ? 'absent' : test(v)) };
}

export const hex32 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
