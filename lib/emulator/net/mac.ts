/** MAC spellings: target files use 12 lower-case hex digits ($MA), the link codec uses colons. */
import { ProvcertError } from '../../errors.js';

/** Normalises 'AA:BB:..', 'aa-bb-..' or 'aabb..' to 12 lower-case hex digits. */
export function normalizeMac(mac: string): string {
  const hex = mac.replace(/[:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) throw new ProvcertError('PC_ERR_CONFIG', `'${mac}' is not a MAC address (12 hex digits)`);
  return hex;
}

export function macWithColons(mac: string): string {
  return normalizeMac(mac).replace(/(..)(?!$)/g, '$1:');
}

export function macBytes(mac: string): Uint8Array {
  const hex = normalizeMac(mac);
  return Uint8Array.from({ length: 6 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** The first 6 octets of a chaddr field as 12 hex digits (htype 1, hlen 6). */
export function macFromChaddr(chaddr: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (chaddr[i] ?? 0).toString(16).padStart(2, '0');
  return s;
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
