/**
 * --serve --lab --trigger notify (issue 7 part 2): a PASSIVE phone in the lab's phone namespace
 * (test/fixtures/fuzz-trigger/passive-phone.mjs: fetches only when a SIP NOTIFY Event: resync
 * arrives) is told to resync after each input is in place; what it then fetches is judged as for a
 * passive phone. Usage errors, the target API (one fetch per input after its NOTIFY; a phone that
 * is gone = `error`), a bounded CLI campaign whose server log shows one NOTIFY and one fetch per
 * input, and no namespace or process left. Lab parts need root: skipped with the reason otherwise.
 */
import t, { type Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStack, runCli } from '../helpers/cli.js';
import { canUseNetns, hasCommand, ip, pidAlive } from '../../lib/lab/sys.js';
import { isProvcertError } from '../../lib/errors.js';
import { labPhoneSip, serveLabTarget } from '../../lib/fuzz/targets/serve-lab.js';
import { serveTarget } from '../../lib/fuzz/targets/serve.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHONE = join(ROOT, 'test', 'fixtures', 'fuzz-trigger', 'passive-phone.mjs');
const can = canUseNetns();
const noLab = can.ok ? (hasCommand('curl') ? false : 'curl not installed') : can.reason;
const opts = { cmds: [], timeoutMs: 4000, rssLimitKb: 256 * 1024, crashExit: 128, cwd: process.cwd() };
const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const nsList = () => ip(['netns', 'list'], true);

function tmp(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-fuzz-trigger-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Fetches of the served profile by the phone host (10.77.n.2), and NOTIFYs sent, in a server log. */
const fetchLines = (log: string) => log.split('\n').filter((l) => /^\S+ (tftp|https?) 10\.77\.\d+\.2:\d+ .*00562b043615\.xml/.test(l) && /(GET \/|RRQ )/.test(l));
const notifyOks = (log: string) => log.split('\n').filter((l) => /sip NOTIFY to 10\.77\.\d+\.2:5060: final 200/.test(l));

/** The passive phone in the namespace `ns` (ip netns exec execs in place: the pid is node's). */
function startPhone(t: Test, ns: string): ChildProcess {
  const phone = spawn('ip', ['netns', 'exec', ns, process.execPath, PHONE, '5060', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => { if (phone.exitCode === null && phone.signalCode === null) phone.kill('SIGKILL'); });
  return phone;
}

const listening = (p: ChildProcess) => new Promise<void>((resolve, reject) => {
  let out = '';
  const bound = setTimeout(() => reject(new Error(`the passive phone did not start: ${out}`)), 10_000);
  p.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('listening')) { clearTimeout(bound); resolve(); } });
  p.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
});

t.test('CLI: --trigger notify needs --serve --lab, no --fetch-cmd; --phone-sip needs it; --help shows it', async (t) => {
  for (const args of [
    ['--trigger', 'notify'],
    ['--serve', '--trigger', 'notify'],
    ['--serve', '--lab', '--trigger', 'ring'],
    ['--serve', '--lab', '--trigger', 'notify', '--fetch-cmd', 'curl {url}'],
    ['--serve', '--lab', '--phone-sip', 'sip:{phone}'],
  ]) {
    const r = await runCli(['fuzz', ...args, '--runs', '1', '--out', tmp(t)]);
    t.equal(r.code, 2, `exit 2 for ${args.join(' ')} (${r.stderr.trim()})`);
    t.notOk(hasStack(r.stderr), 'no stack');
  }
  const r = await runCli(['fuzz', '--serve', '--trigger', 'notify', '--runs', '1', '--out', tmp(t)]);
  t.match(r.stderr, /--trigger notify needs --lab/);
  const help = await runCli(['fuzz', '--help']);
  t.match(help.stdout, /--trigger notify {2}\(with --lab, no --fetch-cmd\) a passive phone/, '--help shows --trigger');
  t.match(help.stdout, /--phone-sip SIP/, '--help shows --phone-sip');
});

