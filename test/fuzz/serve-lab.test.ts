/**
 * --serve --lab (issue 7 part 2): the builtin server in a netns lab serves each fuzzed profile, the
 * fetcher runs in the phone namespace. curl over TFTP, HTTP and HTTPS (lab client certificate),
 * DHCP option 160 names the rule on the lab server, short CLI campaigns where every input is
 * fetched (the server log shows one fetch per execution), a buggy fetcher found and minimised, and
 * no namespace, process or folder left afterwards, also when the fuzz process gets SIGINT.
 * Root only: skipped with the reason otherwise.
 */
import t, { type Test } from 'tap';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasStack, runCli } from '../helpers/cli.js';
import { canUseNetns, hasCommand, ip, pidAlive } from '../../lib/lab/sys.js';
import { labProfileRule } from '../../lib/fuzz/targets/serve-path.js';
import { serveLabTarget } from '../../lib/fuzz/targets/serve-lab.js';
import type { FindingRecord } from '../../lib/fuzz/store.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIX = join(ROOT, 'test', 'fixtures', 'fuzz');
const can = canUseNetns();
const noLab = can.ok ? (hasCommand('curl') ? false : 'curl not installed') : can.reason;
const noPython = existsSync('/usr/bin/python3') ? false : '/usr/bin/python3 not installed';
const opts = { cmds: [], timeoutMs: 3000, rssLimitKb: 256 * 1024, crashExit: 128, cwd: process.cwd() };
const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const nsList = () => ip(['netns', 'list'], true);

