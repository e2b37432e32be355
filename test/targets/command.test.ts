/**
 * Command targets with a real server (test/fixtures/targets/tiny-server.mjs, HTTP + TFTP): on loopback
 * without a lab, and inside a lab namespace as root. Readiness, environment, SIGTERM stop, SIGKILL
 * escalation, crash detection (`exited`), start failures, logs and actions.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommandTarget } from '../../lib/targets/command.js';
import { allocateLoopbackPorts, loadTargetFile } from '../../lib/targets/spec/index.js';
import type { RunningTarget, TargetEnv, TargetSpec } from '../../lib/targets/types.js';
import { NetnsLab } from '../../lib/lab/netns-lab.js';
import { canUseNetns } from '../../lib/lab/sys.js';
import { ProvcertError } from '../../lib/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/targets/', import.meta.url));
const SERVER = join(FIXTURES, 'tiny-server.mjs');
const TFTP_GET = join(FIXTURES, 'tftp-get.mjs');
const PROFILE = '<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function workdir(t: { teardown(fn: () => void): void }): { dir: string; env: TargetEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-cmd-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const content = join(dir, 'content');
  mkdirSync(join(content, 'cfg'), { recursive: true });
  writeFileSync(join(content, 'cfg', '00562b043615.xml'), PROFILE);
  writeFileSync(join(content, 'big.bin'), Buffer.alloc(1500, 0x42)); // three TFTP blocks
  const files = new Map<string, Uint8Array>([['cfg/00562b043615.xml', Buffer.from(PROFILE)]]);
  return { dir, env: { outDir: join(dir, 'out'), content: { dir: content, files }, seed: 1, phones: [] } };
}

/** A target file next to the others in `dir`, running tiny-server.mjs with extra flags. */
async function loopbackSpec(dir: string, flags: string[] = [], extra = ''): Promise<TargetSpec> {
  const file = join(dir, `t${Math.random().toString(16).slice(2, 8)}.yaml`);
  writeFileSync(file, `command: [node, ${JSON.stringify(SERVER)}${flags.map((f) => `, "${f}"`).join('')}]\nserves: [http, tftp]\nthresholds: { readyTimeoutMs: 4000, stopGraceMs: 800 }\n${extra}`);
  return loadTargetFile(file, { serverIp: '127.0.0.1', ports: await allocateLoopbackPorts() }).spec;
}

function tftpGet(host: string, port: number, file: string, ns?: string): Buffer {
  const argv = [process.execPath, TFTP_GET, host, String(port), file];
  const out = ns ? execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' }) : execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
  return Buffer.from(out, 'base64');
}

async function stopped<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([p, sleep(ms).then(() => 'pending' as const)]);
}

