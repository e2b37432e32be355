/**
 * The provisioning content a run serves (brief part 3 "Content"): one profile per phone at the path
 * its profile rule expands to, carrying a marker GPP_A value so a fetch proves the right file came
 * back. Phones come from the target file, else are made from the seed (--phones N).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configError } from '../errors.js';
import { expandMacros, macroContextFrom, parseRule } from '../profile-rule/index.js';
import type { PhoneSpec, TargetContent, TargetSpec } from '../targets/types.js';
import { DEFAULT_MODEL, DEFAULT_SWVER } from '../targets/spec/build-spec.js';
import type { RunPhone } from './types.js';

/** PROF-014: the factory Profile_Rule is /$PSN.xml (on the server DHCP names). */
export const DEFAULT_PROFILE_PATH = '/$PSN.xml';

/** Locally administered MACs (02:...) so that no real vendor's address is used. */
export function phoneMac(seed: number, n: number): string {
  const x = ((seed >>> 0) * 0x9e3779b1 + n * 0x85ebca6b) >>> 0;
  return `02c0${x.toString(16).padStart(8, '0')}`;
}

/** Phones of the run: the target file's, else `count` made from the seed. */
export function runPhones(spec: TargetSpec, count: number, seed: number): PhoneSpec[] {
  if (spec.phones.length > 0) return spec.phones.slice(0, Math.max(count, 1));
  return Array.from({ length: count }, (_, i) => {
    const mac = phoneMac(seed, i);
    return { mac, serial: `FCH${mac.slice(4).toUpperCase()}`, model: DEFAULT_MODEL, swver: DEFAULT_SWVER };
  });
}

/** Macro values of a phone that a rule path may use (PROF-028, PROF-029). */
export function phoneMacros(p: PhoneSpec): Record<string, string> {
  return {
    MA: p.mac, MAU: p.mac.toUpperCase(), MAC: p.mac.match(/../g)!.join(':'),
    PN: p.model, PSN: p.model.replace(/^CP-/, ''), SN: p.serial, SWVER: p.swver,
  };
}

/** Path (no leading slash) of the phone's profile: the first URL of the rule, macros expanded. */
export function profilePathFor(rule: string | undefined, p: PhoneSpec): string {
  let path = DEFAULT_PROFILE_PATH;
  if (rule !== undefined && rule.trim() !== '') {
    const url = parseRule(rule, 'profile').alternatives.find((a) => a.url && a.url.scheme !== 'gds')?.url;
    if (!url) throw configError(`profileRule '${rule}' has no URL to put a profile at`);
    path = url.path.replace(/\?.*$/, '');
  }
  return expandMacros(path, macroContextFrom(phoneMacros(p))).replace(/^\/+/, '');
}

export function profileText(marker: string): string {
  return `<flat-profile>\n  <GPP_A ua="na">${marker}</GPP_A>\n</flat-profile>\n`;
}

/**
 * A binary file of exactly three 512-octet blocks served beside the profiles, so that transfer
 * tests see full blocks and the final empty block (TFTP-006, RFC 1350 section 6), a mid-transfer
 * retransmission (TFTP-010) and a body whose length and digest are known (HTTP-023).
 */
export const BLOCKS_FILE = 'provcert-blocks.bin';
export const BLOCKS_FILE_SIZE = 1536;

/** Deterministic bytes of BLOCKS_FILE for a seed (a test recomputes them to compare). */
export function blocksFileBytes(seed: number): Uint8Array {
  const out = new Uint8Array(BLOCKS_FILE_SIZE);
  let x = (seed >>> 0) || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export interface GeneratedContent {
  readonly content: TargetContent;
  readonly phones: RunPhone[];
}

/**
 * Writes the profiles into `dir` (readable by other users: dnsmasq and nginx drop privileges) and
 * returns the same files as a map for in-process servers.
 */
export function generateContent(dir: string, spec: TargetSpec, phones: readonly PhoneSpec[], seed: number): GeneratedContent {
  const files = new Map<string, Uint8Array>();
  const out: RunPhone[] = [];
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  for (const p of phones) {
    const profilePath = profilePathFor(spec.profileRule, p);
    // Phones sharing a path ($PSN.xml) share the file and its marker.
    const marker = `provcert-${seed}-${profilePath.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    if (!files.has(profilePath)) {
      const bytes = new TextEncoder().encode(profileText(marker));
      files.set(profilePath, bytes);
      const file = join(dir, profilePath);
      mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
      writeFileSync(file, bytes, { mode: 0o644 });
    }
    out.push({ mac: p.mac, serial: p.serial, model: p.model, swver: p.swver, profilePath, marker });
  }
  const blocks = blocksFileBytes(seed);
  files.set(BLOCKS_FILE, blocks);
  writeFileSync(join(dir, BLOCKS_FILE), blocks, { mode: 0o644 });
  return { content: { dir, files }, phones: out };
}