t.test('labPhoneSip: {phone} is the lab phone host; only lab addresses; the loopback target refuses the trigger', async (t) => {
  t.equal(labPhoneSip('sip:{phone}:5060', '10.77.4.2'), 'sip:10.77.4.2:5060');
  t.equal(labPhoneSip('1001@{phone}:5062', '10.77.4.2'), '1001@10.77.4.2:5062');
  for (const bad of ['sip:1001@192.168.1.10', 'sip:{phone}:70000', 'sip:127.0.0.1', 'sip:10.77.300.2', '']) {
    try {
      labPhoneSip(bad, '10.77.4.2');
      t.fail(`'${bad}' accepted`);
    } catch (e) {
      t.ok(isProvcertError(e) && e.code === 'PC_ERR_USAGE', `'${bad}': usage error (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  await t.rejects(serveTarget({ rule: '/$MA.xml', mac: '00562b043615', httpPort: 0, tftpPort: 0, settleMs: 0, notifySip: 'sip:{phone}' }, opts), /--trigger notify needs --lab/);
});

t.test('lab target: each input is fetched once after its NOTIFY; a phone that is gone is `error`, not a finding', { skip: noLab }, async (t) => {
  const s = await serveLabTarget({ rule: 'http://prov/$MA.xml', mac: '00562b043615', httpPort: 0, tftpPort: 0, settleMs: 300, lab: true, notifySip: 'sip:{phone}:5060' }, opts);
  let closed = false;
  t.teardown(() => (closed ? undefined : s.close()));
  t.match(s.name, /notify sip:10\.77\.\d+\.2:5060$/);
  const phone = startPhone(t, s.lab.phoneNetns);
  await listening(phone);
  for (const body of ['<flat-profile><A>1</A></flat-profile>', '<flat-profile><B>2</B></flat-profile>', '<flat-profile><C>3</C></flat-profile>']) {
    const o = await s.run(b(body));
    t.equal(o.outcome, 'accept', `fetched after the NOTIFY, no re-fetch within settle (${o.stderr})`);
    t.equal(fetchLines(o.stdout).length, 1, 'the execution\'s log shows exactly one fetch, from the phone host');
    t.equal(notifyOks(o.stdout).length, 1, 'and one NOTIFY answered 200 by the phone');
  }
  const phonePid = phone.pid as number;
  phone.kill('SIGKILL');
  await new Promise((r) => phone.once('exit', r));
  const gone = await s.run(b('<flat-profile/>'));
  t.equal(gone.outcome, 'error', 'nobody answers the NOTIFY: not fetched, not a finding');
  t.match(gone.stderr, /nothing fetched \/00562b043615\.xml within 4000 ms \(after a resync NOTIFY\)|the resync NOTIFY failed/);
  const id = s.lab.id;
  await s.close();
  closed = true;
  t.notMatch(nsList(), id, 'no namespace of the lab left');
  t.notOk(pidAlive(phonePid), 'no phone process left');
});

t.test('CLI campaign: 8 inputs, each NOTIFYed and fetched once by the passive phone; nothing left', { skip: noLab }, async (t) => {
  const out = tmp(t);
  const script = join(ROOT, 'test', 'helpers', 'cli-entry.ts');
  const fuzz = spawn(process.execPath, [...process.execArgv, script, 'fuzz', '--serve', '--lab', '--trigger', 'notify', '--phone-sip', 'sip:1001@{phone}:5060',
    '--rule', 'http://prov/$MA.xml', '--layers', 'profile,value', '--oracles', 'crash,hang', '--runs', '8', '--time', '90', '--timeout', '8000',
    '--settle', '200', '--seed', '7', '--out', out], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => { if (fuzz.exitCode === null) fuzz.kill('SIGKILL'); });
  let stderr = '';
  let stdout = '';
  fuzz.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  const exited = new Promise<number | null>((r) => fuzz.on('exit', (c) => r(c)));
  // The phone can only start once the lab exists: the progress line names its namespace. The first
  // NOTIFY may go out before it listens; a retransmission (RFC 3261 timer E) then reaches it.
  const lab = await new Promise<{ id: string; ns: string }>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`no lab line within 60 s: ${stderr}`)), 60_000);
    fuzz.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /fuzz: lab ([0-9a-f]{6}): .*\(netns (\S+): ip netns exec/.exec(stderr);
      if (m) { clearTimeout(bound); resolve({ id: m[1] as string, ns: m[2] as string }); }
    });
    void exited.then((c) => { clearTimeout(bound); reject(new Error(`fuzz exited (${c}) early: ${stderr}`)); });
  });
  const phone = startPhone(t, lab.ns);
  let phoneOut = '';
  phone.stdout?.on('data', (d: Buffer) => { phoneOut += d.toString(); });
  const code = await exited;
  t.notOk(hasStack(stderr + stdout), 'no stack');
  t.equal(code, 0, `no finding (${stderr.slice(-400)})`);
  const summary = JSON.parse(readFileSync(join(out, 'fuzz.json'), 'utf8')) as { runs: number; targets: string[] };
  t.equal(summary.runs, 8);
  t.match(summary.targets[0], /^serve-lab:http:\/\/10\.77\.\d+\.1\/00562b043615\.xml notify sip:1001@10\.77\.\d+\.2:5060$/);
  const log = readFileSync(join(out, 'lab', 'builtin.log'), 'utf8');
  t.equal(fetchLines(log).length, 8, 'the lab server logged one fetch per input, all from the phone host');
  t.equal(notifyOks(log).length, 8, 'and one NOTIFY answered 200 per input');
  t.equal((phoneOut.match(/-> fetched \S+ ok/g) ?? []).length, 8, 'the phone fetched once per NOTIFY');
  t.notMatch(nsList(), lab.id, 'no lab namespace left');
  t.ok(existsSync(join(out, 'report.json')));
});
