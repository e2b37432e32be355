/**
 * One CI run against a real target (issue 6 part 5): `provcert run --mode lab --target T --suite ...
 * --baseline expected/<file>.json` must exit 0 (no new failure, no unexpected pass) and leave a
 * complete, schema-valid report.json whose baseline comparison holds. Skipped with the reason when
 * there is no root, no lab in the runner, or the target's daemon is missing.
 */
import t from 'tap';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { baselineDifferences, ensureBuilt, labUnavailable, provcert, readReport, ROOT, targetUnavailable, tempOut } from './e2e.js';

export interface TargetRun {
  /** As `--target` takes it: dnsmasq, kea+nginx, container:dnsmasq, ... */
  target: string;
  /** Only the suites that apply to what the target serves (keeps the CI run short). */
  suites: string[];
  /** expected/<name>.json */
  baseline: string;
  phones?: number;
  /** Fixed, so that a CI failure replays with the same xids and MACs. */
  seed?: number;
  timeoutMs?: number;
}

export async function skipReason(o: TargetRun): Promise<string | false> {
  return ensureBuilt() ?? (await labUnavailable()) ?? targetUnavailable(o.target) ?? false;
}

export async function targetRunTest(o: TargetRun): Promise<void> {
  const baselineFile = join('expected', o.baseline);
  const skip = await skipReason(o);
  t.test(`${o.target}: suites ${o.suites.join(',')} match ${baselineFile}`, { skip }, async (t) => {
    t.ok(existsSync(join(ROOT, baselineFile)), `${baselineFile} exists`);
    const out = tempOut(t);
    const seed = String(o.seed ?? 6);
    const r = await provcert(['run', '--mode', 'lab', '--target', o.target, '--suite', o.suites.join(','), '--phones', String(o.phones ?? 2), '--seed', seed, '--out', out, '--baseline', baselineFile], { timeoutMs: o.timeoutMs ?? 240_000 });
    t.comment(`${o.target}: exit ${r.code} in ${r.ms} ms`);
    const { report, schemaErrors } = readReport(out);
    const differences = baselineDifferences(report);
    t.equal(r.code, 0, `the run matches ${baselineFile}`, { differences, stdoutTail: r.stdout.split('\n').slice(-15).join('\n'), stderr: r.stderr.slice(-2000) });
    t.equal(schemaErrors, '', 'report.json validates against schemas/report.schema.json');
    t.equal(report.complete, true, 'report.json is complete');
    t.ok(report.results.length > 0, 'the run produced results');
    t.equal(report.target.name, o.target, 'report names the target');
    t.ok(report.baseline, 'report.json carries the baseline comparison');
    t.equal(report.baseline?.failed, false, 'no new failure and no unexpected pass');
    t.same(differences, [], 'no baseline differences');
    // The target ran for real: the report carries the versions of the daemons it found.
    t.ok(Object.keys(report.target.versions ?? {}).length > 0, 'target versions are reported');
  });
}
