/**
 * How a target encrypts and compresses, beyond "it opens" (suites/encryption/served.suite.ts):
 * the key derivation the phone assumes (X-ENC-001), fresh salts per file (X-ENC-006), gzip found
 * by its header, not its name (ENC-001), and RFC 8188 bodies that are well-formed (X-ENC-004).
 * Bodies come from the provisioned phones' profile paths over the first file service.
 */
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import { decryptAuto, detectWrapper, isGzip, kdfName, opensslDecrypt, parseAes128gcmHeader, parseOpensslFrame, MIN_RS } from '../../lib/crypto/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { openProfileBody } from '../../lib/profile/body.js';
import { parseProfile } from '../../lib/profile/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { RunPhone, TargetView, TestContext } from '../../lib/runner/types.js';
import { fetchServed, httpGet } from '../helpers/served.js';

const withKey = (t: TargetView) => (t.spec.key === undefined ? 'the target declares no key (openssl enc profiles, ENC-002)' : ['tftp', 'http', 'https'].some((s) => t.serves.includes(s as 'tftp')) ? undefined : 'the target serves no files');
const withIkm = (t: TargetView) => (t.spec.ikm === undefined ? 'the target declares no ikm (RFC 8188 aes128gcm, ENC-008)' : t.serves.includes('http') || t.serves.includes('https') ? undefined : 'aes128gcm is an HTTP content coding and the target serves no HTTP(S)');
const servesFiles = (t: TargetView) => (['tftp', 'http', 'https'].some((s) => t.serves.includes(s as 'tftp')) ? undefined : 'the target serves no files');
const msg = (e: unknown) => (isProvcertError(e) ? e.message : String(e));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface Body { readonly phone: RunPhone; readonly bytes: Uint8Array }

/** Each phone's profile body as served (no Accept-Encoding: at-rest form); unreachable ones are skipped (profile tests judge them). */
async function servedBodies(ctx: TestContext): Promise<Body[]> {
  const seen = new Set<string>();
  const out: Body[] = [];
  for (const phone of ctx.phones) {
    if (seen.has(phone.profilePath)) continue;
    seen.add(phone.profilePath);
    const got = await fetchServed(ctx, phone.profilePath, phone);
    if (got.ok) out.push({ phone, bytes: got.body });
    else ctx.log(`/${phone.profilePath}: ${got.observed}`);
  }
  return out;
}

