import t from 'tap';
import { fileURLToPath } from 'node:url';
import { hasStack, runCli } from '../helpers/cli.js';

const BROKEN = fileURLToPath(new URL('../fixtures/model-check/broken/', import.meta.url));
const env = { PROVCERT_MODEL_SUITES_DIR: BROKEN };

t.test('model check --help documents the flags and exit codes', async (t) => {
  const r = await runCli(['model', 'check', '--help']);
  t.equal(r.code, 0);
  for (const w of ['--runs', '--seed', '--suite', '--path', '--json', 'exit codes']) t.match(r.stdout, w);
});

t.test('usage errors exit 2 without a stack', async (t) => {
  for (const args of [['--runs', 'x'], ['--bogus'], ['--suite', 'no-such-area'], ['--path', 'a:b'], ['--path', '1:2'], ['--seed', '1.5']]) {
    const r = await runCli(['model', 'check', ...args]);
    t.equal(r.code, 2, args.join(' '));
    t.notOk(hasStack(r.stdout + r.stderr), 'no stack');
  }
});

t.test('a suite of the real model passes: one line per property with its requirement IDs, exit 0', async (t) => {
  const r = await runCli(['model', 'check', '--suite', 'sip', '--runs', '5']);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^ok {3}sip\.notify\.\S+ \[SIP-00\d/m);
  t.match(r.stdout, /6 properties in 1 suites: 6 passed, 0 failed/);
});

t.test('--json gives one object with a result per property', async (t) => {
  const r = await runCli(['model', 'check', '--suite', 'resync/schedule', '--runs', '3', '--json']);
  t.equal(r.code, 0);
  const j = JSON.parse(r.stdout) as { results: { id: string; ok: boolean; requirements: string[] }[] };
  t.ok(j.results.length >= 10);
  t.ok(j.results.every((x) => x.ok && x.requirements.length > 0));
});

t.test('a broken model variant: shrunk counterexample as a timeline, seed, path, one replay line; the replay reproduces it', async (t) => {
  const r = await runCli(['model', 'check'], { env });
  t.equal(r.code, 1, 'exit 1 on a failed property');
  t.notOk(hasStack(r.stdout + r.stderr));
  t.match(r.stdout, /^FAIL mutant\.notify-in-call\.no-resync-during-call \[RESYNC-009\]/m);
  // Shrunk to the minimal story: a call starts, a NOTIFY arrives, the phone fetches.
  t.match(r.stdout, /counterexample \(seed 4242, path [\d:]+, shrunk \d+ times\)/);
  t.match(r.stdout, /<- call-start line 1\n.*<- NOTIFY Event: resync \(line 1\)\n.*<- resync-timer-expires\n.*-> GET http:\/\/p\.example\/a\.xml\n.*violated: RESYNC-009/);
  const replays = r.stdout.match(/^ {5}replay: (.*)$/gm) ?? [];
  t.equal(replays.length, 1, 'one replay line per failure');
  const line = (replays[0] ?? '').replace(/^ {5}replay: /, '');
  t.match(line, /^PROVCERT_MODEL_SUITES_DIR=\S+ npx provcert model check --suite mutant\.notify-in-call\.no-resync-during-call --seed 4242 --path [\d:]+$/);

  const argv = line.split(' ').slice(3);
  const again = await runCli(argv, { env });
  t.equal(again.code, 1, 'the replay fails again');
  // The header line differs (the replay needs no shrinking); the timeline must not.
  const timeline = (s: string) => s.slice(s.indexOf('\n', s.indexOf('counterexample (')), s.indexOf('error:'));
  t.equal(timeline(again.stdout), timeline(r.stdout), 'same counterexample');
  t.ok(timeline(r.stdout).includes('NOTIFY'), 'the compared timeline is not empty');
  t.match(again.stdout, /\(1 runs?, seed 4242\)|1 properties/);
});

t.test('the broken variant with another seed still fails and names that seed', async (t) => {
  const r = await runCli(['model', 'check', '--seed', '99', '--runs', '300'], { env });
  t.equal(r.code, 1);
  t.match(r.stdout, /--seed 99 --path/);
});
