/**
 * The reference deployment of the `builtin` target (issue 6 part 7): what a full-featured
 * provisioning server declares and serves, so that every suite that applies to such a server runs
 * against builtin (and must pass there, since builtin is the reference).
 *
 * Two steps, because the runner generates the profiles before the target starts:
 * - `referenceSpec` (when the registry resolves `builtin`): a per-phone Profile_Rule with
 *   `[--key ...]` (ENC-004), the firmware image (UPG-008, HTTP-023: size and sha256 of a generated
 *   image), the onboarding init URL and permanent rule (RESYNC-013/014), an `actions` hook (SIP-001,
 *   builtin's act() sends the NOTIFY), the key and an IKM (ENC-002, ENC-009), and an ACS URL for
 *   the CWMP DHCP options.
 * - `referenceContent` (when the driver starts): the run's phones get customer IDs, every profile
 *   gets the Upgrade_Rule (naming the server, DHCP-006/UPG-007) and is gzip-compressed (ENC-001),
 *   then encrypted like `openssl enc -aes-256-cbc -md md5 -k KEY` (ENC-003 order, X-ENC-001, a
 *   fresh salt per file: X-ENC-006) because the one Profile_Rule carries the [--key] for every
 *   phone; the compressed clear text is kept aside for aes128gcm (ENC-008: the server encrypts per
 *   request when the phone asks), and the firmware image is added.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { opensslEncrypt, toBase64url } from '../../crypto/index.js';
import { expandMacros, macroContextFrom, parseRule } from '../../profile-rule/index.js';
import type { PhoneSpec, TargetSpec } from '../types.js';
import { CLEAR_PREFIX } from './content.js';

export const REFERENCE_KEY = 'provcert-reference-key-1234';
/** 16 octets (RFC 8188 section 2.2 IKM) from a fixed label, base64url as target files give it. */
export const REFERENCE_IKM = toBase64url(createHash('sha256').update('provcert-reference-ikm').digest().subarray(0, 16));
export const REFERENCE_FIRMWARE_VERSION = 'sip88xx.12-0-1MPP0001-5';
export const REFERENCE_FIRMWARE_PATH = `/fw/${REFERENCE_FIRMWARE_VERSION}.loads`;
/** Not a multiple of 512, so a TFTP transfer ends with a short block (RFC 1350 section 6). */
export const REFERENCE_FIRMWARE_SIZE = 70_000;
const PROFILE_PATH = '/cfg/$MA.xml';
/** TR-069 CPE WAN Management port (TR-069 section 3.1, IANA cwmp 7547). */
const REFERENCE_ACS_PORT = 7547;
const PERMANENT_PATH = '/acct/$MA.xml';
const INIT_PATH = '/init/$CUSTID';

/** The firmware image: deterministic, so its size and sha256 are known before the target starts. */
export function referenceFirmware(): Uint8Array {
  const out = Buffer.alloc(REFERENCE_FIRMWARE_SIZE);
  for (let i = 0, block = 0; i < out.length; block++) {
    i += createHash('sha256').update(`provcert-reference-firmware-${block}`).digest().copy(out, i);
  }
  return out;
}

function httpBase(spec: TargetSpec): string {
  const port = spec.ports?.http;
  return `http://${spec.serverIp}${port === undefined || port === 80 ? '' : `:${port}`}`;
}

/** The builtin spec with the reference deployment declared (customer IDs follow at start). */
export function referenceSpec(spec: TargetSpec): TargetSpec {
  const base = httpBase(spec);
  const image = referenceFirmware();
  return {
    ...spec,
    profileRule: `[--key ${REFERENCE_KEY}] ${base}${PROFILE_PATH}`,
    key: REFERENCE_KEY,
    ikm: REFERENCE_IKM,
    firmware: {
      // PROF-031: unquoted $SWVER compares as a version (X-PROF-020), so a phone on the image or
      // later selects nothing and does not upgrade again (X-UPG-020).
      rule: `($SWVER lt ${REFERENCE_FIRMWARE_VERSION})? ${base}${REFERENCE_FIRMWARE_PATH}`,
      version: REFERENCE_FIRMWARE_VERSION,
      size: image.length,
      sha256: createHash('sha256').update(image).digest('hex'),
    },
    onboarding: { initUrl: `${base}${INIT_PATH}`, customerIds: {}, expectedPermanentRule: `${base}${PERMANENT_PATH}` },
    // builtin's act() sends the NOTIFY itself (sip-notify.ts); the hook needs no command or URL.
    actions: {},
    // The deployment's ACS (TR-069 runs elsewhere): builtin's DHCP hands its URL to dslforum.org
    // clients in options 43 and 125 (DHCP-009/010/012/013); builtin does not serve it.
    acs: { url: `http://${spec.serverIp}:${REFERENCE_ACS_PORT}/acs` },
  };
}

