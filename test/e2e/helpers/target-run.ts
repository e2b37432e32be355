/**
 * One CI run against a real target (issue 6 part 5): `provcert run --mode lab --target T --suite ...
 * --baseline expected/<file>.json` must exit 0 (no new failure, no unexpected pass), leave a
 * complete, schema-valid report.json whose baseline comparison holds, and leave nothing of its lab
 * behind. Skipped with the reason when there is no root, no lab in the runner, or the target's daemon
 * (for `container:` targets: podman, or the image and mmdebstrap to build it) is missing. A container
 * target's image is built first, in a subtest of its own with its own time bound.
 */
import t from 'tap';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { baselineDifferences, ensureBuilt, labUnavailable, provcert, readReport, ROOT, targetUnavailable, tempOut } from './e2e.js';
import { hasStack } from '../../helpers/cli.js';
import { buildServerImage, containerServers, containerUnavailable, IMAGE_BUILD_TIMEOUT_MS, labIdOf, labResidue, serverImageExists } from './container.js';

export interface TargetRun {
  /** As `--target` takes it: dnsmasq, kea+nginx, container:dnsmasq, ... */
  target: string;
  /** Only the suites that apply to what the target serves (keeps the CI run short). */
  suites: string[];
  /** expected/<name>.json; default baselineFileName(target). */
  baseline?: string;
  phones?: number;
  /** Fixed, so that a CI failure replays with the same xids and MACs. */
  seed?: number;
  timeoutMs?: number;
}

/**
 * The baseline's file name for a target name: the name itself, with ':' written as '-' (a ':' in a file
 * name breaks Windows checkouts and some archive tools): container:dnsmasq -> container-dnsmasq.json,
 * kea+nginx -> kea+nginx.json (docs/baselines.md).
 */
export function baselineFileName(target: string): string {
  return `${target.replace(/:/g, '-')}.json`;
}

export async function skipReason(o: TargetRun): Promise<string | false> {
  const containers = containerServers(o.target).length > 0;
  return ensureBuilt() ?? (await labUnavailable()) ?? (containers ? containerUnavailable(o.target) : targetUnavailable(o.target)) ?? false;
}

const NO_RESIDUE = { containers: [], networks: [], netns: [], links: [] };

/** A container target's image: built here when missing (a fresh clone), before the run's own time bound starts. */
async function imageTest(): Promise<void> {
  // tap's per-file timeout (.taprc) is for the runs; a cold mmdebstrap build gets its own bound on top.
  if (!serverImageExists()) t.setTimeout(IMAGE_BUILD_TIMEOUT_MS + 10 * 60_000);
  await t.test('the server image exists or is built by scripts/build-image.sh', async (t) => {
    const b = await buildServerImage();
    t.comment(`image ${b.ref}: ${b.ms} ms`);
    t.equal(b.code, 0, 'scripts/build-image.sh succeeded', { stderr: b.stderrTail });
    t.match(b.ref, /^localhost\/provcert-servers:[0-9a-f]{12}$/, 'it printed the image reference');
  });
}

export async function targetRunTest(o: TargetRun): Promise<void> {
  const baselineFile = join('expected', o.baseline ?? baselineFileName(o.target));
  const skip = await skipReason(o);
  if (!skip && containerServers(o.target).length > 0) await imageTest();
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
    const id = labIdOf(out);
    t.ok(id, 'the run names its lab (lab-worker.json)');
    if (id) t.same(labResidue(id), NO_RESIDUE, `nothing of lab ${id} is left (containers, podman networks, netns, veths)`);
  });
}

/**
 * The same run interrupted with SIGINT (Ctrl-C) once `afterResults` results are printed: it must exit
 * 130, leave an interrupted (not complete) report.json that validates, and nothing of its lab.
 */
export async function interruptedRunTest(o: TargetRun & { afterResults: number }): Promise<void> {
  const skip = await skipReason(o);
  t.test(`${o.target}: SIGINT after ${o.afterResults} results leaves an interrupted report and nothing of the lab`, { skip }, async (t) => {
    const out = tempOut(t);
    const r = await provcert(['run', '--mode', 'lab', '--target', o.target, '--suite', o.suites.join(','), '--phones', String(o.phones ?? 2), '--seed', String(o.seed ?? 6), '--out', out], { timeoutMs: o.timeoutMs ?? 240_000, interruptWhen: new RegExp(`^\\[${o.afterResults}/\\d+\\]`, 'm') });
    t.comment(`${o.target}: SIGINT at ${r.interruptedAtMs ?? '-'} ms, exit ${r.code ?? r.signal} at ${r.ms} ms`);
    t.ok(r.interruptedAtMs !== undefined, 'the run was interrupted mid-way', { stdoutTail: r.stdout.split('\n').slice(-10).join('\n'), stderr: r.stderr.slice(-2000) });
    t.equal(r.code, 130, 'exit 130 (interrupted)');
    t.notOk(hasStack(r.stdout + r.stderr), 'no stack trace');
    const { report, schemaErrors } = readReport(out);
    t.equal(schemaErrors, '', 'the interrupted report.json validates');
    t.equal(report.complete, false, 'not complete');
    t.equal(report.interrupted, true, 'marked interrupted');
    t.ok(report.results.length >= o.afterResults, `the ${o.afterResults}+ results so far are kept`);
    const id = labIdOf(out);
    t.ok(id, 'the run names its lab (lab-worker.json)');
    if (id) t.same(labResidue(id), NO_RESIDUE, `nothing of lab ${id} is left after SIGINT`);
  });
}
