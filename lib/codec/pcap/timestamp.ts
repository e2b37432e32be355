/**
 * Exact timestamps: integer nanoseconds since the Unix epoch as bigint, so that nothing is lost
 * between pcap (µs/ns), pcapng (any if_tsresol) and tshark's frame.time_epoch.
 */
import { encodeError } from '../link/bytes.js';

export type TimestampInput = bigint | { readonly sec: number | bigint; readonly nsec: number };

export function toNs(ts: TimestampInput): bigint {
  if (typeof ts === 'bigint') return ts;
  if (!Number.isInteger(ts.nsec) || ts.nsec < 0 || ts.nsec >= 1e9) throw encodeError('capture', `nsec ${ts.nsec} must be an integer in [0, 1e9)`);
  return BigInt(ts.sec) * 1_000_000_000n + BigInt(ts.nsec);
}

/** 'SEC.NNNNNNNNN' as tshark prints frame.time_epoch (9 fractional digits). */
export function formatEpochNs(ns: bigint): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  return `${neg ? '-' : ''}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/** Splits into whole seconds and a remainder in [0, 1e9) (floor division, also for negatives). */
export function splitNs(ns: bigint): { sec: bigint; nsec: bigint } {
  let sec = ns / 1_000_000_000n;
  let nsec = ns % 1_000_000_000n;
  if (nsec < 0n) { sec -= 1n; nsec += 1_000_000_000n; }
  return { sec, nsec };
}
