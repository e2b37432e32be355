/**
 * Parameters of the profiles a target serves to the run's phones (e.g. the Upgrade_Rule and
 * Profile_Rule a server emits): each phone's profile fetched at its rule path over the first file
 * service the target has (http, else https with the phone's certificate, else tftp) and parsed.
 * Encrypted bodies are opened with the declared key/IKM first; bodies that still do not parse give
 * no parameters: the encryption and profile suites judge them.
 */
import { parseProfile, type ProfileParam } from '../../lib/profile/index.js';
import type { ResolvedUrl } from '../../lib/profile-rule/index.js';
import type { RunPhone, TestContext } from '../../lib/runner/types.js';
import { fetchUrl } from './fetch-url.js';
import { profileBytes } from './profile-text.js';

export interface ServedProfile {
  readonly phone: RunPhone;
  readonly url: string;
  readonly params?: readonly ProfileParam[];
  /** Why no parameters: fetch failure or parse failure. */
  readonly problem?: string;
  readonly packet?: Uint8Array;
}

/** The URL of `phone`'s profile on the target's first file service. */
export function profileUrlOf(ctx: TestContext, phone: RunPhone): ResolvedUrl | undefined {
  const scheme = (['http', 'https', 'tftp'] as const).find((s) => ctx.target.serves.includes(s) && ctx.running.ports[s] !== undefined);
  if (!scheme) return undefined;
  const port = ctx.running.ports[scheme] as number;
  const path = `/${phone.profilePath}`;
  return { scheme, host: ctx.running.serverIp, port, path, text: `${scheme}://${ctx.running.serverIp}:${port}${path}` };
}

const cache = new WeakMap<object, Map<string, ServedProfile>>();

/** Fetches and parses every run phone's profile (once per test context). */
export async function servedProfiles(ctx: TestContext): Promise<ServedProfile[]> {
  const mine = cache.get(ctx) ?? new Map<string, ServedProfile>();
  cache.set(ctx, mine);
  const out: ServedProfile[] = [];
  for (const phone of ctx.phones) {
    const known = mine.get(phone.mac);
    if (known) { out.push(known); continue; }
    const url = profileUrlOf(ctx, phone);
    let sp: ServedProfile;
    if (!url) sp = { phone, url: '', problem: 'the target serves no files' };
    else {
      const got = await fetchUrl(ctx, url, phone);
      if (!got.ok) sp = { phone, url: url.text, problem: got.observed, ...(got.packet ? { packet: got.packet } : {}) };
      else {
        // Read as the phone reads it: decrypted with the declared key/IKM, inflated (ENC-003 order).
        const parsed = parseProfile(profileBytes(ctx, got.body));
        sp = parsed.profile && parsed.ok
          ? { phone, url: url.text, params: parsed.profile.params, ...(got.packet ? { packet: got.packet } : {}) }
          : { phone, url: url.text, problem: `the body does not parse as a plain profile (${parsed.findings[0]?.message ?? 'unknown'})` };
      }
    }
    mine.set(phone.mac, sp);
    out.push(sp);
  }
  return out;
}

/** Last value of parameter `name` (PROF-008: the last one wins). */
export function paramValue(params: readonly ProfileParam[] | undefined, name: string): string | undefined {
  if (!params) return undefined;
  for (let i = params.length - 1; i >= 0; i--) if (params[i]!.name === name) return params[i]!.value;
  return undefined;
}
