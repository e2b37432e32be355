// Fuzzer throughput (issue 7 part 6): execs/s of generation + execution for our in-process
// pipeline, and for a command target (xmllint --noout -, when installed). Bounded: a few seconds each.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { fuzzCaseArb } from '../dist/lib/fuzz/gen/index.js';
import { LAYERS } from '../dist/lib/fuzz/types.js';
import { ownParserTarget } from '../dist/lib/fuzz/targets/own.js';
import { commandTarget } from '../dist/lib/fuzz/targets/command.js';

export const name = 'fuzz';

const SECONDS = 4;
const SEED = 1;

async function measure(target, layers) {
  const arb = fuzzCaseArb({ layers });
  const deadline = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  let execs = 0;
  let bytes = 0;
  let generateMs = 0;
  // One pre-generated batch at a time, so that generation and execution times are reported apart.
  for (let batch = 0; Date.now() < deadline; batch++) {
    const g0 = Date.now();
    const cases = fc.sample(arb, { seed: SEED + batch, numRuns: 20 });
    generateMs += Date.now() - g0;
    for (const c of cases) {
      if (Date.now() >= deadline) break;
      await target.run(c.bytes);
      execs++;
      bytes += c.bytes.length;
    }
  }
  const elapsedMs = Date.now() - t0;
  await target.close();
  return { execs, elapsedMs, execsPerSec: Math.round((execs * 10_000) / elapsedMs) / 10, generateMs, meanInputBytes: execs ? Math.round(bytes / execs) : 0, layers };
}

export async function run() {
  const out = { seconds: SECONDS, seed: SEED, cores: (await import('node:os')).cpus().length };
  out.ownParser = await measure(ownParserTarget(2000), LAYERS.filter((l) => l !== 'corpus'));
  out.ownParserText = await measure(ownParserTarget(2000), ['profile', 'xml', 'value', 'rule']);
  if (spawnSync('sh', ['-c', 'command -v xmllint']).status === 0) {
    const opts = { cmds: [], timeoutMs: 2000, rssLimitKb: 512 * 1024, crashExit: 128, cwd: process.cwd() };
    out.xmllint = await measure(commandTarget('xmllint --noout -', opts), ['profile', 'xml', 'value', 'rule']);
  } else {
    out.xmllint = { skipped: 'xmllint not installed' };
  }
  return out;
}
