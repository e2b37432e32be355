/**
 * Fault detection for the coverage suites (issue 6 parts 6 and 7): each faulty command target built on
 * test/fixtures/faulty/base-c.mjs is run through the runner (loopback mode, only the test that
 * matters) and must be flagged by that test with verdict fail and the right requirement; the correct
 * fixtures (c-correct.yaml with a key, c-correct-ikm.yaml with an IKM) must pass every one of those tests (except the challenge test, n/a without
 * authentication), and builtin, the reference deployment, must pass them too.
 */
import t from 'tap';
import { brief, eachFaultFlagged, faultRunner, type Fault } from '../helpers/faults.js';

const run = faultRunner(t, 'faults-c', 5353);

/** Each fault and the test + requirement that must flag it. */
const FAULTS: readonly Fault[] = [
  { fixture: 'c-shape-huge-value', test: 'profile.shape.within-limits', requirement: 'X-PROF-003' },
  { fixture: 'c-shape-group-attr', test: 'profile.shape.ua-only', requirement: 'X-PROF-004' },
  { fixture: 'c-shape-nested', test: 'profile.shape.flat', requirement: 'X-PROF-005' },
  { fixture: 'c-enc-sha256-kdf', test: 'encryption.openssl.md5-kdf', requirement: 'X-ENC-001' },
  { fixture: 'c-enc-fixed-salt', test: 'encryption.openssl.distinct-salts', requirement: 'X-ENC-006' },
  { fixture: 'c-gzip-broken', test: 'encryption.gzip.by-header', requirement: 'ENC-001' },
  { fixture: 'c-gcm-small-rs', test: 'encryption.aes128gcm.well-formed', requirement: 'X-ENC-004' },
  { fixture: 'c-tftp-timeout-changed', test: 'tftp.oack.timeout-seconds', requirement: 'X-TFTP-001' },
  { fixture: 'c-tftp-timeout-any', test: 'tftp.oack.timeout-out-of-range', requirement: 'X-TFTP-001' },
  { fixture: 'c-http-bare-lf', test: 'http.head.crlf', requirement: 'X-HTTP-003' },
  { fixture: 'c-post-refused', test: 'http.method.post-profile', requirement: 'HTTP-005' },
  { fixture: 'c-auth-no-challenge', test: 'http.auth.challenge-well-formed', requirement: 'HTTP-011' },
  { fixture: 'c-swver-not-version', test: 'upgrade.rule.swver-operands', requirement: 'X-PROF-020' },
  { fixture: 'c-swver-quoted-short', test: 'upgrade.rule.swver-operands', requirement: 'PROF-031' },
];

const TESTS = [...new Set(FAULTS.map((f) => f.test))];
/** n/a on a correct server that asks for no credentials. */
const NA_WHEN_CORRECT = new Set(['http.auth.challenge-well-formed']);


eachFaultFlagged(t, run, FAULTS);

/** Target files give key or ikm, not both (the loader refuses both): the aes128gcm test runs on its own fixture. */
const IKM_TESTS = new Set(['encryption.aes128gcm.well-formed']);

t.test('the correct fixtures pass every one of these tests', async (t) => {
  const keyTests = TESTS.filter((id) => !IKM_TESTS.has(id));
  const results = [...await run('c-correct.yaml', keyTests), ...await run('c-correct-ikm.yaml', [...IKM_TESTS])];
  t.equal(results.length, TESTS.length, 'every selected test has a result');
  for (const r of results) t.equal(r.verdict, NA_WHEN_CORRECT.has(r.id) ? 'n/a' : 'pass', brief(r));
});

t.test('builtin (the reference deployment) passes them too', async (t) => {
  const results = await run('builtin', TESTS);
  t.equal(results.length, TESTS.length, 'every selected test has a result');
  for (const r of results) t.equal(r.verdict, NA_WHEN_CORRECT.has(r.id) ? 'n/a' : 'pass', brief(r));
});
