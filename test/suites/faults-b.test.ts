/**
 * Fault detection for the upgrade, edos, sip and concurrency suites (issue 6 part 6): each faulty
 * command target built on test/fixtures/faulty/base-b.mjs is run through the runner (loopback mode,
 * only the tests that matter) and must be flagged by the right test with verdict fail and the right
 * requirement; the correct fixture (correct-b.yaml) must pass every one of those tests, and builtin
 * must come out with no fail and no error on them.
 */
import t from 'tap';
import { brief, eachFaultFlagged, faultRunner, type Fault } from '../helpers/faults.js';

const run = faultRunner(t, 'faults-b', 4343);

/** Each fault and the test + requirement that must flag it (one row per check family). */
const FAULTS: readonly Fault[] = [
  { fixture: 'upg-truncated', test: 'upgrade.firmware.size-and-digest', requirement: 'HTTP-023' },
  { fixture: 'upg-rule-options', test: 'upgrade.rule.grammar', requirement: 'UPG-003' },
  { fixture: 'upg-rule-no-host', test: 'upgrade.rule.names-server', requirement: 'UPG-007' },
  { fixture: 'upg-rule-gds', test: 'upgrade.rule.no-gds', requirement: 'X-UPG-021' },
  { fixture: 'upg-rule-loop', test: 'upgrade.rule.settles-after-upgrade', requirement: 'X-UPG-020' },
  { fixture: 'edos-init-404', test: 'edos.onboarding.init-url-served', requirement: 'RESYNC-013' },
  { fixture: 'edos-wrong-rule', test: 'edos.onboarding.permanent-rule', requirement: 'RESYNC-014' },
  { fixture: 'edos-any-phone', test: 'edos.onboarding.own-account-only', requirement: 'EDOS-010' },
  { fixture: 'sip-check-sync', test: 'sip.notify.event-resync', requirement: 'SIP-005' },
  { fixture: 'sip-malformed', test: 'sip.notify.request-format', requirement: 'SIP-001' },
  { fixture: 'sip-no-subscription-state', test: 'sip.notify.subscription-state', requirement: 'SIP-005' },
  { fixture: 'sip-no-retransmit', test: 'sip.notify.retransmit', requirement: 'SIP-001' },
  { fixture: 'cong-same-address', test: 'concurrency.burst.dhcp-leases', requirement: 'CONG-002' },
  { fixture: 'cong-one-connection', test: 'concurrency.burst.profiles', requirement: 'CONG-002' },
];

/** Tests the correct fixture must pass; builtin must pass or be n/a (it declares no firmware/onboarding). */
const CLEAN_TESTS = [...new Set([...FAULTS.map((f) => f.test), 'upgrade.firmware.fetch-completes', 'sip.notify.sent', 'sip.notify.profile-url'])];


eachFaultFlagged(t, run, FAULTS);

t.test('the correct fixture passes every one of these tests', async (t) => {
  const results = await run('correct-b.yaml', CLEAN_TESTS);
  t.equal(results.length, CLEAN_TESTS.length, 'every selected test has a result');
  for (const r of results) t.equal(r.verdict, 'pass', brief(r));
});

t.test('builtin has no fail and no error on the same tests', async (t) => {
  const results = await run('builtin', CLEAN_TESTS);
  for (const r of results) t.ok(r.verdict === 'pass' || r.verdict === 'n/a', brief(r));
  t.ok(results.filter((r) => r.verdict === 'pass').length >= 7, 'the sip and concurrency tests run (pass) against builtin');
});
