import t from 'tap';
import { hasStack, runCli } from '../helpers/cli.js';

t.test('run --help documents flags and exit codes', async (t) => {
  const r = await runCli(['run', '--help']);
  t.equal(r.code, 0);
  for (const f of ['--target', '--suite', '--test', '--requirement', '--phones', '--seed', '--out', '--baseline', 'exit codes']) t.match(r.stdout, f);
});

t.test('run usage and configuration errors exit 2 without a stack', async (t) => {
  for (const bad of [['--seed', '-1'], ['--seed', 'abc'], ['--concurrency', '0'], ['positional'], ['--mode', 'lab2'], ['--target', 'nope-server'], ['--baseline', '/nonexistent/expected.json']]) {
    const r = await runCli(['run', '--mode', 'loopback', '--out', '/tmp/provcert-never-written', ...bad]);
    t.equal(r.code, 2, bad.join(' '));
    t.notOk(hasStack(r.stdout + r.stderr));
  }
});