export const encryptionFormTests = [
  defineTest({
    id: 'encryption.openssl.md5-kdf', title: 'openssl enc profiles use the MD5 key derivation', requirements: ['X-ENC-001'], applies: withKey,
    why: 'Cisco tested the firmware against openssl 0.9.7c, whose only derivation is EVP_BytesToKey over MD5; a profile encrypted with today\'s SHA-256 default may not open on a phone.',
    procedure: { setup: 'A target file with key.', stimulus: 'Fetch every provisioned phone\'s profile.', criteria: 'Each openssl enc body decrypts with the key under EVP_BytesToKey MD5 (one iteration) to XML or gzip; n/a when no body is openssl enc.' },
    async run(ctx) {
      const key = ctx.target.spec.key!;
      const enc = (await servedBodies(ctx)).filter((b) => detectWrapper(b.bytes) === 'openssl-salted');
      if (enc.length === 0) notApplicable('no provisioned profile is served as an openssl enc body');
      for (const b of enc) {
        let md5ok = false;
        try { md5ok = parseProfile(openProfileBody(opensslDecrypt(b.bytes, key, { kind: 'evp', md: 'md5' })).bytes).profile !== undefined; } catch { md5ok = false; }
        if (md5ok) continue;
        let other = 'no derivation opens it with the declared key';
        try { const r = decryptAuto(b.bytes, { key }); if (r.kdf) other = `it opens with ${kdfName(r.kdf)}`; } catch (e) { other = msg(e); }
        fail({ requirementId: 'X-ENC-001', expected: 'openssl enc -aes-256-cbc -md md5 (EVP_BytesToKey MD5)', observed: other, message: `the profile of ${b.phone.mac} (/${b.phone.profilePath}) is not encrypted with the MD5 derivation` });
      }
    },
  }),
  defineTest({
    id: 'encryption.openssl.distinct-salts', title: 'Each openssl enc profile has its own salt', requirements: ['X-ENC-006'], applies: withKey,
    why: 'A fixed salt gives every file the same key and IV under one secret, so equal profile prefixes encrypt to equal ciphertext and leak which phones share settings.',
    procedure: { setup: 'A target file with key and at least two phones with their own profile paths.', stimulus: 'Fetch every provisioned phone\'s profile.', criteria: 'No two openssl enc bodies carry the same 8-octet salt; n/a with fewer than two encrypted bodies.' },
    async run(ctx) {
      const enc = (await servedBodies(ctx)).filter((b) => detectWrapper(b.bytes) === 'openssl-salted');
      if (enc.length < 2) notApplicable(`${enc.length} openssl enc profile(s) among the run's phones; salts are compared between two or more (run with more --phones)`);
      const bySalt = new Map<string, RunPhone>();
      for (const b of enc) {
        const salt = hex(parseOpensslFrame(b.bytes).salt);
        const prev = bySalt.get(salt);
        if (prev) fail({ requirementId: 'X-ENC-006', expected: 'a different salt per encrypted file', observed: `salt ${salt} in /${prev.profilePath} and /${b.phone.profilePath}`, message: 'two encrypted profiles share one salt (openssl enc -S, or no fresh salt)' });
        bySalt.set(salt, b.phone);
      }
    },
  }),
  defineTest({
    id: 'encryption.gzip.by-header', title: 'gzip bodies are real gzip around a profile', requirements: ['ENC-001'], applies: servesFiles,
    why: 'The phone recognises compression from the gzip header of what it downloaded (decrypted first), not from the file name; a body with the magic that does not inflate to a profile is unusable.',
    procedure: { setup: 'The run\'s phones and their profiles.', stimulus: 'Fetch each phone\'s profile; decrypt with the declared key/IKM when encrypted.', criteria: 'Every body (after decryption) with the gzip magic inflates (RFC 1952) to a profile that parses; n/a when none is compressed.' },
    async run(ctx) {
      const spec = ctx.target.spec;
      let compressed = 0;
      for (const b of await servedBodies(ctx)) {
        let plain = b.bytes;
        try { plain = decryptAuto(b.bytes, { ...(spec.key !== undefined ? { key: spec.key } : {}), ...(spec.ikm !== undefined ? { ikm: spec.ikm } : {}) }).plain; } catch { continue; } // encryption.* judge bodies that do not open
        if (plain.length < 2 || plain[0] !== 0x1f || plain[1] !== 0x8b) continue;
        compressed++;
        let xml: Uint8Array | undefined;
        try { xml = isGzip(plain) ? openProfileBody(plain).bytes : undefined; } catch (e) { ctx.log(msg(e)); }
        const parsed = xml ? parseProfile(xml) : undefined;
        if (!parsed?.profile) fail({ requirementId: 'ENC-001', expected: 'gzip (RFC 1952) around a profile', observed: xml ? (parsed?.findings[0]?.message ?? 'not a profile') : 'gzip magic, but the body does not inflate', message: `the compressed profile of ${b.phone.mac} (/${b.phone.profilePath}) is not a gzip profile` });
      }
      if (compressed === 0) notApplicable('no provisioned profile is gzip-compressed');
    },
  }),
  defineTest({
    id: 'encryption.aes128gcm.well-formed', title: 'aes128gcm bodies have a well-formed RFC 8188 header and records', requirements: ['X-ENC-004', 'ENC-009'], applies: withIkm,
    why: 'The phone treats a malformed aes128gcm body (record size below 18, truncated header, bad padding delimiter) as a decryption failure, so the profile is lost.',
    procedure: { setup: 'A target file with ikm.', stimulus: 'GET each phone\'s profile with Accept-Encoding: aes128gcm.', criteria: 'Every body labelled aes128gcm has a header of 21 + idlen octets with rs >= 18, every record but the last is exactly rs octets, and it decrypts with the IKM; n/a when none is labelled.' },
    async run(ctx) {
      let labelled = 0;
      for (const phone of ctx.phones) {
        const r = await httpGet(ctx, phone.profilePath, { https: !ctx.target.serves.includes('http'), phone, acceptAes128gcm: true });
        if (!r.ok || r.response.status !== 200) continue;
        if (!rawHeader(r.response.rawHeaders, 'content-encoding')?.toLowerCase().includes('aes128gcm')) continue;
        labelled++;
        const body = r.response.body;
        let h;
        try { h = parseAes128gcmHeader(body); } catch (e) { fail({ requirementId: 'X-ENC-004', expected: 'an RFC 8188 section 2.1 header', observed: msg(e), message: `the aes128gcm body for ${phone.mac} has a malformed header` }); }
        if (h.rs < MIN_RS) fail({ requirementId: 'X-ENC-004', expected: `rs >= ${MIN_RS}`, observed: `rs ${h.rs}`, message: `the aes128gcm body for ${phone.mac} has a record size below the minimum` });
        try { decryptAuto(body, { ikm: ctx.target.spec.ikm! }); } catch (e) { fail({ requirementId: 'X-ENC-004', expected: 'records that decrypt with the IKM (RFC 8188 section 2)', observed: msg(e), message: `the aes128gcm body for ${phone.mac} does not decrypt` }); }
      }
      if (labelled === 0) notApplicable('no response was labelled Content-Encoding: aes128gcm (encryption.aes128gcm.decrypts judges that)');
    },
  }),
];