t.test('loopback: starts, is ready, serves HTTP and TFTP, gets its environment, stops on SIGTERM', async (t) => {
  const { dir, env } = workdir(t);
  const spec = await loopbackSpec(dir, [], 'actions: { command: [node, ' + JSON.stringify(join(FIXTURES, 'notify-action.mjs')) + '] }\n');
  const t0 = Date.now();
  const target = await startCommandTarget(spec, env);
  t.teardown(() => target.stop());
  t.comment(`ready in ${Date.now() - t0} ms`);
  t.equal(target.serverIp, '127.0.0.1');
  t.equal(target.ports.http, spec.ports?.http);
  // Ready means ready: the first request succeeds without retries.
  const res = await fetch(`http://127.0.0.1:${target.ports.http}/cfg/00562b043615.xml`);
  t.equal(res.status, 200);
  t.equal(await res.text(), PROFILE);
  t.equal(tftpGet('127.0.0.1', target.ports.tftp as number, 'big.bin').length, 1500, 'TFTP, three blocks');
  const started = JSON.parse(readFileSync(join(env.outDir, 'state', 'started.json'), 'utf8')) as { cwd: string; env: Record<string, string> };
  t.equal(started.cwd, dir.replace(/\/$/, ''), 'runs in the folder of the target file');
  t.match(started.env, {
    PROVCERT_SERVER_IP: '127.0.0.1', PROVCERT_IFACE: 'lo', PROVCERT_STATE: join(env.outDir, 'state'), PROVCERT_CONTENT_DIR: env.content.dir,
    PROVCERT_PORT_HTTP: String(target.ports.http), PROVCERT_PORT_TFTP: String(target.ports.tftp),
  });
  for (const s of ['DHCP', 'DNS', 'HTTPS', 'ACS', 'SIP', 'SYSLOG']) t.match(started.env[`PROVCERT_PORT_${s}`], /^\d+$/, `PROVCERT_PORT_${s} set`);
  await target.act?.({ type: 'notify-resync', phoneMac: '00562b043615', phoneSip: 'sip:1000@127.0.0.5:5062', profileUrl: 'http://x/p.xml' });
  const action = JSON.parse(readFileSync(join(env.outDir, 'state', 'actions.jsonl'), 'utf8')) as Record<string, string>;
  t.same(action, { PROVCERT_ACTION: 'notify-resync', PROVCERT_PHONE_MAC: '00562b043615', PROVCERT_PHONE_IP: '127.0.0.5', PROVCERT_PHONE_SIP: 'sip:1000@127.0.0.5:5062', PROVCERT_PROFILE_URL: 'http://x/p.xml', PROVCERT_SERVER_IP: '127.0.0.1' });
  await t.rejects(target.act!({ type: 'notify-resync', phoneMac: 'badbadbadbad', phoneSip: 'sip:x@1.2.3.4' }), { code: 'PC_ERR_TARGET', message: /exit code 4: no such phone/ });
  await target.stop();
  t.ok(existsSync(join(env.outDir, 'state', 'stopped-by-sigterm')), 'the server saw SIGTERM');
  t.equal(target.logs.length, 1);
  const log = readFileSync(target.logs[0] as string, 'utf8');
  t.match(log, /GET \/cfg\/00562b043615\.xml 200/);
  t.match(log, /RRQ big\.bin/);
  t.match(log, /SIGTERM: closing/);
  t.equal(await stopped(target.exited, 300), 'pending', 'a requested stop is not a crash');
  await t.rejects(fetch(`http://127.0.0.1:${target.ports.http}/`), 'nothing listens after stop');
  await target.stop(); // idempotent
});

t.test('loopback: a crash resolves exited with the reason', async (t) => {
  const { dir, env } = workdir(t);
  const target = await startCommandTarget(await loopbackSpec(dir, ['--crash-after=400']), env);
  t.teardown(() => target.stop());
  const why = await stopped(target.exited, 5000);
  t.match(why, /command target '\w+' exited with code 3; log: /);
  t.match(readFileSync(target.logs[0] as string, 'utf8'), /crashing on purpose/);
});

t.test('loopback: a server that ignores SIGTERM is killed after the grace period', async (t) => {
  const { dir, env } = workdir(t);
  const target = await startCommandTarget(await loopbackSpec(dir, ['--ignore-term']), env);
  const t0 = Date.now();
  await target.stop();
  const took = Date.now() - t0;
  t.comment(`stop took ${took} ms (grace 800 ms)`);
  t.ok(took >= 700 && took < 4000, `SIGKILL after the grace period (${took} ms)`);
  t.match(readFileSync(target.logs[0] as string, 'utf8'), /SIGTERM ignored/);
});

t.test('loopback: readiness waits for late listeners, and gives up with the missing ports', async (t) => {
  const { dir, env } = workdir(t);
  const t0 = Date.now();
  const late = await startCommandTarget(await loopbackSpec(dir, ['--listen-delay=600']), env);
  const waited = Date.now() - t0;
  t.ok(waited >= 550, `waited ${waited} ms for the listeners`);
  t.equal((await fetch(`http://127.0.0.1:${late.ports.http}/env`)).status, 200);
  await late.stop();

  const spec = await loopbackSpec(dir, ['--no-tftp'], '');
  spec.thresholds = { readyTimeoutMs: 700, stopGraceMs: 500 };
  try {
    await startCommandTarget(spec, env);
    t.fail('started without a TFTP listener');
  } catch (e) {
    t.ok(e instanceof ProvcertError && e.code === 'PC_ERR_TARGET');
    t.match((e as Error).message, new RegExp(`not ready after 700 ms: not listening: tftp \\(udp ${spec.ports?.tftp}\\); log: `));
  }
  await t.rejects(fetch(`http://127.0.0.1:${spec.ports?.http}/`), 'the half-ready server was stopped');
});

