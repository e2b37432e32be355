import { randomInt } from 'node:crypto';
import { intFlag, parseFlags, type Command } from '../command.js';
import { usageError } from '../../errors.js';
import { ConformanceRun, timestampFolder } from '../../runner/run.js';
import { listFlag } from '../../runner/select.js';
import { chooseMode } from '../../runner/mode.js';
import { runLabParent } from '../../runner/lab-run.js';
import { runLabWorker } from '../../runner/lab-worker.js';
import { linkLatest } from '../../report/index.js';
import { resolve } from 'node:path';

const usage = `usage: provcert run [options]

Certifies a provisioning server: runs every applicable packet-level test against the target and
writes report.json, junit.xml, index.html and summary.md (plus one folder per test with its pcap,
logs and replay command) to the output folder.

options:
  --target NAME|FILE   builtin (default), dnsmasq, kea, isc-dhcp, tftpd-hpa, atftpd, nginx, A+B,
                       container:NAME, or a target file (provcert target check FILE)
  --suite a,b          only these suites (provcert list shows them)
  --test ID[,ID]       only these tests
  --requirement ID     only tests that judge these requirements (comma-separated)
  --phones N           phones to provision content for (default 2; a target file's phones win)
  --seed S             seed of all random choices (default: random, printed and stored)
  --out DIR            output folder (default reports/<timestamp>, and reports/latest points at it)
  --baseline FILE      compare with expected/<target>.json: new failures and unexpected passes fail the run
  --mode M             auto (default: loopback for now), loopback (no root, 127.0.0.1) or lab
                       (root: the target in a server namespace, phones in a phone namespace)
  --test-timeout MS    per-test time bound (default 30000)
  --concurrency N      tests run at once where they share nothing (default 4)

exit codes: 0 no MUST failure (with --baseline: the run matches the baseline), 1 MUST failures
(or baseline differences), 2 usage or configuration error; 130 after SIGINT (the report is written).
Every result carries a replay command: npx provcert run --target T --test ID --seed S
`;

export const runCommand: Command = {
  name: 'run',
  summary: 'certify a provisioning server: every applicable test, a verdict per requirement with evidence',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      target: { type: 'string' }, suite: { type: 'string' }, test: { type: 'string' }, requirement: { type: 'string' },
      phones: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, baseline: { type: 'string' },
      mode: { type: 'string' }, 'test-timeout': { type: 'string' }, concurrency: { type: 'string' },
      // Internal: the worker half of a lab run, inside the phone namespace (lib/runner/lab-run.ts).
      'lab-worker': { type: 'string' },
    });
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);
    const mode = values.mode ?? 'auto';
    if (!['auto', 'loopback', 'lab'].includes(mode)) throw usageError(`--mode must be auto, loopback or lab, got '${mode}'`);
    const seed = intFlag(values.seed, 'seed', 0, 2 ** 31 - 1) ?? randomInt(0, 2 ** 31 - 1);
    const selection = {
      ...(values.suite !== undefined ? { suites: listFlag(values.suite, 'suite') } : {}),
      ...(values.test !== undefined ? { tests: listFlag(values.test, 'test') } : {}),
      ...(values.requirement !== undefined ? { requirements: listFlag(values.requirement, 'requirement') } : {}),
    };
    const target = values.target ?? 'builtin';
    const chosen = values['lab-worker'] !== undefined ? 'lab' : chooseMode(mode as 'auto' | 'loopback' | 'lab', target);
    const outDir = values.out ?? `reports/${timestampFolder(new Date())}`;
    if (chosen === 'lab' && values['lab-worker'] === undefined) {
      const code = await runLabParent({ target, cwd: io.cwd, outDir, io, args: [...args, '--out', resolve(io.cwd, outDir), '--seed', String(seed)] });
      if (values.out === undefined && code !== 2) {
        try { linkLatest(resolve(io.cwd, outDir)); } catch { /* reported by the worker's own output */ }
      }
      return code;
    }
    const common = {
      target, cwd: io.cwd, selection,
      phones: intFlag(values.phones, 'phones', 1, 10_000) ?? 2,
      seed,
      outDir,
      linkLatest: values.out === undefined && values['lab-worker'] === undefined,
      ...(values.baseline !== undefined ? { baselineFile: values.baseline } : {}),
      testTimeoutMs: intFlag(values['test-timeout'], 'test-timeout', 100, 3_600_000) ?? 30_000,
      concurrency: intFlag(values.concurrency, 'concurrency', 1, 64) ?? 4,
      // Another suites folder (tests, out-of-tree suites); default: the suites shipped with provcert.
      ...(io.env['PROVCERT_SUITES_DIR'] ? { suitesDir: io.env['PROVCERT_SUITES_DIR'] } : {}),
    };
    if (values['lab-worker'] !== undefined) return runLabWorker(values['lab-worker'], io, common);
    const run = new ConformanceRun({ ...common, mode: chosen, io });
    const onSignal = (signal: NodeJS.Signals) => {
      io.stderr(`\nprovcert run: ${signal}: writing the report of the results so far\n`);
      run.interrupt();
      const bound = setTimeout(() => process.exit(130), 5000);
      bound.unref();
      void run.stopTarget().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const outcome = await run.run();
      return outcome.exitCode;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};
