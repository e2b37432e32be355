/**
 * Parameter values from the typed table (lib/profile/parameters-types.ts): one arbitrary of
 * values that fit each type, and one of values that are deliberately wrong for it (issue 7
 * part 1: out-of-range and overflowing numbers, negative delays, malformed URLs, rules, IPs
 * including IPv6 literals, unclosed macros).
 */
import fc from 'fast-check';
import type { ParamType } from '../../profile/parameters-types.js';
import { printCondition } from '../../profile-rule/index.js';
import { anyRuleArb, brokenRuleTextArb, conditionArb } from './rule.js';
import { printRule } from '../../profile-rule/index.js';

const chars = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });

const label = chars('abcdefxyz0189', 1, 8).filter((s) => /^[a-z0-9](.*[a-z0-9])?$/.test(s));
export const hostNameArb = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => [...l, 'example'].join('.'));
export const ipv4Arb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const hostArb = fc.oneof(hostNameArb, ipv4Arb);
const pathArb = chars('abcXYZ019_.-/$', 0, 16).map((s) => `/${s.replace(/^\/+/, '')}`);
const safeText = (max: number) => chars('abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 _-.,:;@#*+/=$()', 0, max);

/** A value that checkValue accepts for this type (macros are allowed where the type allows text). */
export function validValueArb(t: ParamType): fc.Arbitrary<string> {
  switch (t.kind) {
    case 'bool': return fc.constantFrom('Yes', 'No');
    case 'int': return fc.oneof(
      fc.constantFrom(t.min, t.max),
      fc.integer({ min: t.min, max: Math.min(t.max, Number.MAX_SAFE_INTEGER) }),
    ).map(String);
    case 'schedule': return fc.array(fc.tuple(fc.nat(86_400), fc.option(fc.nat(3600), { nil: undefined })), { minLength: 1, maxLength: 4 })
      .map((steps) => steps.map(([d, r]) => (r === undefined ? `${d}` : `${d}+${r}`)).join(','));
    case 'hhmm': return fc.oneof(fc.constant('2400'), fc.tuple(fc.nat(23), fc.nat(59)).map(([h, m]) => `${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}`));
    case 'int-list': return fc.array(fc.integer({ min: t.min, max: Math.min(t.max, 999_999) }), { minLength: 1, maxLength: 4 }).map((l) => l.join(','));
    case 'url': return fc.tuple(fc.constantFrom(...t.schemes), hostArb, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), pathArb)
      .map(([s, h, p, path]) => `${s}://${h}${p === undefined ? '' : `:${p}`}${path}`);
    case 'rule': return anyRuleArb.map(printRule);
    case 'trigger': return conditionArb().map(printCondition);
    case 'host-port': return fc.tuple(hostArb, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
      .map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
    case 'domain-list': return fc.array(hostNameArb, { minLength: 1, maxLength: 3 }).map((l) => l.join(','));
    case 'enum': return fc.constantFrom(...t.values);
    case 'option-list': return fc.subarray([...t.values], { minLength: 1 }).map((l) => l.join(','));
    case 'string': return safeText(Math.min(t.maxLength ?? 40, 40)).map((s) => s.trim());
    case 'password': {
      const min = t.minLength ?? 0;
      return chars('abcXYZ0189!%^*_-', min, Math.max(min, Math.min(t.maxLength ?? 24, 24)));
    }
  }
}

/** Numbers that break parsers: out of every range, overflowing 32/53/64 bits, signs, exponents. */
export const badNumberArb = fc.constantFrom(
  '-1', '-0', '65536', '4294967296', '18446744073709551616', '9007199254740993', '1e400', '0x10', '010', '1.5',
  ' 12', '12 ', '+7', 'NaN', 'Infinity', '\u0661\u0662', '99999999999999999999999999999999999999',
);

/** RESYNC-007 schedules with signs, empty items, fractions and units. */
export const badScheduleArb = fc.constantFrom('-30', '30,-60', '30+-5', '30,,60', ',', '30+', '+30', '1.5', '30s', '30,60+', '4294967296');

/** URLs with missing parts, bad IPv6 literals, ports out of range, bad escapes (RFC 3986 section 3.2.2). */
export const badUrlArb = fc.constantFrom(
  'http://', 'http//x/y', 'ftp://h/x', 'http://[::1/x', 'http://[2001:db8::1]:99999/x', 'http://[2001:db8::zz]/x',
  'http://h:port/x', 'http://%zz/x', '://x', 'http://h/x y', 'http://[fe80::1%25eth0]/x', 'https://user@h/x',
  'tftp://256.1.1.1/x', 'http://1.2.3/x', 'gds://', 'http://h:0/x', `http://${'a'.repeat(300)}/x`,
);

/** Addresses that are almost IPs: out-of-range octets, short forms, IPv6 (with and without brackets). */
export const badIpArb = fc.constantFrom(
  '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.02.03.04', '::1', '[::1]', '[::1]:5060', 'fe80::1%eth0', '2001:db8::1::2',
  '1.2.3.4:0', '1.2.3.4:65536', '1.2.3.4:', ':5060', '[2001:db8::1', '0x7f.1',
);

/** Macro references that never close or name nothing (PROF-024). */
export const badMacroArb = fc.constantFrom('$(', '$(A', '$(A:', '$(A:1:', '$(A:99999999999:1)', '${A}', '$', '$$', '$(:1)', '$()', '$(MA:-1)');

/** A value wrong for any type, labelled with what kind of wrong it is. */
export const badValueArb: fc.Arbitrary<{ kind: string; value: string }> = fc.oneof(
  badNumberArb.map((value) => ({ kind: 'number', value })),
  badScheduleArb.map((value) => ({ kind: 'schedule', value })),
  badUrlArb.map((value) => ({ kind: 'url', value })),
  badIpArb.map((value) => ({ kind: 'ip', value })),
  badMacroArb.map((value) => ({ kind: 'macro', value })),
  brokenRuleTextArb.map((value) => ({ kind: 'rule', value })),
);
