/**
 * Encrypted profiles (ENC-002..004 openssl enc, ENC-008..010 and X-ENC-005 RFC 8188 aes128gcm):
 * what the target serves must open with exactly the key or IKM the target file declares, in the
 * order a phone opens it (decrypt, then inflate). Targets that declare neither are n/a.
 */
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import { decryptAuto, detectWrapper, isGzip } from '../../lib/crypto/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { openProfileBody } from '../../lib/profile/body.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import type { TargetView, TestContext } from '../../lib/runner/types.js';
import { fetchServed, httpGet } from '../helpers/served.js';

const withKey = (t: TargetView) => (t.spec.key === undefined ? 'the target declares no key (openssl enc profiles, ENC-002)' : ['tftp', 'http', 'https'].some((s) => t.serves.includes(s as 'tftp')) ? undefined : 'the target serves no files');
const withIkm = (t: TargetView) => (t.spec.ikm === undefined ? 'the target declares no ikm (RFC 8188 aes128gcm, ENC-008)' : t.serves.includes('http') || t.serves.includes('https') ? undefined : 'aes128gcm is an HTTP content coding and the target serves no HTTP(S)');
const msg = (e: unknown) => (isProvcertError(e) ? e.message : String(e));

async function rawProfile(ctx: TestContext, requirement: string): Promise<Uint8Array> {
  const phone = ctx.phones[0]!;
  const got = await fetchServed(ctx, phone.profilePath, phone);
  if (!got.ok) fail({ requirementId: requirement, expected: `the encrypted profile at /${phone.profilePath}`, observed: got.observed, message: 'the profile is not served', ...(got.packet ? { packet: got.packet } : {}) });
  return got.body;
}

const gcmGet = (ctx: TestContext, accept: boolean) => httpGet(ctx, ctx.phones[0]!.profilePath, { https: !ctx.target.serves.includes('http'), acceptAes128gcm: accept });

