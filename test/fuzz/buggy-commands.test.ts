/**
 * The fuzzer must find AND minimise the bug of each deliberately buggy parser in
 * test/fixtures/fuzz within a bounded budget, and replay.sh must reproduce it (issue 7 part 5).
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStack, runCli } from '../helpers/cli.js';
import type { FindingRecord } from '../../lib/fuzz/store.js';

const FIX = fileURLToPath(new URL('../fixtures/fuzz/', import.meta.url));
const node = process.execPath;

function findings(out: string): FindingRecord[] {
  const dir = join(out, 'findings');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((d) => JSON.parse(readFileSync(join(dir, d, 'finding.json'), 'utf8')) as FindingRecord);
}

async function fuzz(t: Test, args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'provcert-fuzz-test-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const r = await runCli(['fuzz', '--out', out, '--seed', '42', ...args]);
  t.notOk(hasStack(r.stderr + r.stdout), 'no stack');
  return { out, r, found: findings(out) };
}

t.test('crash: exit 139 on deep nesting is found, minimised and replayed', async (t) => {
  const { r, found } = await fuzz(t, ['--cmd', `${node} ${FIX}crash-deep-nesting.mjs`, '--layers', 'xml', '--oracles', 'crash',
    '--runs', '150', '--time', '30', '--minimise-time', '40']);
  t.equal(r.code, 1, 'exit 1: findings');
  const f = found.find((x) => x.oracle === 'crash');
  if (!f) return t.fail(`no crash finding: ${r.stdout}`);
  t.match(f.signature, /^crash-exit139-/);
  t.ok(f.sizeAfter < 200, `reproducer is small (${f.sizeBefore} -> ${f.sizeAfter} bytes)`);
  t.ok(f.sizeAfter <= f.sizeBefore);
  const input = readFileSync(join(f.dir, 'input.bin'), 'latin1');
  const opens = [...input].filter((c, i) => c === '<' && i + 1 < input.length && !'/!?'.includes(input[i + 1] as string)).length;
  t.ok(opens > 24, `the reproducer still opens more than 24 elements (${opens})`);
  const replay = spawnSync('sh', [join(f.dir, 'replay.sh')], { encoding: 'utf8' });
  t.equal(replay.status, 139, 'replay.sh reproduces exit 139');
  const again = await runCli(['fuzz', '--replay', join(f.dir, 'input.bin'), '--cmd', `${node} ${FIX}crash-deep-nesting.mjs`, '--oracles', 'crash']);
  t.equal(again.code, 1, 'provcert fuzz --replay reproduces it');
  t.match(again.stdout, f.signature);
});

t.test('hang: an endless loop on a single-quoted ua is found within the timeout and minimised', async (t) => {
  const { found, r } = await fuzz(t, ['--cmd', `${node} ${FIX}hang-single-quoted-ua.mjs`, '--layers', 'profile', '--oracles', 'hang',
    '--timeout', '1500', '--runs', '200', '--time', '40', '--minimise-time', '40']);
  const f = found.find((x) => x.oracle === 'hang');
  if (!f) return t.fail(`no hang finding: ${r.stdout}`);
  t.ok(f.sizeAfter < 100, `reproducer is small (${f.sizeBefore} -> ${f.sizeAfter} bytes)`);
  t.match(readFileSync(join(f.dir, 'input.bin'), 'latin1'), /\sua='/);
  t.ok((f.observations[0]?.durationMs ?? 0) >= 1500, 'killed at the timeout');
});

t.test('memory: a leak on a long value is found by the RSS limit and minimised', async (t) => {
  const { found, r } = await fuzz(t, ['--cmd', `${node} ${FIX}leak-long-value.mjs {file}`, '--layers', 'xml', '--oracles', 'memory',
    '--rss-limit', '160', '--runs', '150', '--time', '40', '--minimise-time', '40']);
  const f = found.find((x) => x.oracle === 'memory');
  if (!f) return t.fail(`no memory finding: ${r.stdout}`);
  t.ok(f.sizeAfter < 400, `reproducer is small (${f.sizeBefore} -> ${f.sizeAfter} bytes)`);
  t.ok((f.observations[0]?.peakRssKb ?? 0) > 100 * 1024, `peak RSS measured (${f.observations[0]?.peakRssKb} KiB)`);
  t.match(readFileSync(join(f.dir, 'replay.sh'), 'utf8'), /leak-long-value\.mjs input\.bin/, 'replay.sh substitutes {file}');
});

t.test('accepts-invalid: a parser that accepts a DOCTYPE is found and minimised', async (t) => {
  const { found, r } = await fuzz(t, ['--cmd', `${node} ${FIX}accepts-doctype.mjs`, '--layers', 'xml', '--oracles', 'accepts-invalid',
    '--runs', '150', '--time', '30', '--minimise-time', '40']);
  const f = found.find((x) => x.signature === 'accepts-invalid-doctype-refused');
  if (!f) return t.fail(`no doctype finding: ${r.stdout}`);
  t.ok(f.sizeAfter < 200, `reproducer is small (${f.sizeBefore} -> ${f.sizeAfter} bytes)`);
  const input = readFileSync(join(f.dir, 'input.bin'), 'latin1');
  t.match(input, /<!DOCTYPE/);
  t.equal(spawnSync('sh', [join(f.dir, 'replay.sh')]).status, 0, 'replay: the lax parser accepts it');
});
