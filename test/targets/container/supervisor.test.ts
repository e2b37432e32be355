import t from 'tap';
import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonFiles, shQuote, SUPERVISOR_LOG, supervisorScript, type SupervisedDaemon } from '../../../lib/targets/container/supervisor.js';

t.test('shQuote: sh reads back every word exactly (property, fixed seed)', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')), (word) => {
    const r = spawnSync('sh', ['-c', `printf %s ${shQuote(word)}`], { encoding: 'utf8' });
    return r.status === 0 && r.stdout === word;
  }), { seed: 4242, numRuns: 60 });
  t.equal(shQuote("it's"), `'it'\\''s'`);
});

t.test('supervisorScript: one log and pid file per daemon, the environment per daemon, bad input refused', async (t) => {
  const s = supervisorScript([{ name: 'kea', recipe: { argv: ['kea-dhcp4', '-c', '/o/k.conf'], env: { KEA_PIDFILE_DIR: '/o' } } }, { name: 'nginx', recipe: { argv: ['nginx'] } }], '/o');
  t.match(s, /^#!\/bin\/sh\n/);
  t.match(s, "  KEA_PIDFILE_DIR='/o' 'kea-dhcp4' '-c' '/o/k.conf' >>'/o/kea.log' 2>&1 &\n", 'kea: its env, its log');
  t.match(s, "  'nginx' >>'/o/nginx.log' 2>&1 &\n", 'nginx: no env of kea');
  t.match(s, "echo $! >'/o/nginx.daemon.pid'");
  t.same(daemonFiles('kea'), { log: 'kea.log', pid: 'kea.daemon.pid' });
  t.throws(() => supervisorScript([], '/o'), { code: 'PC_ERR_INTERNAL' });
  t.throws(() => supervisorScript([{ name: 'a', recipe: { argv: ['x'] } }, { name: 'a', recipe: { argv: ['y'] } }], '/o'), { code: 'PC_ERR_INTERNAL' });
  t.throws(() => supervisorScript([{ name: 'a', recipe: { argv: ['x'], env: { 'A B': '1' } } }], '/o'), { code: 'PC_ERR_INTERNAL' });
});

/** Runs the script with the host's sh in its own process group (its `kill 0` must reach only its daemons). */
function runScript(daemons: SupervisedDaemon[], t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'pc-supervisor-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'supervisor.sh'), supervisorScript(daemons, dir));
  const started = Date.now();
  const child = spawn('sh', [join(dir, 'supervisor.sh')], { detached: true, stdio: 'ignore' });
  t.teardown(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } });
  const ended = new Promise<{ code: number | null; ms: number }>((r) => child.on('exit', (code) => r({ code, ms: Date.now() - started })));
  return { dir, child, ended };
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
const pidOf = (dir: string, name: string): number => Number(readFileSync(join(dir, daemonFiles(name).pid), 'utf8').trim());
const pidReady = (dir: string, name: string): boolean => existsSync(join(dir, daemonFiles(name).pid)) && pidOf(dir, name) > 0;
const waitFor = async (cond: () => boolean) => { for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20)); };

t.test('the first daemon to end ends the supervisor and the others; the status is recorded', async (t) => {
  const { dir, ended } = runScript([
    { name: 'long', recipe: { argv: ['sleep', '30'] } },
    { name: 'short', recipe: { argv: ['sh', '-c', 'echo "x=$X"; sleep 0.3; exit 3'], env: { X: "it's" } } },
  ], t);
  await waitFor(() => pidReady(dir, 'long'));
  const long = pidOf(dir, 'long');
  t.ok(alive(long), 'the long daemon runs');
  const r = await ended;
  t.equal(r.code, 1, 'exit 1: a daemon ended on its own');
  t.ok(r.ms < 10_000, `ended in ${r.ms} ms, not after the long daemon's 30 s`);
  t.equal(readFileSync(join(dir, SUPERVISOR_LOG), 'utf8'), 'short ended with status 3\n');
  t.equal(readFileSync(join(dir, 'short.log'), 'utf8'), "x=it's\n", 'its output in its own log, with its env');
  await waitFor(() => !alive(long));
  t.notOk(alive(long), 'the long daemon was stopped');
});

t.test('SIGTERM (podman stop) stops every daemon; exit 143', async (t) => {
  const { dir, child, ended } = runScript([{ name: 'a', recipe: { argv: ['sleep', '30'] } }, { name: 'b', recipe: { argv: ['sleep', '31'] } }], t);
  await waitFor(() => pidReady(dir, 'a') && pidReady(dir, 'b'));
  const pids = [pidOf(dir, 'a'), pidOf(dir, 'b')];
  child.kill('SIGTERM');
  const r = await ended;
  t.equal(r.code, 143);
  await waitFor(() => pids.every((p) => !alive(p)));
  t.same(pids.filter(alive), [], 'no daemon left');
});
