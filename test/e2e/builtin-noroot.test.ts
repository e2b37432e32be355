/**
 * CI run without root against builtin (issue 5 "once without root", issue 6 part 5): the whole
 * catalogue on loopback must pass everything applicable, with exit 0 and no baseline. When tap runs
 * as root, the CLI is started as nobody (setpriv) so that the run really has no root.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { ensureBuilt, isRoot, provcert, readReport, tempOut, type RunAs } from './helpers/e2e.js';

const NOBODY: RunAs = { uid: 65534, gid: 65534 };
const canDrop = !isRoot() || spawnSync('setpriv', ['--version']).status === 0;
const skip = ensureBuilt() ?? (canDrop ? false : 'running as root and setpriv (util-linux) is missing, so the run cannot drop root');

t.test('builtin without root: every applicable test passes, exit 0', { skip }, async (t) => {
  const as = isRoot() ? NOBODY : undefined;
  const out = tempOut(t, as);
  // A user without root has a HOME of their own (the lab PKI cache lives there), not root's.
  const env: Record<string, string> = as ? { HOME: dirname(out) } : {};
  const r = await provcert(['run', '--target', 'builtin', '--phones', '2', '--seed', '6', '--out', out], { timeoutMs: 180_000, env, ...(as ? { as } : {}) });
  t.comment(`builtin: exit ${r.code} in ${r.ms} ms`);
  t.equal(r.code, 0, 'exit 0', { stdoutTail: r.stdout.split('\n').slice(-15).join('\n'), stderr: r.stderr.slice(-2000) });
  const { report, schemaErrors } = readReport(out);
  t.equal(schemaErrors, '', 'report.json validates against schemas/report.schema.json');
  t.equal(report.complete, true, 'report.json is complete');
  const notPassing = report.results.filter((x) => x.verdict === 'fail' || x.verdict === 'error' || x.verdict === 'skip').map((x) => `${x.verdict} ${x.id}`);
  t.same(notPassing, [], 'no fail, error or skip: only n/a (with its reason) may remain');
  t.ok(report.summary.pass > 0 && report.summary.pass === report.results.filter((x) => x.verdict === 'pass').length, 'passes counted');
  for (const x of report.results) if (x.verdict === 'n/a') t.ok(x.reason.length > 0, `n/a ${x.id} says why`);
  // Without root there is no lab: the run must say it used loopback and socket-level captures.
  t.ok(report.labAdaptations.some((a) => /loopback/.test(a)), 'the loopback adaptation is recorded');
  t.equal(report.baseline, undefined, 'no baseline given, none compared');
});
