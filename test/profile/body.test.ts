import t from 'tap';
import { gzipSync } from 'node:zlib';
import { inflateProfileBody, isGzip, isOpensslEncrypted, openProfileBody } from '../../lib/profile/body.js';
import { parseProfile } from '../../lib/profile/index.js';
import { ProvcertError } from '../../lib/errors.js';

const xml = '<flat-profile><GPP_A>gz</GPP_A></flat-profile>';

t.test('gzip is recognised by content and inflated (ENC-001)', async (t) => {
  const gz = new Uint8Array(gzipSync(Buffer.from(xml)));
  t.ok(isGzip(gz));
  t.notOk(isGzip(new TextEncoder().encode(xml)));
  const body = openProfileBody(gz);
  t.equal(body.inflated, true);
  t.equal(parseProfile(body.bytes).profile?.params[0]?.value, 'gz');
  const plain = openProfileBody(new TextEncoder().encode(xml));
  t.equal(plain.inflated, false, 'plain XML under any name is used as is');
});

t.test('gzip bomb: inflation stops at the bound with PC_ERR_PROFILE_LIMIT', async (t) => {
  const bomb = new Uint8Array(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
  t.ok(bomb.length < 200 * 1024, `bomb is ${bomb.length} bytes`);
  const before = process.memoryUsage().rss;
  t.throws(() => inflateProfileBody(bomb), { code: 'PC_ERR_PROFILE_LIMIT' });
  t.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024, 'did not inflate everything');
  try {
    inflateProfileBody(bomb, 1000);
    t.fail('expected a limit error');
  } catch (e) {
    t.ok(e instanceof ProvcertError && e.code === 'PC_ERR_PROFILE_LIMIT' && /1000/.test(e.message), 'the bound is configurable and named');
  }
});

t.test('corrupt gzip is PC_ERR_PROFILE_INVALID; Salted__ is recognised', async (t) => {
  const gz = new Uint8Array(gzipSync(Buffer.from(xml)));
  t.throws(() => inflateProfileBody(gz.subarray(0, gz.length - 6)), { code: 'PC_ERR_PROFILE_INVALID' });
  t.ok(isOpensslEncrypted(new TextEncoder().encode('Salted__abcdefgh')));
  t.notOk(isOpensslEncrypted(new TextEncoder().encode('Salted_')));
});
