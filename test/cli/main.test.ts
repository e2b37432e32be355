import t from 'tap';
import { findCommand, mainUsage, reportError } from '../../lib/cli/main.js';
import type { Command, CliIO } from '../../lib/cli/command.js';
import { parseFlags, intFlag } from '../../lib/cli/command.js';
import { ProvcertError } from '../../lib/errors.js';
import { runCli, hasStack } from '../helpers/cli.js';

const fake = (name: string): Command => ({ name, summary: `does ${name}`, usage: `usage: ${name}`, run: async () => 0 });

t.test('two-word commands win over one-word prefixes', async (t) => {
  const cmds = [fake('profile'), fake('profile lint'), fake('run')];
  t.equal(findCommand(['profile', 'lint', 'x'], cmds)?.command.name, 'profile lint');
  t.same(findCommand(['profile', 'lint', 'x'], cmds)?.rest, ['x']);
  t.equal(findCommand(['run'], cmds)?.command.name, 'run');
  t.equal(findCommand(['nope'], cmds), undefined);
  t.match(mainUsage(cmds), /profile lint\s+does profile lint/);
});

t.test('exit codes: --help 0, no args 2, unknown command 2, no stack', async (t) => {
  t.equal((await runCli(['--help'])).code, 0);
  t.equal((await runCli([])).code, 2);
  const unknown = await runCli(['frobnicate']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /unknown command 'frobnicate'/);
  t.notOk(hasStack(unknown.stderr));
  t.match((await runCli(['--version'])).stdout, /^\d+\.\d+\.\d+/);
});

t.test('errors become one line and the right exit code', async (t) => {
  let err = '';
  const io: CliIO = { stdout: () => {}, stderr: (s) => { err += s; }, isTTY: false, env: {}, cwd: '.' };
  t.equal(reportError(new ProvcertError('PC_ERR_USAGE', 'bad flag'), 'x', io), 2);
  t.equal(reportError(new ProvcertError('PC_ERR_CRYPTO_KEY', 'wrong key'), 'x', io), 1);
  t.equal(reportError(new Error('boom'), 'x', io), 1);
  t.match(err, /PC_ERR_INTERNAL/);
  t.notOk(hasStack(err));
});

t.test('parseFlags turns parse errors into usage errors', async (t) => {
  t.throws(() => parseFlags(['--nope'], { out: { type: 'string' } }), { code: 'PC_ERR_USAGE' });
  t.same(parseFlags(['--out', 'f', 'pos'], { out: { type: 'string' } }).values, { out: 'f' });
  t.equal(intFlag('12', 'rs', 1, 100), 12);
  t.throws(() => intFlag('x', 'rs'), { code: 'PC_ERR_USAGE' });
  t.throws(() => intFlag('0', 'rs', 1), { code: 'PC_ERR_USAGE' });
});
