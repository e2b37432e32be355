/**
 * The builtin reference deployment (issue 6 part 7): what `referenceSpec` declares agrees with what
 * `referenceContent` serves (firmware size/sha256, the encrypted profiles open with the declared key
 * under the MD5 derivation and hold the Upgrade_Rule, clear texts are never served as paths), and
 * `builtin` resolved by name carries it while other names do not.
 */
import t from 'tap';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { opensslDecrypt, parseOpensslFrame } from '../../../lib/crypto/index.js';
import { FileStore, CLEAR_PREFIX } from '../../../lib/targets/builtin/content.js';
import { isReferenceSpec, referenceContent, referenceFirmware, referenceSpec } from '../../../lib/targets/builtin/reference-deployment.js';
import { resolveTarget } from '../../../lib/targets/registry.js';
import type { PhoneSpec, TargetSpec } from '../../../lib/targets/types.js';

const base: TargetSpec = { name: 'builtin', kind: 'builtin', serves: ['dhcp', 'tftp', 'http', 'https', 'sip'], serverIp: '127.0.0.1', phones: [], ports: { http: 8080, tftp: 6969 } };
const phone = (mac: string): PhoneSpec => ({ mac, serial: `FCH${mac.slice(4).toUpperCase()}`, model: 'CP-8841-3PCC', swver: 'sip88xx.11-3-1MPP0001-123' });
const profile = (marker: string) => new TextEncoder().encode(`<flat-profile>\n  <GPP_A ua="na">${marker}</GPP_A>\n</flat-profile>\n`);

t.test('the spec declares a firmware image the content serves byte for byte', async (t) => {
  const spec = referenceSpec(base);
  const fw = spec.firmware!;
  const image = referenceFirmware();
  t.equal(fw.size, image.length);
  t.equal(fw.sha256, createHash('sha256').update(image).digest('hex'));
  t.match(fw.rule, /^\(\$SWVER lt sip88xx\.12-0-1MPP0001-5\)\? http:\/\/127\.0\.0\.1:8080\/fw\//, 'a conditional rule naming the server and port');
  t.match(spec.profileRule, /^\[--key \S+\] http:\/\/127\.0\.0\.1:8080\/cfg\/\$MA\.xml$/, 'the rule carries the key');
  t.ok(spec.key && spec.ikm && spec.onboarding && spec.actions && spec.acs, 'key, ikm, onboarding, actions and acs are declared');
  t.ok(isReferenceSpec(spec));
  t.notOk(isReferenceSpec(base));
  const { files } = referenceContent(spec, new Map(), [phone('02c000000001')]);
  t.same(files.get(new URL(fw.rule.replace(/^\(.*\)\? /, '')).pathname.slice(1)), image, 'the image is in the content at the rule path');
});

t.test('profiles: gzip then openssl enc (md5) with the key, a fresh salt each, clear text hidden', async (t) => {
  const spec = referenceSpec(base);
  await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 0xffffff }), { minLength: 2, maxLength: 5 }), async (ids) => {
    const phones = ids.map((n) => phone(`02c000${n.toString(16).padStart(6, '0')}`));
    const input = new Map(phones.map((p) => [`cfg/${p.mac}.xml`, profile(`m-${p.mac}`)] as const));
    const { spec: started, files } = referenceContent(spec, input, phones);
    const store = new FileStore(files);
    const salts = new Set<string>();
    for (const p of phones) {
      const path = `cfg/${p.mac}.xml`;
      const served = files.get(path)!;
      salts.add(Buffer.from(parseOpensslFrame(served).salt).toString('hex'));
      const xml = gunzipSync(opensslDecrypt(served, spec.key!, { kind: 'evp', md: 'md5' })).toString('utf8');
      t.ok(xml.includes(`m-${p.mac}`) && xml.includes(`<Upgrade_Rule ua="na">${spec.firmware!.rule}</Upgrade_Rule>`), `${p.mac}: marker and Upgrade_Rule`);
      t.equal(store.lookup(`${CLEAR_PREFIX}${path}`).kind, 'missing', 'the clear text is not a served path');
      t.ok(store.clearText(path), 'the clear text is kept for aes128gcm');
      t.equal(started.onboarding!.customerIds[p.mac] !== undefined, true, 'the phone has a customer ID');
    }
    t.equal(salts.size, phones.length, 'one salt per file (X-ENC-006)');
    t.equal(new Set(Object.values(started.onboarding!.customerIds)).size, phones.length, 'one customer per phone');
  }), { seed: 4242, numRuns: 10 });
});

t.test('the registry gives `builtin` the reference deployment, and only `builtin`', async (t) => {
  const r = await resolveTarget('builtin', '/', { loopback: true });
  t.ok(isReferenceSpec(r.spec), 'builtin is the reference deployment');
  t.match(r.spec.profileRule, new RegExp(`:${r.spec.ports!.http}/cfg/\\$MA\\.xml$`), 'the rule uses the allocated http port');
  const other = await resolveTarget('dnsmasq', '/', { loopback: true });
  t.notOk(isReferenceSpec(other.spec), 'another server declares nothing it was not given');
  t.equal(other.spec.key, undefined);
});
