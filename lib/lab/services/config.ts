/**
 * What the lab services process (main.ts) is told, and the pure decisions about names and addresses.
 * The parent (start.ts) writes a LabServicesConfig file, then talks to the process in JSON lines:
 * control messages on its stdin, events on its stdout (lines starting with SERVICES_LINE).
 */
import type { OnboardingSpec } from '../../targets/types.js';
import { LAB_SERVER_NAME } from '../../targets/process/provisioning-options.js';
import { EDOS_HOSTS } from '../../phone-model/onboarding.js';
import { ProvcertError } from '../../errors.js';
import { ipv4Octets } from '../../codec/ipv4/address.js';

export const SERVICES_LINE = '@@provcert-services ';

/** Host name and number of the services host in every lab (lib/runner/lab-run.ts: srv .1, ph0 .2). */
export const SERVICES_HOST = { name: 'svc', hostNumber: 3 } as const;

/** What the EDOS stub answers with, and where the lab server is: changes when the target (re)starts. */
export interface LabServicesState {
  /** Address the running target serves at (prov.provcert.test resolves to it). */
  readonly serverIp: string;
  /** The target's provisioning URL (option 160): the Profile_Rule of the device activation answer. */
  readonly provisioningUrl: string;
  /** Resync-URL/activation-code onboarding of the target file, for the /activation/* endpoints. */
  readonly onboarding?: OnboardingSpec;
}

export interface LabServicesConfig extends LabServicesState {
  /** Addresses of the services host; DNS listens on each, and answers the EDOS names with that address. */
  readonly listen: readonly string[];
  readonly dnsPort: number;
  readonly httpsPort: number;
  /** Every request and answer, one line each. */
  readonly logPath: string;
  /** Lab PKI cache folder (lib/emulator/pki): the stub's certificate comes from its server CA. */
  readonly pkiDir: string;
}

export type ServicesControl = { readonly type: 'update'; readonly listen: readonly string[]; readonly state: LabServicesState };

export type ServicesEvent =
  | { readonly type: 'ready'; readonly listen: readonly string[]; readonly httpsPort: number }
  | { readonly type: 'updated'; readonly listen: readonly string[] }
  | { readonly type: 'failed'; readonly message: string };

/** The EDOS host names the phone model contacts (lib/phone-model/onboarding.ts), in a stable order. */
export const EDOS_NAMES: readonly string[] = [EDOS_HOSTS.deviceActivation, EDOS_HOSTS.deviceActivationBefore1121, EDOS_HOSTS.activationCode];

/**
 * The A records of the lab DNS as seen by a client that asked `servicesIp`: the lab server name
 * points at the target, the EDOS names at the services host itself (the stub), nothing else exists.
 */
export function labDnsNames(serverIp: string, servicesIp: string): Record<string, string> {
  const names: Record<string, string> = { [LAB_SERVER_NAME]: serverIp };
  for (const n of EDOS_NAMES) names[n] = servicesIp;
  return names;
}

function octets(ip: string): number[] {
  const parts = ipv4Octets(ip);
  if (!parts) throw new ProvcertError('PC_ERR_CONFIG', `'${ip}' is not an IPv4 address`);
  return parts;
}

/**
 * The address with `addr`'s host number in the /24 of `other`. The lab's /24s (the lab's own and a
 * container target's podman /24, docs/lab.md) share one Ethernet segment; the services host keeps its
 * host number in each, so phones leased in the target's /24 find the DNS server on-link (option 6).
 */
export function sameHostIn(addr: string, other: string): string {
  const a = octets(addr);
  const o = octets(other);
  return `${o[0]}.${o[1]}.${o[2]}.${a[3]}`;
}

/** Parses one control line; undefined for anything that is not a well-formed update. */
export function parseControl(line: string): ServicesControl | undefined {
  let m: unknown;
  try { m = JSON.parse(line); } catch { return undefined; }
  if (typeof m !== 'object' || m === null) return undefined;
  const c = m as { type?: unknown; listen?: unknown; state?: { serverIp?: unknown; provisioningUrl?: unknown } };
  if (c.type !== 'update' || !Array.isArray(c.listen) || !c.listen.every((x) => typeof x === 'string')) return undefined;
  if (typeof c.state?.serverIp !== 'string' || typeof c.state.provisioningUrl !== 'string') return undefined;
  return m as ServicesControl;
}

/** Parses one stdout line of the services process; undefined when it is not an event line. */
export function parseEvent(line: string): ServicesEvent | undefined {
  if (!line.startsWith(SERVICES_LINE)) return undefined;
  try {
    const e = JSON.parse(line.slice(SERVICES_LINE.length)) as ServicesEvent;
    return e.type === 'ready' || e.type === 'updated' || e.type === 'failed' ? e : undefined;
  } catch {
    return undefined;
  }
}
