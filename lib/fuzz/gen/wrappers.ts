/**
 * Wrapper-layer mutations (issue 7 part 1): `openssl enc -aes-256-cbc` bodies (ENC-002) with a
 * broken "Salted__" header, truncated blocks or bad PKCS#7 padding; RFC 8188 aes128gcm bodies
 * (ENC-008..010) with bad rs, idlen, keyid, a missing delimiter or records after the last one;
 * gzip bodies (ENC-001, X-PROF-003) that are bombs, truncated, or have a bad trailer.
 * Encryption is deterministic: salts come from the arbitrary, keys from FUZZ_KEYS.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { opensslEncrypt } from '../../crypto/openssl.js';
import { aes128gcmEncrypt, deriveKeyAndNonce, encodeHeader, recordNonce, sealRecord } from '../../crypto/rfc8188.js';
import { parseIkm } from '../../crypto/base64url.js';
import { FUZZ_KEYS } from '../reference.js';
import type { Mutation } from './bytes.js';

const IKM = parseIkm(FUZZ_KEYS.ikm);
const BLOCK = 16;

export interface Wrapped {
  readonly bytes: Buffer;
  readonly mutations: string[];
}

// --- openssl enc ------------------------------------------------------------------------------

const opensslBreakArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ name: 'openssl:valid', apply: (b) => b }),
  fc.tuple(fc.nat(7), fc.constantFrom(0x73, 0x00, 0x5f, 0x20)).map(([i, v]): Mutation => ({
    name: 'openssl:broken-magic', apply: (b) => { const o = Buffer.from(b); o[i] = v === o[i] ? v ^ 1 : v; return o; },
  })),
  fc.nat(7).map((k): Mutation => ({ name: 'openssl:truncated-salt', apply: (b) => b.subarray(0, 8 + k) })),
  fc.integer({ min: 1, max: 15 }).map((k): Mutation => ({ name: 'openssl:truncated-block', apply: (b) => b.subarray(0, b.length - k) })),
  fc.constant<Mutation>({ name: 'openssl:missing-last-block', apply: (b) => (b.length > 32 + BLOCK ? b.subarray(0, b.length - BLOCK) : b) }),
  fc.integer({ min: 1, max: 255 }).map((x): Mutation => ({
    // CBC: flipping the previous ciphertext block's last byte flips the padding byte (bad padding).
    name: 'openssl:bad-padding', apply: (b) => { const o = Buffer.from(b); const i = o.length - BLOCK - 1; if (i >= 16) o[i] = (o[i] as number) ^ x; return o; },
  })),
  fc.constant<Mutation>({ name: 'openssl:no-ciphertext', apply: (b) => b.subarray(0, 16) }),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((extra): Mutation => ({ name: 'openssl:extra-block', apply: (b) => Buffer.concat([b, Buffer.from(extra)]) })),
);

export function opensslArb(plain: fc.Arbitrary<Buffer>): fc.Arbitrary<Wrapped> {
  return fc.tuple(plain, fc.uint8Array({ minLength: 8, maxLength: 8 }), opensslBreakArb).map(([p, salt, m]) => ({
    bytes: m.apply(Buffer.from(opensslEncrypt(p, FUZZ_KEYS.passphrase, { kind: 'evp', md: FUZZ_KEYS.md }, salt))),
    mutations: [m.name],
  }));
}

// --- RFC 8188 aes128gcm -------------------------------------------------------------------------

interface GcmParams { salt: Uint8Array; rs: number; keyid: Uint8Array }

/** RFC 8188 section 2: records sealed by hand, for bodies aes128gcmEncrypt refuses to make. */
function sealRecords(plainRecords: Buffer[], p: GcmParams): Buffer {
  const { cek, nonce } = deriveKeyAndNonce(IKM, p.salt);
  return Buffer.concat([encodeHeader(p.salt, p.rs, p.keyid), ...plainRecords.map((r, seq) => sealRecord(cek, recordNonce(nonce, seq), r))]);
}

type GcmBuild = { name: string; build: (plain: Buffer, p: GcmParams) => Buffer };

