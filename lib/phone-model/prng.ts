/**
 * Seeded PRNG kept inside the phone state (style-examples.md #9): sfc32, 128 bits of state
 * stored as four uint32 numbers so that the state stays plain, cloneable data.
 * Every random decision of the model (DHCP xid, retransmission jitter, Resync_Random_Delay,
 * `+r` schedule extras, Resync_At_Random_Delay) draws from here: same seed + same events =
 * same effects.
 */

export type PrngState = readonly [number, number, number, number];

/** Seeds sfc32 from one 32-bit integer (splitmix32 expansion, then 12 warm-up rounds). */
export function seedPrng(seed: number): PrngState {
  let x = seed >>> 0;
  const next = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s: PrngState = [next(), next(), next(), next()];
  for (let i = 0; i < 12; i++) s = nextU32(s)[1];
  return s;
}

/** One sfc32 round: returns a uint32 and the next state. */
export function nextU32(s: PrngState): [number, PrngState] {
  let [a, b, c, d] = s;
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = (b ^ (b >>> 9)) >>> 0;
  b = (c + (c << 3)) >>> 0;
  c = ((c << 21) | (c >>> 11)) >>> 0;
  c = (c + t) >>> 0;
  return [t, [a, b, c, d]];
}

/** Uniform integer in [lo, hi] (inclusive); bias-free by rejection. hi - lo must be < 2^32. */
export function randomInt(s: PrngState, lo: number, hi: number): [number, PrngState] {
  if (hi <= lo) return [lo, s];
  const span = hi - lo + 1;
  const limit = Math.floor(0x100000000 / span) * span;
  let st = s;
  // Bounded: the acceptance probability is > 1/2 per round, 64 rounds fail with p < 2^-64.
  for (let i = 0; i < 64; i++) {
    const [v, n] = nextU32(st);
    st = n;
    if (v < limit) return [lo + (v % span), st];
  }
  return [lo, st];
}