t.test('loopback: a server that dies or cannot start is a clear start error', async (t) => {
  const { dir, env } = workdir(t);
  const dies = { ...(await loopbackSpec(dir)), command: ['node', '-e', 'console.log("bad config line 3"); process.exit(5)'] };
  await t.rejects(startCommandTarget(dies, env), { code: 'PC_ERR_TARGET', message: /exited with code 5 while starting; last output: bad config line 3; log: / });
  const missing = { ...(await loopbackSpec(dir)), command: ['provcert-no-such-server-binary'] };
  await t.rejects(startCommandTarget(missing, env), { code: 'PC_ERR_TARGET', message: /could not be started: ENOENT/ });
  const none = { ...(await loopbackSpec(dir)) };
  delete none.command;
  await t.rejects(startCommandTarget(none, env), { code: 'PC_ERR_CONFIG' });
});

const labSkip = canUseNetns();
t.test('lab: the same server inside the server namespace on standard ports', { skip: labSkip.ok ? false : labSkip.reason }, async (t) => {
  const { env } = workdir(t);
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'cli', hostNumber: 2 }]);
  t.teardown(() => lab.destroy());
  const srv = lab.host('srv');
  const { spec } = loadTargetFile(join(FIXTURES, 'tiny.yaml'), { serverIp: srv.ip as string });
  const target: RunningTarget = await startCommandTarget(spec, { ...env, lab, serverHost: 'srv' });
  t.teardown(() => target.stop());
  t.equal(target.serverIp, srv.ip);
  t.equal(target.ports.http, 80);
  t.equal(target.ports.tftp, 69);
  const started = JSON.parse(readFileSync(join(env.outDir, 'state', 'started.json'), 'utf8')) as { env: Record<string, string> };
  t.equal(started.env['PROVCERT_IFACE'], srv.iface, 'the lab interface');
  t.equal(started.env['PROVCERT_SERVER_IP'], srv.ip);
  const cli = lab.host('cli').netns;
  const script = `fetch(process.argv[1]).then(async (r) => process.stdout.write(r.status + ' ' + (await r.text()).length))`;
  const http = execFileSync('ip', ['netns', 'exec', cli, process.execPath, '-e', script, `http://${srv.ip}/cfg/00562b043615.xml`], { encoding: 'utf8' });
  t.equal(http, `200 ${PROFILE.length}`, 'HTTP from the client namespace');
  t.equal(tftpGet(srv.ip as string, 69, 'big.bin', cli).length, 1500, 'TFTP from the client namespace');
  await target.act?.({ type: 'notify-resync', phoneMac: '00562b043615', phoneSip: `sip:1000@${lab.host('cli').ip}:5060` });
  t.match(readFileSync(join(env.outDir, 'state', 'actions.jsonl'), 'utf8'), /"PROVCERT_ACTION":"notify-resync"/, 'action ran in the lab');
  await target.stop();
  t.ok(existsSync(join(env.outDir, 'state', 'stopped-by-sigterm')), 'SIGTERM reached the server through ip netns exec');
  t.equal(await stopped(target.exited, 300), 'pending');
});

t.test('lab: a crash inside the namespace resolves exited', { skip: labSkip.ok ? false : labSkip.reason }, async (t) => {
  const { dir, env } = workdir(t);
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }]);
  t.teardown(() => lab.destroy());
  const file = join(dir, 'crash.yaml');
  writeFileSync(file, `command: [node, ${JSON.stringify(SERVER)}, "--crash-after=400"]\nserves: [http]\n`);
  const { spec } = loadTargetFile(file, { serverIp: lab.host('srv').ip as string });
  const target = await startCommandTarget(spec, { ...env, lab, serverHost: 'srv' });
  t.match(await stopped(target.exited, 5000), /exited with code 3/);
});
