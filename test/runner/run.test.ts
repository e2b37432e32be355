import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasStack } from '../helpers/cli.js';
import { dhcpAtFrame, FIXTURES, readReport, run, schemaErrors, tempOut } from '../helpers/runner.js';

t.test('builtin on loopback: every applicable test passes, report valid, exit 0', async (t) => {
  const out = tempOut(t);
  const r = await run(['--out', out, '--seed', '11']);
  t.equal(r.code, 0, 'exit 0');
  t.notOk(hasStack(r.stdout + r.stderr));
  t.match(r.stdout, /seed 11/);
  const report = readReport(out);
  t.equal(schemaErrors(report), '');
  t.equal(report.complete, true);
  t.equal(report.seed, 11);
  t.ok(report.results.length >= 30, `${report.results.length} results`);
  const bad = report.results.filter((x) => x.verdict !== 'pass' && x.verdict !== 'n/a');
  t.same(bad.map((x) => x.id), [], 'no fail, error or skip');
  for (const f of ['junit.xml', 'index.html', 'summary.md']) t.ok(existsSync(join(out, f)), f);
  const xid = report.results.find((x) => x.id === 'dhcp.offer.echoes-xid')!;
  t.equal(xid.verdict, 'pass');
  t.ok(existsSync(join(out, xid.evidence.pcap!)), 'per-test pcap');
  t.equal(xid.evidence.socketLevel, true);
  t.equal(xid.evidence.replay, 'npx provcert run --target builtin --test dhcp.offer.echoes-xid --seed 11');
  t.ok(report.labAdaptations.some((a) => /socket-level/.test(a)), 'loopback adaptation recorded');
  const v6 = report.results.find((x) => x.id === 'dhcp.v6.provisioning-options')!;
  t.equal(v6.verdict, 'n/a');
});

for (const [fixture, test, requirement] of [['no-xid.yaml', 'dhcp.offer.echoes-xid', 'DHCP-018'], ['no-server-id.yaml', 'dhcp.offer.server-identifier', 'DHCP-014']] as const) {
  t.test(`faulty command target ${fixture} is flagged by ${test} (${requirement}), evidence frame = the offending reply`, async (t) => {
    const out = tempOut(t);
    const r = await run(['--target', join(FIXTURES, fixture), '--out', out, '--seed', '5', '--suite', 'dhcp']);
    t.equal(r.code, 1, 'exit 1');
    t.notOk(hasStack(r.stdout + r.stderr));
    const report = readReport(out);
    t.equal(schemaErrors(report), '');
    const res = report.results.find((x) => x.id === test)!;
    t.equal(res.verdict, 'fail');
    if (res.verdict !== 'fail') return;
    t.equal(res.requirementId, requirement);
    t.equal(res.level, 'MUST');
    t.ok(res.evidence.frames && res.evidence.frames.length === 1, 'one evidence frame');
    const msg = await dhcpAtFrame(join(out, res.evidence.pcap!), res.evidence.frames![0]!);
    t.ok(msg, 'the frame decodes as DHCP');
    t.equal(msg!.op, 2, 'the offending frame is the server reply');
    t.ok(res.evidence.ladder?.some((l) => l.offending && l.frame === res.evidence.frames![0]), 'ladder marks it');
    // The other checks of the faulty server still pass: the fault is attributed, not smeared.
    t.equal(report.results.find((x) => x.id === 'dhcp.offer.lease-time')!.verdict, 'pass');
  });
}

t.test('the correct fixture is clean', async (t) => {
  const out = tempOut(t);
  const r = await run(['--target', join(FIXTURES, 'good.yaml'), '--out', out, '--seed', '5', '--suite', 'dhcp']);
  t.equal(r.code, 0, 'exit 0');
  const report = readReport(out);
  t.same(report.results.filter((x) => x.verdict === 'fail' || x.verdict === 'error').map((x) => x.id), []);
});

t.test('a target that crashes: affected tests are errors, the run continues after a restart', async (t) => {
  const out = tempOut(t);
  const r = await run(['--target', join(FIXTURES, 'crash.yaml'), '--out', out, '--seed', '5', '--suite', 'dhcp', '--concurrency', '1']);
  t.notOk(hasStack(r.stdout + r.stderr));
  const report = readReport(out);
  t.equal(schemaErrors(report), '');
  const errors = report.results.filter((x) => x.verdict === 'error');
  t.ok(errors.length >= 1, 'at least one error');
  t.ok(errors.some((x) => x.verdict === 'error' && /target stopped|could not|crashed|no reply/i.test(x.message)), errors.map((e) => e.verdict === 'error' ? e.message : '').join('\n'));
  const i = report.results.findIndex((x) => x.verdict === 'error');
  t.ok(report.results.slice(i + 1).some((x) => x.verdict === 'pass'), 'tests after the crash pass again (target restarted)');
  t.match(r.stdout, /restarting the target/);
});