/** True for a spec `referenceSpec` made (the driver then builds the reference content). */
export function isReferenceSpec(spec: TargetSpec): boolean {
  return spec.kind === 'builtin' && spec.key === REFERENCE_KEY && spec.firmware?.version === REFERENCE_FIRMWARE_VERSION;
}

/** A customer per phone, from its MAC (each phone its own account, so EDOS-010 has two to swap). */
export function customerIdFor(mac: string): string {
  return `cust-${mac.slice(-6)}`;
}

function profilePath(rule: string, p: PhoneSpec): string {
  const url = parseRule(rule, 'profile').alternatives.find((a) => a.url)?.url;
  const macros = { MA: p.mac, MAU: p.mac.toUpperCase(), MAC: p.mac.match(/../g)!.join(':'), PN: p.model, PSN: p.model.replace(/^CP-/, ''), SN: p.serial, SWVER: p.swver };
  return expandMacros((url?.path ?? PROFILE_PATH).replace(/\?.*$/, ''), macroContextFrom(macros)).replace(/^\/+/, '');
}

/** Inserts parameters before the closing </flat-profile> of a plain profile. */
function withParams(xml: string, params: Readonly<Record<string, string>>): string {
  const lines = Object.entries(params).map(([k, v]) => `  <${k} ua="na">${v}</${k}>\n`).join('');
  const at = xml.lastIndexOf('</flat-profile>');
  return at < 0 ? xml : `${xml.slice(0, at)}${lines}${xml.slice(at)}`;
}

export interface ReferenceContent {
  readonly spec: TargetSpec;
  readonly files: Map<string, Uint8Array>;
}

/**
 * The content builtin serves for the reference deployment: the runner's files with the Upgrade_Rule
 * added to each phone's profile, each profile compressed and encrypted (its clear text under
 * CLEAR_PREFIX, never served as a path), the firmware image, and customer IDs for the run's phones.
 */
export function referenceContent(spec: TargetSpec, files: ReadonlyMap<string, Uint8Array>, phones: readonly PhoneSpec[]): ReferenceContent {
  const out = new Map(files);
  const rule = spec.profileRule ?? PROFILE_PATH;
  const fw = spec.firmware;
  // A user password (ACCESS-010: 4..127 characters) belongs only in encrypted profiles (HTTP-015).
  const added: Record<string, string> = {
    ...(fw ? { Upgrade_Enable: 'Yes', Upgrade_Rule: fw.rule } : {}),
    ...(spec.key !== undefined ? { User_Password: 'ref-user-4711' } : {}),
  };
  for (const p of phones) {
    const path = profilePath(rule, p);
    const bytes = files.get(path);
    if (!bytes || out.has(`${CLEAR_PREFIX}${path}`)) continue;
    const xml = new TextEncoder().encode(withParams(Buffer.from(bytes).toString('utf8'), added));
    if (spec.key === undefined) { out.set(path, xml); continue; }
    // ENC-003: compress, then encrypt; ENC-002/ENC-004 with the KDF of openssl 0.9.7c (X-ENC-001),
    // a random salt per file (X-ENC-006).
    const clear = new Uint8Array(gzipSync(xml));
    out.set(path, opensslEncrypt(clear, spec.key, { kind: 'evp', md: 'md5' }));
    out.set(`${CLEAR_PREFIX}${path}`, clear);
  }
  if (fw) out.set(REFERENCE_FIRMWARE_PATH.slice(1), referenceFirmware());
  const customerIds: Record<string, string> = {};
  for (const p of phones) customerIds[p.mac] = customerIdFor(p.mac);
  return { spec: { ...spec, ...(spec.onboarding ? { onboarding: { ...spec.onboarding, customerIds } } : {}) }, files: out };
}
