/**
 * `cap` (libpcap binding) is an OPTIONAL dependency: it is loaded lazily so that everything else
 * works without it and without root. The types below are the part of its API we use.
 */
import { ProvcertError } from '../../errors.js';

export interface CapHandle {
  /** Returns the link type name ('ETHERNET', 'LINKTYPE_LINUX_SLL', ...). */
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  send(buffer: Buffer, length?: number): void;
  close(): void;
  setMinBytes?(n: number): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): this;
  removeAllListeners(event?: string): this;
}

export interface CapModule {
  Cap: { new (): CapHandle; deviceList(): { name: string }[] };
}

let cached: Promise<CapModule> | undefined;

function isCapModule(m: unknown): m is CapModule {
  return typeof m === 'object' && m !== null && typeof (m as { Cap?: unknown }).Cap === 'function';
}

/** Loads cap once; PC_ERR_LAB with an install hint when it is missing or failed to build. */
export function loadCap(): Promise<CapModule> {
  cached ??= (async () => {
    const name = 'cap'; // a variable specifier: no type declarations needed, resolved at run time
    let mod: unknown;
    try {
      mod = await import(name);
    } catch (e) {
      throw new ProvcertError('PC_ERR_LAB', 'raw Ethernet needs the optional package `cap` (libpcap binding): install libpcap-dev, then `npm install cap`', { cause: e });
    }
    const m = (mod as { default?: unknown }).default ?? mod;
    if (!isCapModule(m)) throw new ProvcertError('PC_ERR_LAB', 'the installed `cap` package does not export Cap');
    return m;
  })();
  cached.catch(() => { cached = undefined; });
  return cached;
}

/** Whether cap can be loaded here (for test skips); never throws. */
export async function capAvailable(): Promise<string | undefined> {
  try {
    await loadCap();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