function tmp(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-fuzz-lab-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function findings(out: string): FindingRecord[] {
  const dir = join(out, 'findings');
  return existsSync(dir) ? readdirSync(dir).map((d) => JSON.parse(readFileSync(join(dir, d, 'finding.json'), 'utf8')) as FindingRecord) : [];
}

/** Fetch lines of the served profile in the lab server's log, by the phone host (10.77.n.2). */
function fetchLines(log: string): string[] {
  return log.split('\n').filter((l) => /^\S+ (tftp|https?) 10\.77\.\d+\.2:\d+ .*00562b043615\.xml/.test(l) && /(GET \/|RRQ )/.test(l));
}

t.test('CLI: --lab needs --serve and takes no fixed ports; without root it is a usage error', async (t) => {
  for (const args of [['--lab'], ['--serve', '--lab', '--http-port', '8080'], ['--serve', '--lab', '--tftp-port', '6969']]) {
    const r = await runCli(['fuzz', ...args, '--runs', '1', '--out', tmp(t)]);
    t.equal(r.code, 2, `exit 2 for ${args.join(' ')}`);
    t.notOk(hasStack(r.stderr));
  }
  const help = await runCli(['fuzz', '--help']);
  t.match(help.stdout, /--lab {13}\(root\) serve from a network-namespace lab/, '--help shows --lab');
  if (!can.ok) {
    const r = await runCli(['fuzz', '--serve', '--lab', '--runs', '1', '--out', tmp(t)]);
    t.equal(r.code, 2, 'not root: usage error');
    t.match(r.stderr, /--lab needs root and network namespaces/);
  }
  t.equal(labProfileRule('/$MA.xml', '10.77.3.1'), 'tftp://10.77.3.1/$MA.xml', 'option 160: TFTP-001 default scheme, host = lab server, macros left');
  t.equal(labProfileRule('https://prov.example:8443/cfg/$MA.xml', '10.77.3.1'), 'https://10.77.3.1/cfg/$MA.xml');
});

t.test('lab target: curl in the phone namespace fetches each input over TFTP, HTTP and HTTPS; DHCP names the rule', { skip: noLab }, async (t) => {
  for (const [rule, cmd] of [
    ['/$MA.xml', 'curl -sS -f {url}'],
    ['http://prov/$MA.xml', 'curl -sS -f {url}'],
    ['https://prov/$MA.xml', 'curl -sS -f --cacert {cacert} --cert {cert} --key {key} {url}'],
  ] as const) {
    const s = await serveLabTarget({ rule, mac: '00562b043615', fetchCmd: cmd, httpPort: 0, tftpPort: 0, settleMs: 0, lab: true }, opts);
    let closed = false;
    t.teardown(() => (closed ? undefined : s.close()));
    const scheme = rule.startsWith('/') ? 'tftp' : rule.slice(0, rule.indexOf(':'));
    t.equal(s.url, `${scheme}://${s.lab.serverIp}/00562b043615.xml`, `${scheme}: standard port on the lab server`);
    t.match(nsList(), s.lab.phoneNetns, 'the phone namespace exists while serving');
    for (const body of ['<flat-profile><A>1</A></flat-profile>', '<flat-profile><B>2</B></flat-profile>']) {
      const o = await s.run(b(body));
      t.equal(o.outcome, 'accept', `${scheme}: fetched, curl exited 0 (${o.stderr})`);
      t.equal(fetchLines(o.stdout).length, 1, `${scheme}: the execution's log shows exactly one fetch, from the phone host`);
      t.ok(o.stdout.includes(`-- fetcher stdout --\n${body}`), `${scheme}: the fetcher got this input, not the previous one`);
    }
    if (scheme === 'http' && hasCommand('udhcpc')) {
      // DHCP: option 160 names the rule on the lab server (udhcpc exports unknown options as hex).
      const dir = tmp(t);
      const script = join(dir, 'udhcpc.sh');
      writeFileSync(script, `#!/bin/sh\n[ "$1" = bound ] && env > ${join(dir, 'env')}\nexit 0\n`, { mode: 0o755 });
      await run('ip', ['netns', 'exec', s.lab.phoneNetns, 'udhcpc', '-f', '-q', '-n', '-t', '3', '-T', '1', '-i', s.lab.phoneIface, '-s', script, '-O', '160'], { timeout: 20_000 });
      const hex = /^opt160=([0-9a-f]+)$/m.exec(readFileSync(join(dir, 'env'), 'utf8'))?.[1] ?? '';
      t.equal(Buffer.from(hex, 'hex').toString('latin1'), `http://${s.lab.serverIp}/$MA.xml`, 'option 160 = the fuzz rule on the lab server');
    }
    const ns = s.lab.phoneNetns;
    await s.close();
    closed = true;
    t.notMatch(nsList(), ns, `${scheme}: namespaces removed at close`);
  }
  const https = await serveLabTarget({ rule: 'https://prov/$MA.xml', mac: '00562b043615', fetchCmd: 'curl -sS -f --cacert {cacert} {url}', httpPort: 0, tftpPort: 0, settleMs: 0, lab: true }, opts);
  t.teardown(() => https.close());
  const o = await https.run(b('<flat-profile/>'));
  t.equal(o.outcome, 'error', 'HTTP-020: no client certificate, no profile: the fetcher never saw the input');
  t.match(o.stdout, /TLS refused/, 'the server log shows the refused handshake');
  await https.close();
  // Other labs (other test files) may come and go meanwhile: only this lab's names are checked.
  t.notMatch(nsList(), https.lab.id, 'no namespace of the lab left');
});

t.test('CLI campaigns over HTTP and TFTP: every input is fetched once, logs kept in OUT/lab', { skip: noLab }, async (t) => {
  for (const rule of ['http://prov/$MA.xml', '/$MA.xml']) {
    const out = tmp(t);
    const r = await runCli(['fuzz', '--serve', '--lab', '--rule', rule, '--fetch-cmd', 'curl -sf {url}', '--layers', 'profile,value', '--oracles', 'crash,hang',
      '--runs', '12', '--time', '60', '--seed', '5', '--out', out]);
    t.notOk(hasStack(r.stderr + r.stdout));
    t.equal(r.code, 0, `${rule}: no finding (${r.stderr.slice(-400)})`);
    t.match(r.stderr, /fuzz: lab [0-9a-f]{6}: server 10\.77\.\d+\.1 \(netns \S+\), phone host 10\.77\.\d+\.2/);
    const summary = JSON.parse(readFileSync(join(out, 'fuzz.json'), 'utf8')) as { runs: number; targets: string[] };
    t.equal(summary.runs, 12);
    t.match(summary.targets[0], /^serve-lab:/);
    const fetched = fetchLines(readFileSync(join(out, 'lab', 'builtin.log'), 'utf8'));
    t.equal(fetched.length, 12, `${rule}: the lab server logged one fetch per execution`);
    t.ok(existsSync(join(out, 'report.json')));
  }
});

t.test('a buggy fetcher in the lab (SIGSEGV on CDATA) is found, minimised, replayed', { skip: noLab || noPython }, async (t) => {
  const out = tmp(t);
  const fetcher = `${join(FIX, 'fetch-crash-cdata.py')} {url}`;
  const r = await runCli(['fuzz', '--serve', '--lab', '--rule', 'http://prov/$MA.xml', '--fetch-cmd', fetcher, '--layers', 'xml', '--oracles', 'crash,hang',
    '--runs', '60', '--time', '60', '--seed', '42', '--minimise-time', '30', '--out', out]);
  t.notOk(hasStack(r.stderr + r.stdout));
  t.equal(r.code, 1, `a finding (${r.stdout}${r.stderr.slice(-300)})`);
  const f = findings(out).find((x) => x.oracle === 'crash');
  if (!f) return t.fail(`no crash finding: ${r.stdout}`);
  t.match(f.signature, /^crash-sigSEGV-/);
  t.match(readFileSync(join(f.dir, 'input.bin'), 'latin1'), /<!\[CDATA\[/, 'the reproducer keeps the pattern');
  t.ok(f.sizeAfter < 40, `minimised ${f.sizeBefore} -> ${f.sizeAfter} bytes`);
  t.match(readFileSync(join(f.dir, 'stdout.txt'), 'utf8'), /http 10\.77\.\d+\.2:\d+ GET \/00562b043615\.xml HTTP\/1\.1 -> 200/, 'wire: the lab server saw the phone host fetch it');
  t.match(f.replay, /--serve --lab /, 'the replay line keeps --lab');
  const again = await runCli(['fuzz', '--replay', join(f.dir, 'input.bin'), '--serve', '--lab', '--rule', 'http://prov/$MA.xml', '--fetch-cmd', fetcher, '--oracles', 'crash']);
  t.equal(again.code, 1, `provcert fuzz --replay --lab reproduces it (${again.stderr})`);
  t.match(again.stdout, f.signature);
});

/** The lab's namespaces and the pids in them, read while the fuzz child runs. */
function labPids(id: string): number[] {
  return nsList().split('\n').map((l) => l.split(' ')[0] as string).filter((n) => n.includes(id))
    .flatMap((ns) => ip(['netns', 'pids', ns], true).split(/\s+/).filter(Boolean).map(Number));
}

t.test('SIGINT mid-campaign: lab namespaces, the server child, fetchers and the work folder are removed', { skip: noLab }, async (t) => {
  const out = tmp(t);
  const script = join(ROOT, 'test', 'helpers', 'cli-entry.ts');
  const child = spawn(process.execPath, [...process.execArgv, script, 'fuzz', '--serve', '--lab', '--rule', 'http://prov/$MA.xml', '--fetch-cmd', 'curl -sf {url}',
    '--layers', 'profile', '--runs', '100000', '--time', '120', '--seed', '1', '--out', out], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let stderr = '';
  const id = await new Promise<string>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`no progress within 90 s: ${stderr}`)), 90_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /fuzz: lab ([0-9a-f]{6}):/.exec(stderr);
      // Wait until executions run, so the signal lands mid-campaign.
      if (m && /fuzz: \d+ execs/.test(stderr)) { clearTimeout(bound); resolve(m[1] as string); }
    });
    child.on('exit', (c) => { clearTimeout(bound); reject(new Error(`fuzz exited (${c}) early: ${stderr}`)); });
  });
  const pids = labPids(id);
  t.ok(pids.length > 0, `processes run in the lab (${pids.length})`);
  const args = pids.flatMap((p) => { try { return readFileSync(`/proc/${p}/cmdline`, 'latin1').split('\0'); } catch { return []; } });
  const work = args.map((a) => /^(\/.*\/provcert-serve-lab-[^/]+)\//.exec(a)?.[1]).find(Boolean);
  t.ok(work && existsSync(work), `the server child runs from the work folder ${work}`);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  t.equal(code, 130, 'exit 130 as for SIGINT');
  t.notOk(hasStack(stderr), 'no stack');
  t.notMatch(nsList(), id, 'no lab namespace left (ip netns list)');
  t.same(pids.filter((p) => pidAlive(p) && !/^Z/m.test(spawnSync('ps', ['-o', 'stat=', '-p', String(p)]).stdout?.toString() ?? '')), [], 'no lab process left');
  t.notOk(work && existsSync(work), 'the work folder is removed');
});