export const encryptionTests = [
  defineTest({
    id: 'encryption.openssl.decrypts', title: 'Profiles open with the declared --key', requirements: ['ENC-002', 'ENC-004'], applies: withKey,
    why: 'The phone decrypts with the [--key] of its rule only; a profile encrypted otherwise is unusable.',
    procedure: { setup: 'A target file with key.', stimulus: 'Fetch the first phone\'s profile.', criteria: 'The body is openssl enc ("Salted__"), decrypts with the key (AES-256-CBC, X-ENC-002 KDF order) to XML or gzip holding the phone\'s marker.' },
    async run(ctx) {
      const body = await rawProfile(ctx, 'ENC-002');
      const w = detectWrapper(body);
      if (w !== 'openssl-salted') fail({ requirementId: 'ENC-002', expected: 'an openssl enc body ("Salted__" + salt)', observed: `a ${w} body`, message: 'the profile is not in openssl enc format' });
      let plain: Uint8Array;
      try { plain = decryptAuto(body, { key: ctx.target.spec.key! }).plain; } catch (e) { fail({ requirementId: 'ENC-004', expected: 'decryption with the declared key', observed: msg(e), message: `the profile does not decrypt with the declared key: ${msg(e)}` }); }
      const text = openProfileBody(plain).bytes;
      if (!Buffer.from(text).includes(ctx.phones[0]!.marker)) fail({ requirementId: 'ENC-002', expected: 'the phone\'s profile after decryption', observed: `${text.length} octets without the marker`, message: 'the decrypted profile is not the provisioned one' });
    },
  }),
  defineTest({
    id: 'encryption.openssl.compress-first', title: 'Compression comes before encryption', requirements: ['ENC-003'], applies: withKey,
    why: 'The phone decrypts first and then inflates; a gzip of an encrypted file is not recognised.',
    procedure: { setup: 'A target file with key.', stimulus: 'Fetch the first phone\'s profile.', criteria: 'The outer layer is not gzip around an openssl enc body.' },
    async run(ctx) {
      const body = await rawProfile(ctx, 'ENC-003');
      if (!isGzip(body)) return;
      let inner: Uint8Array | undefined;
      try { inner = openProfileBody(body).bytes; } catch { inner = undefined; }
      if (inner && detectWrapper(inner) === 'openssl-salted') fail({ requirementId: 'ENC-003', expected: 'gzip inside the encryption (compress, then encrypt)', observed: 'gzip around an openssl enc body', message: 'the profile was encrypted before it was compressed' });
    },
  }),
  defineTest({
    id: 'encryption.aes128gcm.decrypts', title: 'aes128gcm bodies are labelled and open with the IKM', requirements: ['ENC-009', 'ENC-010'], applies: withIkm,
    why: 'A phone with IKM_HTTP_Encrypt_Content decrypts only a body labelled Content-Encoding: aes128gcm under that IKM.',
    procedure: { setup: 'A target file with ikm.', stimulus: 'GET the first phone\'s profile with Accept-Encoding: aes128gcm.', criteria: 'Content-Encoding: aes128gcm, and the body decrypts with the IKM (RFC 8188) to the phone\'s profile.' },
    async run(ctx) {
      const r = await gcmGet(ctx, true);
      if (!r.ok || r.response.status !== 200) fail({ requirementId: 'ENC-009', expected: '200 with the encrypted profile', observed: r.ok ? `${r.response.status}` : `${r.reason}: ${r.message}`, message: 'the profile is not served' });
      const ce = rawHeader(r.response.rawHeaders, 'content-encoding');
      if (!ce?.toLowerCase().includes('aes128gcm')) fail({ requirementId: 'ENC-010', expected: 'Content-Encoding: aes128gcm', observed: ce === undefined ? 'no Content-Encoding' : `Content-Encoding: ${ce}`, message: 'the response to a request accepting aes128gcm is not labelled aes128gcm' });
      let plain: Uint8Array;
      try { plain = decryptAuto(r.response.body, { ikm: ctx.target.spec.ikm! }).plain; } catch (e) { fail({ requirementId: 'ENC-009', expected: 'decryption with the declared IKM', observed: msg(e), message: `the aes128gcm body does not decrypt with the declared IKM: ${msg(e)}` }); }
      if (!Buffer.from(openProfileBody(plain).bytes).includes(ctx.phones[0]!.marker)) fail({ requirementId: 'ENC-009', expected: 'the phone\'s profile after decryption', observed: 'another body', message: 'the decrypted profile is not the provisioned one' });
    },
  }),
  defineTest({
    id: 'encryption.aes128gcm.only-when-asked', title: 'aes128gcm only when the request accepts it', requirements: ['ENC-008'], applies: withIkm,
    why: 'A phone without an IKM does not send Accept-Encoding: aes128gcm and cannot read an encrypted body.',
    procedure: { setup: 'A target file with ikm.', stimulus: 'GET the first phone\'s profile without Accept-Encoding.', criteria: 'No aes128gcm Content-Encoding and a clear (XML or gzip) body.' },
    async run(ctx) {
      const r = await gcmGet(ctx, false);
      if (!r.ok || r.response.status !== 200) return;
      const ce = rawHeader(r.response.rawHeaders, 'content-encoding');
      if (ce?.toLowerCase().includes('aes128gcm') || detectWrapper(r.response.body) === 'aes128gcm') fail({ requirementId: 'ENC-008', expected: 'a clear body (the request did not accept aes128gcm)', observed: `Content-Encoding: ${ce ?? '-'}, ${detectWrapper(r.response.body)} body`, message: 'aes128gcm sent to a client that did not ask for it' });
    },
  }),
  defineTest({
    id: 'encryption.aes128gcm.fresh-salt', title: 'Every aes128gcm body has a fresh salt', requirements: ['X-ENC-005'], applies: withIkm,
    why: 'RFC 8188 section 2.1: reusing a salt under one IKM reuses key and nonce, which exposes the plaintext.',
    procedure: { setup: 'A target file with ikm.', stimulus: 'GET the first phone\'s profile twice, accepting aes128gcm.', criteria: 'The two 16-octet salts differ.' },
    async run(ctx) {
      const a = await gcmGet(ctx, true);
      const b = await gcmGet(ctx, true);
      if (!a.ok || !b.ok || a.response.body.length < 21 || b.response.body.length < 21) return;
      const sa = Buffer.from(a.response.body.subarray(0, 16)).toString('hex');
      if (sa === Buffer.from(b.response.body.subarray(0, 16)).toString('hex')) fail({ requirementId: 'X-ENC-005', expected: 'two different salts', observed: `salt ${sa} twice`, message: 'the server reused an aes128gcm salt' });
    },
  }),
];
