/** The Internet checksum (RFC 1071) and the pseudo-header sums for UDP/TCP (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1). */

/** One's-complement sum of 16-bit big-endian words, not yet folded or inverted. */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8; // odd length: pad with a zero octet (RFC 1071 §4.1)
  return sum;
}

export function foldChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  return foldChecksum(onesSum(bytes, start, end, initial));
}

/** Source and destination address octets (4 for IPv4, 16 for IPv6) for the pseudo header. */
export interface PseudoHeader {
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

export function pseudoHeaderSum(p: PseudoHeader, protocol: number, length: number): number {
  let sum = onesSum(p.src) + onesSum(p.dst) + protocol;
  // IPv6 uses a 32-bit upper-layer length (RFC 8200 §8.1); for IPv4 the high half is zero anyway.
  sum += Math.floor(length / 0x10000) + (length & 0xffff);
  return sum;
}
