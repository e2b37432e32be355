/**
 * Byte-level mutations (the layer under every grammar): bit flips, interesting values in 1/2/4
 * octet fields, insertions, deletions, duplications and truncation. Used on corpus entries and on
 * encoded messages of our own decoders. Each mutation is plain data plus a pure `apply`.
 */
import fc from 'fast-check';

export interface Mutation {
  /** 'xml:deep-nesting', 'bytes:flip', ...: recorded in the finding. */
  readonly name: string;
  apply(input: Buffer): Buffer;
}

/** Offset for a fraction-like number: stable under shrinking (shrinks towards the start). */
export const at = (n: number, len: number): number => (len === 0 ? 0 : n % (len + 1));

export const insertAt = (b: Buffer, offset: number, what: Buffer | string): Buffer =>
  Buffer.concat([b.subarray(0, offset), typeof what === 'string' ? Buffer.from(what, 'latin1') : what, b.subarray(offset)]);

/** Values that sit on boundaries of length and count fields (AFL's "interesting values"). */
const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

export const byteMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(7)).map(([pos, bit]): Mutation => ({
    name: 'bytes:flip',
    apply: (b) => { if (b.length === 0) return b; const o = Buffer.from(b); const i = pos % o.length; o[i] = (o[i] as number) ^ (1 << bit); return o; },
  })),
  fc.tuple(fc.nat(), fc.constantFrom(1, 2, 4), fc.constantFrom(...INTERESTING_32), fc.boolean()).map(([pos, width, v, be]): Mutation => ({
    name: `bytes:set-u${width * 8}`,
    apply: (b) => {
      if (b.length < width) return b;
      const o = Buffer.from(b);
      const i = pos % (o.length - width + 1);
      const val = v % 2 ** (width * 8);
      if (width === 1) o.writeUInt8(val, i);
      else if (width === 2) (be ? o.writeUInt16BE(val, i) : o.writeUInt16LE(val, i));
      else (be ? o.writeUInt32BE(val, i) : o.writeUInt32LE(val, i));
      return o;
    },
  })),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([pos, bytes]): Mutation => ({
    name: 'bytes:insert', apply: (b) => insertAt(b, at(pos, b.length), Buffer.from(bytes)),
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 })).map(([pos, len]): Mutation => ({
    name: 'bytes:delete',
    apply: (b) => { const i = at(pos, b.length); return Buffer.concat([b.subarray(0, i), b.subarray(i + len)]); },
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 16 })).map(([pos, len, times]): Mutation => ({
    name: 'bytes:duplicate',
    apply: (b) => { const i = at(pos, b.length); const chunk = b.subarray(i, i + len); return insertAt(b, i, Buffer.concat(Array(times).fill(chunk))); },
  })),
  fc.nat().map((pos): Mutation => ({ name: 'bytes:truncate', apply: (b) => b.subarray(0, at(pos, b.length)) })),
);

/** Applies mutations in order; never throws (a mutation that cannot apply leaves the input). */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  for (const m of mutations) b = m.apply(b);
  return b;
}

/** 1..n byte mutations of a base input. */
export function mutatedBytesArb(base: fc.Arbitrary<Uint8Array>, maxMutations = 4): fc.Arbitrary<{ bytes: Buffer; mutations: string[] }> {
  return fc.tuple(base, fc.array(byteMutationArb, { minLength: 1, maxLength: maxMutations }))
    .map(([b, ms]) => ({ bytes: applyMutations(b, ms), mutations: ms.map((m) => m.name) }));
}
