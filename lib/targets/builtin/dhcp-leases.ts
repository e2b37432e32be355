/**
 * DHCP address pool and bindings, keyed by client identifier (option 61) when the client sends one,
 * else by chaddr (RFC 2131 section 4.2: "the combination of 'client identifier' or 'chaddr' and
 * assigned network address constitute a unique identifier for the client's lease"). Pure: the caller
 * passes the time, so the table is testable without clocks.
 */
import { ProvcertError } from '../../errors.js';

export interface Lease {
  readonly key: string;
  readonly ip: string;
  /** 'offered' until a REQUEST binds it (RFC 2131 section 4.3.1 reservation), then 'bound'. */
  state: 'offered' | 'bound';
  expiresAt: number;
}

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new ProvcertError('PC_ERR_CONFIG', `'${ip}' is not an IPv4 address`);
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** How long an OFFER reserves its address (ms). */
export const OFFER_HOLD_MS = 60_000;

export class LeaseTable {
  private readonly byKey = new Map<string, Lease>();
  private readonly byIp = new Map<string, Lease>();
  /** Addresses a client declined (RFC 2131 section 4.3.3: mark as not available). */
  private readonly declined = new Set<string>();
  private readonly first: number;
  private readonly last: number;
  private cursor: number;

  constructor(start: string, end: string, readonly leaseSeconds: number) {
    this.first = ipToInt(start);
    this.last = ipToInt(end);
    if (this.last < this.first) throw new ProvcertError('PC_ERR_CONFIG', `DHCP pool ${start}-${end} is empty`);
    this.cursor = this.first;
  }

  inPool(ip: string): boolean {
    const n = ipToInt(ip);
    return n >= this.first && n <= this.last;
  }

  get(key: string, now: number): Lease | undefined {
    const l = this.byKey.get(key);
    if (l && l.expiresAt <= now) {
      this.drop(l);
      return undefined;
    }
    return l;
  }

  holder(ip: string, now: number): Lease | undefined {
    const l = this.byIp.get(ip);
    if (l && l.expiresAt <= now) {
      this.drop(l);
      return undefined;
    }
    return l;
  }

  isFree(ip: string, now: number, key: string): boolean {
    if (!this.inPool(ip) || this.declined.has(ip)) return false;
    const h = this.holder(ip, now);
    return !h || h.key === key;
  }

  /** The address to offer: the client's current one, else its requested one if free, else the next free. */
  offer(key: string, requested: string | undefined, now: number): Lease | undefined {
    const current = this.get(key, now);
    let ip = current?.ip;
    if (ip === undefined && requested !== undefined && this.isFree(requested, now, key)) ip = requested;
    if (ip === undefined) ip = this.nextFree(now, key);
    if (ip === undefined) return undefined;
    if (current?.state === 'bound' && current.ip === ip) return current;
    return this.put({ key, ip, state: 'offered', expiresAt: now + OFFER_HOLD_MS });
  }

  bind(key: string, ip: string, now: number): Lease {
    return this.put({ key, ip, state: 'bound', expiresAt: now + this.leaseSeconds * 1000 });
  }

  release(key: string, ip: string): boolean {
    const l = this.byKey.get(key);
    if (!l || l.ip !== ip) return false;
    this.drop(l);
    return true;
  }

  decline(key: string, ip: string): void {
    const l = this.byKey.get(key);
    if (l && l.ip === ip) this.drop(l);
    if (this.inPool(ip)) this.declined.add(ip);
  }

  private put(l: Lease): Lease {
    const old = this.byKey.get(l.key);
    if (old) this.drop(old);
    this.byKey.set(l.key, l);
    this.byIp.set(l.ip, l);
    return l;
  }

  private drop(l: Lease): void {
    if (this.byKey.get(l.key) === l) this.byKey.delete(l.key);
    if (this.byIp.get(l.ip) === l) this.byIp.delete(l.ip);
  }

  /** Round-robin over the pool; bounded by the pool size. */
  private nextFree(now: number, key: string): string | undefined {
    const size = this.last - this.first + 1;
    for (let i = 0; i < size; i++) {
      const n = this.cursor;
      this.cursor = this.cursor >= this.last ? this.first : this.cursor + 1;
      const ip = intToIp(n);
      // Skip .0 and .255 host parts so that a /16 pool never hands out an address that looks like a broadcast.
      if ((n & 0xff) === 0 || (n & 0xff) === 255) continue;
      if (this.isFree(ip, now, key)) return ip;
    }
    return undefined;
  }
}
