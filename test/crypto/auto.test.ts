import t from 'tap';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import {
  aes128gcmEncrypt,
  decryptAuto,
  detectWrapper,
  kdfCandidates,
  opensslEncrypt,
  parseIkm,
  toBase64url,
  type Kdf,
} from '../../lib/crypto/index.js';
import { ProvcertError } from '../../lib/errors.js';
import { opensslEnc, opensslMissing } from './openssl-cli.js';

const SEED = 8188;
const XML = Buffer.from('<?xml version="1.0"?>\n<flat-profile><Profile_Rule>http://x/p.cfg</Profile_Rule></flat-profile>\n');
const IKM = 'yqdlZ-tYemfogSmv7Ws5PQ';

t.test('detectWrapper recognises each wrapper', async (t) => {
  t.equal(detectWrapper(XML), 'xml');
  t.equal(detectWrapper(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \r\n\t<a/>')])), 'xml', 'BOM and whitespace');
  t.equal(detectWrapper(gzipSync(XML)), 'gzip');
  t.equal(detectWrapper(opensslEncrypt(XML, 'k', { kind: 'evp', md: 'md5' })), 'openssl-salted');
  t.equal(detectWrapper(aes128gcmEncrypt(XML, parseIkm(IKM))), 'aes128gcm');
  t.equal(detectWrapper(Buffer.alloc(0)), 'unknown');
  t.equal(detectWrapper(Buffer.from('hello')), 'unknown');
  t.equal(detectWrapper(Buffer.from('<a>\x00\x01</a>')), 'unknown', 'control octets are not XML text');
  t.equal(detectWrapper(Buffer.from([0x1f, 0x8b, 0x07, 0])), 'unknown', 'gzip magic with CM != 8');
  const rs17 = Buffer.from(aes128gcmEncrypt(XML, parseIkm(IKM), { salt: Buffer.alloc(16, 0x41) }));
  rs17.writeUInt32BE(17, 16);
  t.equal(detectWrapper(rs17), 'unknown', 'rs < 18 is not aes128gcm');
  t.equal(detectWrapper(Buffer.concat([Buffer.alloc(16, 0x41), Buffer.from([0, 0, 0, 100, 0]), Buffer.alloc(10)])), 'unknown', 'record shorter than 17');
});

t.test('aes128gcm bodies are detected whatever their random salt (property)', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 18, max: 5000 }), (salt, plain, rs) => {
      const w = detectWrapper(aes128gcmEncrypt(plain, parseIkm(IKM), { salt, rs }));
      // A salt that happens to read as XML text or a gzip header is the documented blind spot.
      return w === 'aes128gcm' || (w === 'xml' && salt[0] === 0x3c) || w === 'gzip';
    }),
    { seed: SEED, numRuns: 300 },
  );
  t.pass('detected');
});

t.test('decryptAuto picks md5, sha256 or pbkdf2 and reports which', async (t) => {
  const cases: Array<[Kdf, Uint8Array]> = [
    [{ kind: 'evp', md: 'md5' }, XML],
    [{ kind: 'evp', md: 'sha256' }, XML],
    [{ kind: 'pbkdf2', iter: 10000 }, XML],
    [{ kind: 'evp', md: 'sha256' }, gzipSync(XML)],
  ];
  for (const [kdf, plain] of cases) {
    const r = decryptAuto(opensslEncrypt(plain, 'SecretPhrase1234', kdf), { key: 'SecretPhrase1234' });
    t.same(r.kdf, kdf, `found ${JSON.stringify(kdf)}`);
    t.equal(r.method, 'openssl-enc');
    t.ok(Buffer.from(r.plain).equals(Buffer.from(plain)));
  }
  t.same(kdfCandidates({}).map((k) => (k.kind === 'evp' ? k.md : `pbkdf2/${k.iter}`)), ['md5', 'sha256', 'pbkdf2/10000'], 'documented order');
});

t.test('decryptAuto with a fixed KDF tries only that one', async (t) => {
  const enc = opensslEncrypt(XML, 'k', { kind: 'pbkdf2', iter: 5 });
  t.same(decryptAuto(enc, { key: 'k', pbkdf2: true, iter: 5 }).kdf, { kind: 'pbkdf2', iter: 5 });
  t.same(decryptAuto(enc, { key: 'k', iter: 5 }).kdf, { kind: 'pbkdf2', iter: 5 }, '--iter implies pbkdf2');
  t.throws(() => decryptAuto(enc, { key: 'k' }), { code: 'PC_ERR_CRYPTO_KEY' }, 'iteration 5 is never guessed');
  t.throws(() => decryptAuto(opensslEncrypt(XML, 'k', { kind: 'evp', md: 'md5' }), { key: 'k', md: 'sha256' }), { code: 'PC_ERR_CRYPTO_KEY' });
  t.throws(() => decryptAuto(enc, { key: 'k', md: 'md5', pbkdf2: true }), { code: 'PC_ERR_CONFIG' });
});

