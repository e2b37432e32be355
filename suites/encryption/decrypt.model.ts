/**
 * Decryption and decompression as effects (ENC-001, ENC-004, ENC-007, ENC-008, ENC-009).
 * The driver simulates the ciphers (see test/helpers/model.ts); the model decides what to ask.
 */
import { defineSuite } from '../../lib/model-check/index.js';
import { gzipSync } from 'node:zlib';
import { fakeAes128gcm, fakeOpensslEnc, profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const suite = defineSuite('encryption.decrypt', ['ENC-001', 'ENC-003', 'ENC-004', 'ENC-007', 'ENC-008', 'ENC-009', 'HTTP-014']);
export const properties = suite.properties;

const URL = 'http://p.example/a.cfg';
const XML = profileXml({ GPP_A: 'secret-applied' });
const base = { Resync_Random_Delay: '0', Resync_Error_Retry_Delay: '600' };
const kinds = (r: ReturnType<typeof runModel>) => r.effects.flatMap((e) => (e.effect.type === 'decrypt' ? [`decrypt:${e.effect.algorithm}`] : e.effect.type === 'gunzip' ? ['gunzip'] : []));

suite.test('ENC-001: gzip is recognised from the content, not the name', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: URL }, server: { [URL]: { status: 200, body: new Uint8Array(gzipSync(XML)) } } });
  t.same(kinds(r), ['gunzip']);
  t.equal(r.state.config['GPP_A'], 'secret-applied');
  const plain = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: 'http://p.example/a.xml.gz' }, server: { 'http://p.example/a.xml.gz': { status: 200, body: XML } } });
  t.same(kinds(plain), [], 'plain XML under a .gz name: no inflate');
  t.equal(plain.state.config['GPP_A'], 'secret-applied');
});

suite.test('ENC-004 / ENC-003: [--key] decrypts, then gzip inside is inflated; a wrong key is outcome B', async (t) => {
  const body = fakeOpensslEnc('SecretPhrase1234', XML);
  const ok = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: '[--key "SecretPhrase1234"] http://p.example/a.cfg' }, server: { [URL]: { status: 200, body } } });
  t.same(kinds(ok), ['decrypt:openssl-enc']);
  t.equal(ok.state.config['GPP_A'], 'secret-applied');
  const bad = runModel({ seed: 1, until: 700_000, config: { ...base, Profile_Rule: '[--key wrong] http://p.example/a.cfg' }, server: { [URL]: { status: 200, body } } });
  t.notOk(bad.state.config['GPP_A']);
  t.equal(profileFetches(bad).length, 2, 'error retry after Resync_Error_Retry_Delay');
  t.ok(bad.fired.some((f) => f.id === 'resync.outcome.B'));
  const none = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: URL }, server: { [URL]: { status: 200, body } } });
  t.same(kinds(none), [], 'no --key: no decrypt attempt');
  t.ok(none.fired.some((f) => f.id === 'resync.outcome.B'));
});

suite.test('ENC-007: --key $SB takes the key from GPP_SB (expanded only in --key)', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, GPP_SB: 'k3y', Profile_Rule: '[--key $SB] http://p.example/$SB/a.cfg' }, server: { 'http://p.example/$SB/a.cfg': { status: 200, body: fakeOpensslEnc('k3y', XML) } } });
  t.equal(r.fetches[0]?.fetch.path, '/$SB/a.cfg', 'PROF-036: literal in the path');
  const d = r.effects.find((e) => e.effect.type === 'decrypt')?.effect;
  t.equal(d?.type === 'decrypt' && d.algorithm === 'openssl-enc' ? d.key : '', 'k3y');
  t.equal(r.state.config['GPP_A'], 'secret-applied');
});

suite.test('ENC-008 / ENC-009: Accept-Encoding aes128gcm only with an IKM; aes128gcm bodies decrypted with it', async (t) => {
  const cfg = { ...base, Profile_Rule: URL, IKM_HTTP_Encrypt_Content: 'ikm-base64' };
  const body = fakeAes128gcm('ikm-base64', XML);
  const r = runModel({ seed: 1, until: 1000, config: cfg, server: { [URL]: { status: 200, headers: { 'Content-Encoding': 'aes128gcm' }, body } } });
  t.equal(r.fetches[0]?.fetch.headers['Accept-Encoding'], 'aes128gcm');
  t.same(kinds(r), ['decrypt:aes128gcm']);
  t.equal(r.state.config['GPP_A'], 'secret-applied');
  const noIkm = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: URL }, server: { [URL]: { status: 200, headers: { 'content-encoding': 'aes128gcm' }, body } } });
  t.ok(noIkm.fired.some((f) => f.id === 'resync.outcome.B'), 'no IKM: cannot read the body');
});

suite.test('A corrupt gzip body is outcome B', async (t) => {
  const r = runModel({ seed: 1, until: 1000, config: { ...base, Profile_Rule: URL }, server: { [URL]: { status: 200, body: new Uint8Array([0x1f, 0x8b, 1, 2, 3]) } } });
  t.ok(r.fired.some((f) => f.id === 'resync.outcome.B'));
});
