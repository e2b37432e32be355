/** Text forms of IP addresses as tshark prints them (dotted quad; RFC 5952 compressed IPv6). */
import { encodeError } from '../link/bytes.js';

export function formatIpv4(b: Uint8Array, o = 0): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** The four octets of a dotted quad, or undefined when `text` is not one (callers raise their own error). */
export function ipv4Octets(text: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const parts = m ? m.slice(1).map(Number) : [];
  return parts.length === 4 && parts.every((p) => p <= 255) ? parts : undefined;
}

export function parseIpv4(text: string, proto = 'ipv4'): Uint8Array {
  const parts = ipv4Octets(text);
  if (!parts) throw encodeError(proto, `'${text}' is not an IPv4 address`);
  return Uint8Array.from(parts);
}

/** RFC 5952 §4: lower case, leading zeros dropped, the longest run (>= 2) of zero groups as '::'. */
export function formatIpv6(b: Uint8Array, o = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hexs = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hexs.join(':');
  return `${hexs.slice(0, bestStart).join(':')}::${hexs.slice(bestStart + bestLen).join(':')}`;
}