const gcmVariantArb: fc.Arbitrary<GcmBuild> = fc.oneof(
  fc.constant<GcmBuild>({ name: 'aes128gcm:valid', build: (plain, p) => Buffer.from(aes128gcmEncrypt(plain, IKM, p)) }),
  fc.constantFrom(0, 1, 16, 17, 0xffffffff, 0x80000000).map((rs): GcmBuild => ({
    name: 'aes128gcm:bad-rs', build: (plain, p) => { const o = Buffer.from(aes128gcmEncrypt(plain, IKM, p)); o.writeUInt32BE(rs, 16); return o; },
  })),
  fc.constantFrom(1, 17, 200, 255).map((delta): GcmBuild => ({
    name: 'aes128gcm:bad-idlen', build: (plain, p) => { const o = Buffer.from(aes128gcmEncrypt(plain, IKM, p)); o[20] = ((o[20] as number) + delta) & 0xff; return o; },
  })),
  fc.uint8Array({ minLength: 0, maxLength: 255 }).map((keyid): GcmBuild => ({
    name: 'aes128gcm:odd-keyid', build: (plain, p) => Buffer.from(aes128gcmEncrypt(plain, IKM, { ...p, keyid })),
  })),
  fc.constant<GcmBuild>({
    // Every record must end with delimiter 1 or 2 before its padding (RFC 8188 section 2).
    name: 'aes128gcm:missing-delimiter', build: (plain, p) => sealRecords([plain.subarray(0, Math.max(0, p.rs - 17))], p),
  }),
  fc.constantFrom(1, 2).map((delim): GcmBuild => ({
    name: 'aes128gcm:extra-record',
    build: (plain, p) => {
      const room = p.rs - 17;
      const last = Buffer.concat([plain.subarray(0, room), Buffer.from([2])]);
      return sealRecords([last, Buffer.from([0x3c, delim])], p);
    },
  })),
  fc.integer({ min: 1, max: 40 }).map((k): GcmBuild => ({
    name: 'aes128gcm:truncated', build: (plain, p) => { const o = Buffer.from(aes128gcmEncrypt(plain, IKM, p)); return o.subarray(0, Math.max(0, o.length - k)); },
  })),
  fc.constant<GcmBuild>({ name: 'aes128gcm:header-only', build: (_plain, p) => encodeHeader(p.salt, p.rs, p.keyid) }),
);

export function aes128gcmArb(plain: fc.Arbitrary<Buffer>): fc.Arbitrary<Wrapped> {
  const params = fc.record({
    salt: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    rs: fc.constantFrom(18, 19, 33, 256, 4096),
    keyid: fc.uint8Array({ maxLength: 4 }),
  });
  return fc.tuple(plain, params, gcmVariantArb).map(([p, gp, v]) => ({ bytes: v.build(p, gp), mutations: [v.name] }));
}

// --- gzip ---------------------------------------------------------------------------------------

const bombs = new Map<number, Buffer>();
/** A small gzip that inflates to `size` bytes of a profile's white space (cached: compressing 64 MiB takes time). */
function gzipBomb(size: number): Buffer {
  let b = bombs.get(size);
  if (!b) {
    const inner = Buffer.alloc(size, 0x20);
    inner.write('<flat-profile>', 0, 'latin1');
    b = gzipSync(inner, { level: 9 });
    bombs.set(size, b);
  }
  return b;
}

const gzipVariantArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ name: 'gzip:valid', apply: (b) => gzipSync(b) }),
  fc.nat().map((n): Mutation => ({ name: 'gzip:truncated', apply: (b) => { const z = gzipSync(b); return z.subarray(0, 2 + (n % Math.max(1, z.length - 2))); } })),
  fc.constantFrom(4 * 1024 * 1024 + 1, 16 * 1024 * 1024, 64 * 1024 * 1024).map((size): Mutation => ({ name: 'gzip:bomb', apply: () => gzipBomb(size) })),
  fc.integer({ min: 1, max: 8 }).map((k): Mutation => ({ name: 'gzip:bad-trailer', apply: (b) => { const z = Buffer.from(gzipSync(b)); z[z.length - k] = (z[z.length - k] as number) ^ 0xff; return z; } })),
  fc.constant<Mutation>({ name: 'gzip:two-members', apply: (b) => Buffer.concat([gzipSync(b), gzipSync(b)]) }),
  fc.constant<Mutation>({ name: 'gzip:trailing-garbage', apply: (b) => Buffer.concat([gzipSync(b), Buffer.from('garbage')]) }),
  fc.constantFrom(0, 7, 9, 0xff).map((cm): Mutation => ({ name: 'gzip:bad-method', apply: (b) => { const z = Buffer.from(gzipSync(b)); z[2] = cm; return z; } })),
);

export function gzipArb(plain: fc.Arbitrary<Buffer>): fc.Arbitrary<Wrapped> {
  return fc.tuple(plain, gzipVariantArb).map(([p, m]) => ({ bytes: m.apply(p), mutations: [m.name] }));
}
