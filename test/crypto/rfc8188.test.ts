import t from 'tap';
import fc from 'fast-check';
import {
  aes128gcmDecrypt,
  aes128gcmEncrypt,
  deriveKeyAndNonce,
  encodeAes128gcmHeader,
  parseIkm,
  recordNonce,
  sealRecord,
  toBase64url,
} from '../../lib/crypto/index.js';
import { ProvcertError } from '../../lib/errors.js';

const SEED = 8188;
const WALRUS = Buffer.from('I am the walrus');
const b64 = (s: string) => parseIkm(s);

// RFC 8188 section 3.1 (single record, rs 4096, empty keyid) and its intermediate values.
const V1 = {
  ikm: 'yqdlZ-tYemfogSmv7Ws5PQ',
  salt: 'I1BsxtFttlv3u_Oo94xnmw',
  prk: 'zyeH5phsIsgUyd4oiSEIy35x-gIi4aM7y0hCF8mwn9g',
  cek: '_wniytB-ofscZDh4tbSjHw',
  nonce: 'Bcs8gkIRKLI8GeI8',
  body: 'I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg',
};
// RFC 8188 section 3.2: rs 25, keyid "a1", one 0x00 padding octet in the first record.
const V2 = {
  ikm: 'BO3ZVPxUlnLORbVGMpbT1Q',
  salt: 'uNCkWiNYzKTnBN9ji3-qWA',
  body: 'uNCkWiNYzKTnBN9ji3-qWAAAABkCYTHOG8chz_gnvgOqdGYovxyjuqRyJFjEDyoF1Fvkj6hQPdPHI51OEUKEpgz3SsLWIqS_uA',
};

t.test('RFC 8188 section 3.1: intermediate values and body byte-exact', async (t) => {
  const d = deriveKeyAndNonce(b64(V1.ikm), b64(V1.salt));
  t.equal(toBase64url(d.prk), V1.prk);
  t.equal(toBase64url(d.cek), V1.cek);
  t.equal(toBase64url(d.nonce), V1.nonce);
  const body = aes128gcmEncrypt(WALRUS, b64(V1.ikm), { salt: b64(V1.salt), rs: 4096 });
  t.equal(toBase64url(body), V1.body);
  t.equal(body.length, 53);
  const dec = aes128gcmDecrypt(b64(V1.body), b64(V1.ikm));
  t.equal(Buffer.from(dec.plain).toString(), 'I am the walrus');
  t.equal(dec.rs, 4096);
  t.equal(dec.keyid.length, 0);
  t.equal(dec.records, 1);
});

t.test('RFC 8188 section 3.2: two records, keyid a1, padding [1, 0] byte-exact', async (t) => {
  const body = aes128gcmEncrypt(WALRUS, b64(V2.ikm), { salt: b64(V2.salt), rs: 25, keyid: Buffer.from('a1'), padding: [1] });
  t.equal(toBase64url(body), V2.body);
  t.equal(body.length, 73);
  const dec = aes128gcmDecrypt(b64(V2.body), b64(V2.ikm));
  t.equal(Buffer.from(dec.plain).toString(), 'I am the walrus');
  t.equal(dec.rs, 25);
  t.equal(Buffer.from(dec.keyid).toString(), 'a1');
  t.equal(dec.records, 2);
  // Without the padding octet the split differs, so the body must differ too.
  t.not(toBase64url(aes128gcmEncrypt(WALRUS, b64(V2.ikm), { salt: b64(V2.salt), rs: 25, keyid: Buffer.from('a1') })), V2.body);
});

t.test('recordNonce XORs the 96-bit big-endian sequence number', async (t) => {
  const base = Buffer.alloc(12, 0xff);
  t.equal(recordNonce(base, 0).toString('hex'), 'ff'.repeat(12));
  t.equal(recordNonce(base, 1).toString('hex'), 'ff'.repeat(11) + 'fe');
  t.equal(recordNonce(base, 0x0102).toString('hex'), 'ff'.repeat(10) + 'fefd');
  t.equal(recordNonce(Buffer.alloc(12), 2 ** 40 + 5).toString('hex'), '00'.repeat(6) + '010000000005');
});

