/**
 * The one law helper for every codec (style-examples.md #2):
 * - encoded length equals encodingLength;
 * - decode(encode(v)) gives v back (deep equal after `normalise`);
 * - decoding at a non-zero offset works;
 * - every truncation of a valid encoding throws DecodeError with an in-range offset;
 * - real captured vectors re-encode byte-identically (or declare why they are lossy).
 */
import fc from 'fast-check';
import type { Test } from 'tap';
import type { Codec } from '../../lib/codec/types.js';
import { DecodeError } from '../../lib/errors.js';

export interface Vector {
  name: string;
  bytes: Uint8Array;
  /** Reason the vector cannot re-encode identically (e.g. padding dropped); omit when it must. */
  lossy?: string;
}

export interface LawOptions<T> {
  /** Maps a value to the form compared after a round trip (default: identity). */
  normalise?: (v: T) => unknown;
  numRuns?: number;
  seed?: number;
  /** Truncations to test per value (all prefixes when the message is short). Default 64. */
  maxTruncations?: number;
  /** Some formats (text protocols without length framing) can legitimately decode a prefix. */
  truncationMayDecode?: (prefix: Uint8Array, full: Uint8Array) => boolean;
}

function prefixLengths(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>([0, 1, n - 1]);
  for (let i = 0; out.size < max; i++) out.add(Math.floor((i * 7919) % n));
  return [...out].sort((a, b) => a - b);
}

export function checkTruncations<T>(t: Test, codec: Codec<T>, full: Uint8Array, opts: LawOptions<T> = {}): void {
  for (const len of prefixLengths(full.length, opts.maxTruncations ?? 64)) {
    const prefix = full.subarray(0, len);
    try {
      codec.decode(prefix);
      if (!opts.truncationMayDecode?.(prefix, full)) {
        t.fail(`${codec.proto}: truncation to ${len}/${full.length} bytes decoded without error`);
        return;
      }
    } catch (e) {
      if (!(e instanceof DecodeError)) {
        t.fail(`${codec.proto}: truncation to ${len} threw ${String(e)} instead of DecodeError`);
        return;
      }
      if (e.offset < 0 || e.offset > len) {
        t.fail(`${codec.proto}: truncation to ${len} reported offset ${e.offset}`);
        return;
      }
    }
  }
}

export function assertCodecLaws<T>(t: Test, codec: Codec<T>, arb: fc.Arbitrary<T>, vectors: readonly Vector[] = [], opts: LawOptions<T> = {}): void {
  const norm = opts.normalise ?? ((v: T) => v);
  fc.assert(
    fc.property(arb, fc.integer({ min: 1, max: 16 }), (value, pad) => {
      const bytes = codec.encode(value);
      if (bytes.length !== codec.encodingLength(value)) {
        throw new Error(`encodingLength ${codec.encodingLength(value)} != encoded ${bytes.length}`);
      }
      const back = codec.decode(bytes);
      if (back.bytesRead !== bytes.length) throw new Error(`bytesRead ${back.bytesRead} != ${bytes.length}`);
      t.strictSame(norm(back.value), norm(value), `${codec.proto}: round trip`);
      const shifted = new Uint8Array(pad + bytes.length);
      shifted.set(bytes, pad);
      const atOffset = codec.decode(shifted, pad);
      t.strictSame(norm(atOffset.value), norm(value), `${codec.proto}: decode at offset ${pad}`);
      return true;
    }),
    { numRuns: opts.numRuns ?? 100, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) },
  );
  fc.assert(
    fc.property(arb, (value) => {
      checkTruncations(t, codec, codec.encode(value), opts);
      return true;
    }),
    { numRuns: Math.min(opts.numRuns ?? 100, 30), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) },
  );
  for (const v of vectors) {
    const decoded = codec.decode(v.bytes);
    if (v.lossy) {
      t.ok(v.lossy.length > 0, `${codec.proto}: ${v.name} is lossy: ${v.lossy}`);
      continue;
    }
    const again = codec.encode(decoded.value);
    t.same(Buffer.from(again).toString('hex'), Buffer.from(v.bytes.subarray(0, decoded.bytesRead)).toString('hex'), `${codec.proto}: ${v.name} re-encodes byte-identically`);
    checkTruncations(t, codec, v.bytes.subarray(0, decoded.bytesRead), opts);
  }
}

/** Asserts that `fn` throws a DecodeError with this code (and whatever `check` adds). */
export function throwsDecode(t: Test, fn: () => unknown, code: string, check: (e: DecodeError) => boolean = () => true): void {
  try {
    fn();
    t.fail(`expected ${code}`);
  } catch (e) {
    t.ok(e instanceof DecodeError && e.code === code && check(e), `throws ${code}: ${String(e)}`);
  }
}

/** Bytes from hex written with spaces for readability ('4500 0148 ...'). */
export const hexBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
