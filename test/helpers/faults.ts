/**
 * Shared machinery of the fault-detection tests (issue 6 part 6): run a faulty (or correct) command
 * target from test/fixtures/faulty through the runner in loopback mode with only the tests that
 * matter, and check that each fault is flagged by the right test and requirement.
 */
import type { Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIO } from '../../lib/cli/command.js';
import { ConformanceRun } from '../../lib/runner/run.js';
import type { Result } from '../../lib/report/index.js';

export const FAULTY_FIXTURES = resolve(import.meta.dirname, '../fixtures/faulty');

export interface Fault {
  readonly fixture: string;
  readonly test: string;
  readonly requirement: string;
}

export type FaultRun = (target: string, tests: readonly string[]) => Promise<Result[]>;

/** A runner bound to one temporary output folder (removed at teardown) and one seed. */
export function faultRunner(t: Test, name: string, seed: number): FaultRun {
  const out = mkdtempSync(join(tmpdir(), `provcert-${name}-`));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: FAULTY_FIXTURES };
  let runNo = 0;
  return async (target, tests) => {
    const r = new ConformanceRun({
      target, cwd: FAULTY_FIXTURES, selection: { tests: [...tests] }, phones: 2, seed, outDir: join(out, `run-${runNo++}`),
      linkLatest: false, testTimeoutMs: 30_000, concurrency: 4, mode: 'loopback', io,
    });
    return (await r.run()).report.results;
  };
}

/** One line per result for assertion messages. */
export const brief = (r: Result) => `${r.id}: ${r.verdict}${'requirementId' in r ? ` ${r.requirementId}` : ''}${'message' in r && r.message ? ` (${r.message})` : ''}${'reason' in r ? ` (${r.reason})` : ''}`;

/** Registers the test that each faulty fixture is flagged by its test (verdict fail) and requirement. */
export function eachFaultFlagged(t: Test, run: FaultRun, faults: readonly Fault[]): void {
  t.test('each faulty fixture is flagged by the right test and requirement', async (t) => {
    // Grouped per fixture: one target start per fixture.
    const byFixture = new Map<string, Fault[]>();
    for (const f of faults) byFixture.set(f.fixture, [...(byFixture.get(f.fixture) ?? []), f]);
    for (const [fixture, group] of byFixture) {
      t.test(fixture, async (t) => {
        const results = await run(`${fixture}.yaml`, group.map((f) => f.test));
        for (const f of group) {
          const r = results.find((x) => x.id === f.test);
          t.ok(r, `${f.test} ran`);
          if (!r) continue;
          t.equal(r.verdict, 'fail', brief(r));
          if (r.verdict === 'fail') t.equal(r.requirementId, f.requirement, `${f.test} names ${f.requirement}`);
        }
      });
    }
  });
}