t.test('round trip for arbitrary sizes, rs (incl. 18 and record boundaries), keyid and padding', async (t) => {
  const arb = fc.record({
    rs: fc.oneof(fc.constantFrom(18, 19, 25, 33, 4096), fc.integer({ min: 18, max: 200 })),
    keyid: fc.uint8Array({ maxLength: 255 }),
    ikm: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    padding: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 }),
  }).map((o) => ({ ...o, padding: o.padding.map((p) => Math.min(p, o.rs - 17)) })).chain((o) =>
    fc.record({
      o: fc.constant(o),
      // plaintext lengths on and around multiples of the per-record capacity rs-17
      len: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4 }).map((k) => k * (o.rs - 17)), fc.integer({ min: 0, max: 4 }).map((k) => k * (o.rs - 17) + 1), fc.integer({ min: 0, max: 500 })),
    }),
  ).chain(({ o, len }) => fc.record({ o: fc.constant(o), plain: fc.uint8Array({ minLength: len, maxLength: len }) }));
  fc.assert(
    fc.property(arb, ({ o, plain }) => {
      const body = aes128gcmEncrypt(plain, o.ikm, { rs: o.rs, keyid: o.keyid, padding: o.padding });
      const recordsPart = body.length - 21 - o.keyid.length;
      const full = Math.floor(recordsPart / o.rs);
      const tail = recordsPart % o.rs;
      if (!(tail === 0 || tail >= 17)) throw new Error(`bad tail ${tail}`);
      const dec = aes128gcmDecrypt(body, o.ikm);
      if (dec.records !== full + (tail ? 1 : 0)) throw new Error(`records ${dec.records} vs ${full}+${tail}`);
      return Buffer.from(dec.plain).equals(Buffer.from(plain)) && dec.rs === o.rs && Buffer.from(dec.keyid).equals(Buffer.from(o.keyid));
    }),
    { seed: SEED, numRuns: 300 },
  );
  t.pass('300 round trips');
});

