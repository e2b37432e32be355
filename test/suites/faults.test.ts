/**
 * Fault detection (issue 6 part 6): every faulty command target in test/fixtures/faulty/ is run
 * through the runner (loopback mode, only the tests that matter) and must be flagged by the right
 * test with verdict fail and the right requirement; the correct fixture (and builtin) must come out
 * with no fail and no error. The fixtures' TLS files are made per run in a temporary folder
 * (PROVCERT_FAULTY_PKI), from the lab PKI the emulator's phone certificates come from.
 */
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brief, eachFaultFlagged, faultRunner, type Fault } from '../helpers/faults.js';
import { createCa, ensureLabPki, issueServerCertificate } from '../../lib/targets/process/lab-pki.js';


// TLS material of the fixtures: a server certificate from the lab server CA (what builtin uses),
// one for a wrong name, and one from a rogue CA; the phone CA the emulator's certificates chain to.
const pkiDir = join(mkdtempSync(join(tmpdir(), 'provcert-faults-pki-')), 'pki');
t.teardown(() => rmSync(join(pkiDir, '..'), { recursive: true, force: true }));
{
  const lab = ensureLabPki();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(pkiDir, { recursive: true });
  const good = issueServerCertificate(lab.serverCa, { ip: '127.0.0.1', name: 'prov.provcert.test' });
  const wrong = issueServerCertificate(lab.serverCa, { ip: '192.0.2.99', name: 'other.provcert.test' });
  const rogue = issueServerCertificate(createCa('rogue server CA'), { ip: '127.0.0.1', name: 'prov.provcert.test' });
  writeFileSync(join(pkiDir, 'server.pem'), good.cert);
  writeFileSync(join(pkiDir, 'server.key'), good.key);
  writeFileSync(join(pkiDir, 'server-wrong-name.pem'), wrong.cert);
  writeFileSync(join(pkiDir, 'server-wrong-name.key'), wrong.key);
  writeFileSync(join(pkiDir, 'rogue-server.pem'), rogue.cert);
  writeFileSync(join(pkiDir, 'rogue-server.key'), rogue.key);
  writeFileSync(join(pkiDir, 'server-ca.pem'), lab.serverCa.cert);
  writeFileSync(join(pkiDir, 'phone-ca.pem'), lab.phoneCa.cert);
  process.env['PROVCERT_FAULTY_PKI'] = pkiDir;
}

const run = faultRunner(t, 'faults', 4242);

/** Each fault and the one test + requirement that must flag it. */
const FAULTS: readonly Fault[] = [
  { fixture: 'tftp-same-tid', test: 'tftp.transfer.new-tid', requirement: 'TFTP-005' },
  { fixture: 'tftp-oack-larger', test: 'tftp.oack.blksize-not-larger', requirement: 'TFTP-009' },
  { fixture: 'tftp-wrong-tsize', test: 'tftp.oack.tsize', requirement: 'TFTP-011' },
  { fixture: 'tftp-echo-unknown', test: 'tftp.oack.unknown-option', requirement: 'TFTP-012' },
  { fixture: 'tftp-no-retransmit', test: 'tftp.transfer.retransmit', requirement: 'TFTP-010' },
  { fixture: 'tftp-wrong-error', test: 'tftp.errors.file-not-found', requirement: 'TFTP-007' },
  { fixture: 'http-200-missing', test: 'http.status.missing-404', requirement: 'HTTP-012' },
  { fixture: 'http-short-body', test: 'http.body.length', requirement: 'HTTP-023' },
  { fixture: 'http-plain-password', test: 'http.plain.password-protected', requirement: 'HTTP-015' },
  { fixture: 'https-no-client-cert', test: 'http.tls.no-client-cert', requirement: 'HTTP-020' },
  { fixture: 'https-any-phone', test: 'http.tls.other-phone', requirement: 'HTTP-020' },
  { fixture: 'https-untrusted', test: 'http.tls.server-ca', requirement: 'HTTP-016' },
  { fixture: 'https-wrong-name', test: 'http.tls.name-match', requirement: 'HTTP-017' },
  { fixture: 'profile-bad-ua', test: 'profile.parse.ua-values', requirement: 'PROF-010' },
  { fixture: 'profile-non-ascii', test: 'profile.parse.ascii', requirement: 'PROF-013' },
  { fixture: 'profile-duplicate', test: 'profile.parse.no-duplicates', requirement: 'PROF-008' },
  { fixture: 'profile-bad-name', test: 'profile.parse.names', requirement: 'PROF-002' },
  { fixture: 'profile-bad-rule', test: 'profile.rules.parse', requirement: 'PROF-023' },
  { fixture: 'profile-not-wellformed', test: 'profile.parse.well-formed', requirement: 'PROF-004' },
  { fixture: 'enc-wrong-key', test: 'encryption.openssl.decrypts', requirement: 'ENC-004' },
  { fixture: 'enc-encrypt-then-gzip', test: 'encryption.openssl.compress-first', requirement: 'ENC-003' },
  { fixture: 'enc-wrong-ikm', test: 'encryption.aes128gcm.decrypts', requirement: 'ENC-009' },
  { fixture: 'enc-gcm-unasked', test: 'encryption.aes128gcm.only-when-asked', requirement: 'ENC-008' },
];

/** Which correct fixture a test's clean run uses: HTTPS tests need the TLS one. */
const cleanFixture = (test: string): string => (test.startsWith('http.tls.') ? 'correct-https.yaml' : test.startsWith('encryption.openssl.') ? 'correct-key.yaml' : test.startsWith('encryption.aes128gcm.') ? 'correct-ikm.yaml' : 'correct.yaml');

/** Tests the correct fixture must pass (or be n/a for); the same set the faults are judged by. */
const CLEAN_TESTS = [...new Set([...FAULTS.map((f) => f.test), 'http.tls.own-profile', 'tftp.transfer.block-size', 'tftp.oack.windowsize', 'http.redirect.well-formed', 'profile.fetch.by-rule', 'encryption.aes128gcm.fresh-salt'])];

/** The correct fixtures serve no redirects and no rules: only these may be n/a there; everything else must pass. */
const NA_ON_CORRECT = new Set(['http.redirect.well-formed', 'profile.rules.parse']);


eachFaultFlagged(t, run, FAULTS);

t.test('the correct fixtures are clean', async (t) => {
  for (const fixture of ['correct.yaml', 'correct-https.yaml', 'correct-key.yaml', 'correct-ikm.yaml']) {
    const tests = CLEAN_TESTS.filter((id) => cleanFixture(id) === fixture);
    t.test(fixture, async (t) => {
      const results = await run(fixture, tests);
      t.equal(results.length, tests.length, 'every selected test has a result');
      for (const r of results) t.ok(r.verdict === 'pass' || (r.verdict === 'n/a' && NA_ON_CORRECT.has(r.id)), brief(r));
    });
  }
});

t.test('builtin is clean on the same tests', async (t) => {
  const results = await run('builtin', CLEAN_TESTS);
  for (const r of results) t.ok(r.verdict === 'pass' || r.verdict === 'n/a', brief(r));
});