t.test('decryptAuto refuses a non-XML, non-gzip result even when padding is valid', async (t) => {
  const enc = opensslEncrypt(Buffer.from('just text, not a profile'), 'k', { kind: 'evp', md: 'md5' });
  t.throws(() => decryptAuto(enc, { key: 'k' }), { code: 'PC_ERR_CRYPTO_KEY', message: /md5: result is neither XML nor gzip/ });
  t.throws(() => decryptAuto(opensslEncrypt(XML, 'right', { kind: 'evp', md: 'md5' }), { key: 'wrong' }), { code: 'PC_ERR_CRYPTO_KEY', message: /wrong key/ });
  // Wrong keys over many salts: never an accepted garbage plaintext.
  let accepted = 0;
  for (let i = 0; i < 200; i++) {
    try {
      decryptAuto(opensslEncrypt(XML, 'right', { kind: 'evp', md: 'sha256' }), { key: `wrong-${i}` });
      accepted++;
    } catch (e) {
      if (!(e instanceof ProvcertError && e.code === 'PC_ERR_CRYPTO_KEY')) throw e;
    }
  }
  t.equal(accepted, 0, 'no wrong key accepted in 200 tries');
});

t.test('decryptAuto for aes128gcm, plain bodies, missing keys and unknown wrappers', async (t) => {
  const body = aes128gcmEncrypt(XML, parseIkm(IKM), { rs: 50 });
  const r = decryptAuto(body, { ikm: IKM });
  t.equal(r.method, 'aes128gcm');
  t.ok(Buffer.from(r.plain).equals(XML));
  t.equal(decryptAuto(XML, {}).method, 'none');
  t.equal(decryptAuto(gzipSync(XML), { key: 'k' }).method, 'none');
  t.throws(() => decryptAuto(body, {}), { code: 'PC_ERR_CRYPTO_KEY', message: /no IKM/ });
  t.throws(() => decryptAuto(body, { key: 'k' }), { code: 'PC_ERR_CRYPTO_FORMAT', message: /Salted__/ });
  t.throws(() => decryptAuto(opensslEncrypt(XML, 'k', { kind: 'evp', md: 'md5' }), { ikm: IKM }), { code: 'PC_ERR_CRYPTO_KEY', message: /no passphrase/ });
  t.throws(() => decryptAuto(body, { ikm: toBase64url(Buffer.alloc(16)) }), { code: 'PC_ERR_CRYPTO_KEY' });
  t.throws(() => decryptAuto(body, { ikm: 'not base64!' }), { code: 'PC_ERR_CONFIG' });
  t.throws(() => decryptAuto(Buffer.from('hello'), { key: 'k' }), { code: 'PC_ERR_CRYPTO_FORMAT', offset: 0 });
  t.throws(() => decryptAuto(Buffer.from('Salted__abc'), { key: 'k' }), { code: 'PC_ERR_CRYPTO_FORMAT', offset: 11 });
});

t.test('decryptAuto reads files made by the real openssl with its default KDF', { skip: opensslMissing }, async (t) => {
  // `openssl enc -e -aes-256-cbc -k K` with no -md: today's openssl uses sha256.
  const { spawnSync } = await import('node:child_process');
  const out = spawnSync('openssl', ['enc', '-e', '-aes-256-cbc', '-k', 'SecretPhrase1234'], { input: XML });
  t.equal(out.status, 0);
  t.same(decryptAuto(out.stdout, { key: 'SecretPhrase1234' }).kdf, { kind: 'evp', md: 'sha256' });
  const md5 = opensslEnc('-e', { kind: 'evp', md: 'md5' }, 'SecretPhrase1234', XML);
  t.same(decryptAuto(md5.stdout, { key: 'SecretPhrase1234' }).kdf, { kind: 'evp', md: 'md5' });
});

t.test('parseIkm is strict', async (t) => {
  t.equal(toBase64url(parseIkm(IKM)), IKM);
  t.equal(parseIkm('AAAAAAAAAAAAAAAAAAAAAA==').length, 16, 'padding accepted');
  for (const bad of ['', '====', 'ab+c', 'ab/c', 'a b', 'abcde', 'AB', 'yqdlZ-tYemfogSmv7Ws5PR', 'AAAAAAAAAAAAAAAAAAAAAA=']) {
    t.throws(() => parseIkm(bad), { code: 'PC_ERR_CONFIG' }, `'${bad}'`);
  }
});

t.test('a profile with DEL (0x7F, an XML 1.0 Char) is XML, not an aes128gcm guess (fuzzer finding)', async (t) => {
  const body = new TextEncoder().encode('<flat-profile><GPP_A>a\x7fb</GPP_A></flat-profile>\n');
  t.equal(detectWrapper(body), 'xml');
});