t.test('encrypt options are validated (PC_ERR_CONFIG)', async (t) => {
  const ikm = Buffer.alloc(16, 1);
  t.throws(() => aes128gcmEncrypt(WALRUS, ikm, { rs: 17 }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => aes128gcmEncrypt(WALRUS, ikm, { rs: 2 ** 32 }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => aes128gcmEncrypt(WALRUS, ikm, { keyid: Buffer.alloc(256) }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => aes128gcmEncrypt(WALRUS, ikm, { salt: Buffer.alloc(15) }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => aes128gcmEncrypt(WALRUS, ikm, { rs: 20, padding: [4] }), { code: 'PC_ERR_CONFIG' });
  t.ok(aes128gcmEncrypt(WALRUS, ikm, { rs: 20, padding: [3] }).length > 0, 'padding rs-17 is allowed');
});

/** Builds a body from explicit record plaintexts (delimiters included) with valid tags. */
function craft(records: Buffer[], rs: number, ikm = Buffer.alloc(16, 7), salt = Buffer.alloc(16, 3)): Buffer {
  const { cek, nonce } = deriveKeyAndNonce(ikm, salt);
  return Buffer.concat([encodeAes128gcmHeader(salt, rs, Buffer.alloc(0)), ...records.map((r, i) => sealRecord(cek, recordNonce(nonce, i), r))]);
}
const IKM = Buffer.alloc(16, 7);

t.test('every malformation is a typed error with an offset', async (t) => {
  const fmt = (body: Uint8Array, offset: number, re: RegExp, what: string) =>
    t.throws(() => aes128gcmDecrypt(body, IKM), { code: 'PC_ERR_CRYPTO_FORMAT', offset, message: re }, what);
  const ok = craft([Buffer.from('ab\x02')], 40);
  t.equal(Buffer.from(aes128gcmDecrypt(ok, IKM).plain).toString(), 'ab', 'crafted well-formed body decrypts');
  fmt(ok.subarray(0, 10), 10, /header/, 'header truncated');
  const rs17 = Buffer.from(ok); rs17.writeUInt32BE(17, 16);
  fmt(rs17, 16, /minimum of 18/, 'rs < 18');
  const idlen = Buffer.from(ok.subarray(0, 21)); idlen[20] = 5;
  fmt(Buffer.concat([idlen, Buffer.from('ab')]), 23, /keyid/, 'keyid truncated');
  fmt(ok.subarray(0, 21), 21, /no records/, 'header only');
  fmt(ok.subarray(0, 21 + 16), 21, /truncated record/, 'record shorter than 17');
  fmt(craft([Buffer.from('\x00\x00\x00')], 40), 21, /no padding delimiter/, 'missing delimiter (all zero)');
  fmt(craft([Buffer.from('ab\x00\x00')], 40), 21, /0x62/, 'no 0x01/0x02 delimiter: last non-zero octet is data');
  fmt(craft([Buffer.alloc(0)], 40), 21, /truncated record/, 'record with only a tag');
  fmt(craft([Buffer.from('ab\x02\x00\x07\x00')], 40), 21, /non-zero padding/, 'non-zero padding octet');
  fmt(craft([Buffer.from('ab\x01')], 40), 21, /truncated/, 'last record with delimiter 1');
  // Two full records: the first (delimiter 2) claims to be last but another follows.
  fmt(craft([Buffer.alloc(9, 0x41).fill(2, 8), Buffer.alloc(9, 0x42).fill(2, 8)], 25), 21, /followed by more records/, 'record after last');
  fmt(craft([Buffer.alloc(9, 0x41).fill(1, 8), Buffer.alloc(9, 0x42).fill(1, 8)], 25), 46, /truncated/, 'cut on a record boundary');
  fmt(craft([Buffer.alloc(9, 0x41).fill(3, 8), Buffer.from('x\x02')], 25), 21, /0x03/, 'delimiter 3');
  // A full-size non-final record ending in 0x02 at rs boundary, then a 17-octet record: still "after last".
  t.throws(() => aes128gcmDecrypt(ok, Buffer.alloc(16, 8)), { code: 'PC_ERR_CRYPTO_KEY', offset: 21 }, 'wrong IKM');
  const swapped = craft([Buffer.alloc(9, 0x41).fill(1, 8), Buffer.from('x\x02')], 25);
  const reordered = Buffer.concat([swapped.subarray(0, 21), swapped.subarray(46), swapped.subarray(21, 46)]);
  t.throws(() => aes128gcmDecrypt(reordered, IKM), { code: 'PC_ERR_CRYPTO_KEY' }, 'reordered records fail the nonce');
});

// RFC 8188 authenticates the salt (through the key) and every record, but not rs or keyid: a flip
// there may still decrypt (same records, other keyid), and must then give the same plaintext.
t.test('every truncation and every bit flip outside rs/keyid is a typed error (property)', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 18, max: 60 }), fc.nat(), fc.nat(), fc.boolean(), (plain, rs, a, b, truncate) => {
      const body = Buffer.from(aes128gcmEncrypt(plain, IKM, { rs, keyid: Buffer.from('k') }));
      let bad: Buffer;
      if (truncate) bad = body.subarray(0, a % body.length);
      else {
        bad = Buffer.from(body);
        const i = a % bad.length;
        bad[i] = (bad[i] as number) ^ (1 << (b % 8));
      }
      try {
        const r = aes128gcmDecrypt(bad, IKM);
        const i = a % body.length;
        return !truncate && i >= 16 && i < 21 + 1 && Buffer.from(r.plain).equals(Buffer.from(plain));
      } catch (e) {
        return e instanceof ProvcertError && (e.code === 'PC_ERR_CRYPTO_FORMAT' || e.code === 'PC_ERR_CRYPTO_KEY') && typeof e.offset === 'number' && e.offset >= 0 && e.offset <= bad.length;
      }
    }),
    { seed: SEED, numRuns: 500 },
  );
  t.pass('500 corrupted bodies rejected');
});
