// Phones per process (issue 5 part 3): N emulated phones (default 10,000, and 1000 for comparison)
// boot against the builtin reference server running as its OWN process on 127.0.0.1, the phones
// spread over several fleet worker processes (plain child processes, loopback, no root). Each
// worker has its share of the MACs and its own DHCP socket address (127.0.0.2, 127.0.0.3, ...:
// the server replies to the sender's address at serverPort+1); the leases all come from the one
// server pool 127.77.0.10-127.77.255.254, so workers cannot collide on a phone address.
//
// Bounded: a hard deadline per run (PROVCERT_BENCH_DEADLINE_S, default 600 s); when it passes, the
// workers are asked for what they have and every child is killed. Children are killed at the end,
// on failure and on Ctrl-C.
//
// Environment: PROVCERT_BENCH_PHONES (comma list of counts, default "1000,10000"),
// PROVCERT_BENCH_WORKERS (default 4), PROVCERT_BENCH_CONCURRENCY (phones booting at once per
// worker, default 64), PROVCERT_BENCH_BOOT_TIMEOUT_S (per-phone start slot, default 30),
// PROVCERT_BENCH_RCVBUF ("system" = the kernel default SO_RCVBUF on the DHCP sockets, to measure
// what the 4 MiB default buys), PROVCERT_BENCH_SIP (0 = no SIP UA per phone; default on).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerFleet } from '../dist/lib/emulator/fleet/worker-client.js';
import { generatePhones, latencyStats } from '../dist/lib/emulator/fleet/fleet-api.js';
import { LOOPBACK_POOL } from '../dist/lib/targets/builtin/driver.js';
import { READY_PREFIX } from '../dist/lib/targets/builtin/config.js';
import { allocateLoopbackPorts } from '../dist/lib/targets/spec/ports.js';

export const name = 'phones';

const here = dirname(fileURLToPath(import.meta.url));
const BUILTIN_MAIN = join(here, '..', 'dist', 'lib', 'targets', 'builtin', 'main.js');
const env = process.env;
const SIZES = (env.PROVCERT_BENCH_PHONES ?? '1000,10000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 60_000);
const WORKERS = Math.max(1, Math.min(64, Number(env.PROVCERT_BENCH_WORKERS ?? 4)));
const CONCURRENCY = Math.max(1, Number(env.PROVCERT_BENCH_CONCURRENCY ?? 64));
const BOOT_TIMEOUT_MS = Math.max(1, Number(env.PROVCERT_BENCH_BOOT_TIMEOUT_S ?? 30)) * 1000;
const DEADLINE_MS = Math.max(10, Number(env.PROVCERT_BENCH_DEADLINE_S ?? 600)) * 1000;
const SYSTEM_RCVBUF = env.PROVCERT_BENCH_RCVBUF === 'system';
const SIP = env.PROVCERT_BENCH_SIP !== '0';
// The cap on a scaled model timer's wall wait (fleet default 5000 ms): it sets how often a booted phone renews its lease.
const MAX_WALL_MS = env.PROVCERT_BENCH_MAX_WALL_MS !== undefined ? Math.max(1, Number(env.PROVCERT_BENCH_MAX_WALL_MS)) : undefined;
// The kernel doubles a SO_RCVBUF request, so half of rmem_default reproduces the system default.
const RCVBUF_SYSTEM_REQUEST = (() => { try { return Math.floor(Number(readFileSync('/proc/sys/net/core/rmem_default', 'utf8')) / 2); } catch { return 106_496; } })();

/** Process groups still alive (server and workers): killed on exit, failure and Ctrl-C. */
const live = new Set();
function killGroup(pid) {
  try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  live.delete(pid);
}
/** The current run's temporary folder (10,000 profiles), removed on Ctrl-C too. */
let runDir;
function killAll() {
  for (const pid of [...live]) killGroup(pid);
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
/** Installed when this benchmark runs (not at import: run.js imports every module). */
function guardChildren() {
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => { process.stderr.write(`bench phones: ${sig}, stopping every child\n`); killAll(); process.exit(130); });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100; // Linux USER_HZ on every architecture Node supports

/** Peak and current RSS (KiB) and CPU seconds of a live process, from /proc (undefined when it is gone). */
function procStats(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    // Fields after the command name (which may contain spaces): utime is field 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, peakRssMiB: Math.round(kb('VmHWM') / 102.4) / 10, rssMiB: Math.round(kb('VmRSS') / 102.4) / 10, userCpuS: Number(f[11]) / CLK_TCK, sysCpuS: Number(f[12]) / CLK_TCK, fds: countFds(pid) };
  } catch {
    return undefined;
  }
}
function countFds(pid) {
  try { return readdirSync(`/proc/${pid}/fd`).length; } catch { return undefined; }
}

/** Starts the builtin server as its own process (main.js --config), stdout to a file; resolves with its ports. */
async function startServer(dir, n, phones) {
  const ports = await allocateLoopbackPorts('127.0.0.1', SIP ? ['dhcp', 'http', 'sip'] : ['dhcp', 'http']);
  const content = join(dir, 'content');
  mkdirSync(content);
  for (const p of phones) writeFileSync(join(content, `${p.mac}.xml`), `<flat-profile><GPP_C>${p.mac}</GPP_C><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`);
  const cfg = {
    mode: 'loopback', bind: '127.0.0.1', serverIp: '127.0.0.1', ports,
    dhcp: {
      poolStart: LOOPBACK_POOL.start, poolEnd: LOOPBACK_POOL.end, subnetMask: LOOPBACK_POOL.mask, leaseSeconds: 86400,
      domainName: 'lab.provcert.test', profileUrl: `http://127.0.0.1:${ports.http}/$MA.xml`,
      ...(SYSTEM_RCVBUF ? { recvBufferBytes: RCVBUF_SYSTEM_REQUEST } : {}),
    },
    dnsNames: {},
    tftp: { maxBlksize: 65464, maxWindowsize: 16, defaultTimeoutMs: 1000, maxTries: 5 },
    contentDir: content,
    // No logPath: the server's one-line-per-request log goes to its stdout (a file here), written once.
    phones: phones.map((p) => ({ mac: p.mac, serial: p.serial, model: p.model, swver: p.swver })),
    seed: 1,
  };
  const cfgPath = join(dir, 'builtin-config.json');
  writeFileSync(cfgPath, JSON.stringify(cfg));
  const logPath = join(dir, 'builtin-stdout.log');
  const out = openSync(logPath, 'w');
  const child = spawn(process.execPath, [BUILTIN_MAIN, '--config', cfgPath], { stdio: ['ignore', out, 'pipe'], detached: true });
  closeSync(out);
  live.add(child.pid);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d.toString()).slice(-2000); });
  let exited;
  child.once('exit', (c, s) => { exited = c ?? s; live.delete(child.pid); });
  for (let i = 0; i < 300; i++) { // 30 s at most (10,000 profile files are read first)
    const text = readFileSync(logPath, 'utf8');
    const at = text.indexOf(READY_PREFIX);
    if (at >= 0 && text.indexOf('\n', at) > 0) {
      const listening = JSON.parse(text.slice(at + READY_PREFIX.length, text.indexOf('\n', at)));
      return { pid: child.pid, ports: listening, logPath, child, exited: () => exited };
    }
    if (exited !== undefined) throw new Error(`builtin exited (${exited}) before it was ready: ${stderr.trim()}`);
    await sleep(100);
  }
  killGroup(child.pid);
  throw new Error('builtin did not get ready within 30 s');
}

/** What the server saw, from its one-line-per-request log. */
function serverCounts(logPath) {
  let text = '';
  try { text = readFileSync(logPath, 'utf8'); } catch { return {}; }
  const count = (re) => (text.match(re) ?? []).length;
  return {
    dhcpOffers: count(/ dhcp .*: OFFER 127\./g),
    dhcpAcks: count(/ dhcp .*: ACK 127\./g),
    dhcpNaks: count(/ dhcp .*: NAK /g),
    dhcpPoolExhausted: count(/pool exhausted/g),
    httpGets: count(/ http .* GET /g),
    http200: count(/ http .* -> 200/g),
  };
}

/** Combines per-worker latency stats: count, mean and max exact; p50 count-weighted, p95 the workers' maximum (an upper bound). */
function combine(list) {
  const nonEmpty = list.filter((s) => s && s.count > 0);
  const count = nonEmpty.reduce((a, s) => a + s.count, 0);
  if (count === 0) return { count: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const r = (x) => Math.round(x);
  return {
    count,
    mean: r(nonEmpty.reduce((a, s) => a + s.mean * s.count, 0) / count),
    p50: r(nonEmpty.reduce((a, s) => a + s.p50 * s.count, 0) / count),
    p95: r(Math.max(...nonEmpty.map((s) => s.p95))),
    max: r(Math.max(...nonEmpty.map((s) => s.max))),
  };
}

function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([p, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
}

/** Why phones did not apply: snapshots of the unapplied ones (bounded), grouped by state. */
async function failureReasons(fleets, budgetMs) {
  const reasons = new Map();
  const until = performance.now() + budgetMs;
  let examined = 0;
  let unapplied = 0;
  await Promise.all(fleets.map(async ({ fleet }) => {
    const macs = [...fleet.macs];
    for (let i = 0; i < macs.length && performance.now() < until; i += 50) {
      const snaps = await Promise.all(macs.slice(i, i + 50).map((m) => fleet.snapshot(m).catch(() => undefined)));
      for (const s of snaps) {
        examined++;
        if (!s || s.applied > 0) continue;
        unapplied++;
        const key = `power=${s.power} dhcp=${s.dhcp} resync=${s.resync}${s.lastError ? ` lastError=${s.lastError}` : ''}${s.broken ? ` broken=${s.broken}` : ''}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
  }));
  return { examined, unapplied, byState: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])) };
}

async function runOnce(n) {
  const dir = mkdtempSync(join(tmpdir(), 'pc-bench-phones-'));
  runDir = dir;
  const phones = generatePhones(n, { base: 0x10000 });
  const started = performance.now();
  const deadlineAt = started + DEADLINE_MS;
  const fleets = [];
  let server;
  // Other work on the machine slows every figure: the 1-minute load average is recorded with each run.
  const out = { loadAvg1mAtStart: Math.round(loadavg()[0] * 100) / 100, phones: n, workers: WORKERS, concurrencyPerWorker: CONCURRENCY, bootTimeoutMs: BOOT_TIMEOUT_MS, deadlineMs: DEADLINE_MS, sipUaPerPhone: SIP, timerMaxWallMs: MAX_WALL_MS ?? 'fleet default (5000)', dhcpRecvBuffer: SYSTEM_RCVBUF ? 'system default' : '4 MiB requested' };
  try {
    server = await startServer(dir, n, phones);
    out.serverStartMs = Math.round(performance.now() - started);
    const share = Math.ceil(n / WORKERS);
    const workerPids = new Map();
    await Promise.all(Array.from({ length: WORKERS }, async (_, i) => {
      const slice = phones.slice(i * share, (i + 1) * share);
      if (slice.length === 0) return;
      const entry = { index: i, bindAddress: `127.0.0.${2 + i}`, phones: slice.length, stderr: '' };
      const fleet = await WorkerFleet.start({
        mode: 'loopback', runSeed: 1000 + i, phones: slice, dhcpServerPort: server.ports.dhcp, dhcpBindAddress: entry.bindAddress,
        ...(SYSTEM_RCVBUF ? { dhcpRecvBufferBytes: RCVBUF_SYSTEM_REQUEST } : {}),
        concurrency: CONCURRENCY, bootTimeoutMs: BOOT_TIMEOUT_MS, credentials: 'none', ...(MAX_WALL_MS !== undefined ? { timeScale: { maxWallMs: MAX_WALL_MS } } : {}),
        config: { Profile_Rule: `http://127.0.0.1:${server.ports.http}/$MA.xml` },
        sip: SIP ? { server: { address: '127.0.0.1', port: server.ports.sip }, port: 5060 } : false,
      }, {
        requestTimeoutMs: DEADLINE_MS,
        onEvent: (e) => { if (e.event === 'ready') { workerPids.set(i, e.pid); live.add(e.pid); } },
        onStderr: (t) => { entry.stderr = (entry.stderr + t).slice(-1000); },
      });
      entry.pid = workerPids.get(i);
      fleets.push({ ...entry, fleet });
    }));
    fleets.sort((a, b) => a.index - b.index);
    out.setupMs = Math.round(performance.now() - started);

    const t0 = performance.now();
    const boots = fleets.map((f) => f.fleet.bootAll().then((b) => { f.boot = b; }, (e) => { f.bootError = e.message; }));
    let deadlineHit = false;
    let deadlineTimer;
    const deadline = new Promise((r) => { deadlineTimer = setTimeout(() => { deadlineHit = true; r(); }, Math.max(0, deadlineAt - performance.now())); });
    await Promise.race([Promise.all(boots), deadline]);
    clearTimeout(deadlineTimer); // a pending timer would keep `npm run bench` alive until the deadline
    const wallS = (performance.now() - t0) / 1000;
    out.deadlineHit = deadlineHit;

    const metrics = await Promise.all(fleets.map((f) => withTimeout(f.fleet.metrics(), 30_000, `worker ${f.index} metrics`).catch((e) => ({ error: e.message }))));
    const procs = { server: procStats(server.pid), workers: fleets.map((f) => procStats(f.pid)) };
    const ok = metrics.filter((m) => !m.error);
    const applied = ok.reduce((a, m) => a + m.applied, 0);
    const bound = ok.reduce((a, m) => a + m.bound, 0);
    const timedOut = fleets.reduce((a, f) => a + (f.boot?.timedOut.length ?? 0), 0);
    Object.assign(out, {
      wallS: Math.round(wallS * 100) / 100,
      applied, bound, notApplied: n - applied, bootSlotTimedOut: timedOut,
      phonesPerS: Math.round((applied / wallS) * 10) / 10,
      doraPerS: Math.round((bound / wallS) * 10) / 10,
      dhcpMs: combine(ok.map((m) => m.dhcpMs)),
      profileFetchMs: combine(ok.map((m) => m.profileFetchMs)),
      powerUpToAppliedMs: combine(ok.map((m) => m.bootToAppliedMs)),
      dhcpDroppedAtClient: ok.reduce((a, m) => a + m.dhcpDropped, 0),
      server: { ...serverCounts(server.logPath), process: procs.server },
      perWorker: fleets.map((f, i) => ({
        index: f.index, bindAddress: f.bindAddress, phones: f.phones, process: procs.workers[i],
        boot: f.boot ? { settled: f.boot.settled, timedOut: f.boot.timedOut.length, wallS: Math.round(f.boot.wallMs / 10) / 100 } : { error: f.bootError ?? 'not finished by the deadline' },
        metrics: metrics[i].error ? metrics[i] : { applied: metrics[i].applied, bound: metrics[i].bound, dhcpMs: metrics[i].dhcpMs, profileFetchMs: metrics[i].profileFetchMs, bootToAppliedMs: metrics[i].bootToAppliedMs },
        ...(f.stderr ? { stderrTail: f.stderr } : {}),
      })),
    });
    out.failures = applied < n ? await failureReasons(fleets, deadlineHit ? 10_000 : 60_000) : { unapplied: 0 };
    out.totalCpuS = Math.round([procs.server, ...procs.workers].reduce((a, p) => a + (p ? p.userCpuS + p.sysCpuS : 0), 0) * 100) / 100;
    out.peakRssMiBSum = Math.round([procs.server, ...procs.workers].reduce((a, p) => a + (p ? p.peakRssMiB : 0), 0));
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
  } finally {
    // Clean shutdown first (bounded: WorkerFleet kills the group after 5 s), then make sure.
    await Promise.all(fleets.map((f) => withTimeout(f.fleet.close(), 10_000, 'close').catch(() => undefined)));
    for (const f of fleets) if (f.pid) killGroup(f.pid);
    if (server) {
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 20 && server.exited() === undefined; i++) await sleep(100);
      killGroup(server.pid);
    }
    rmSync(dir, { recursive: true, force: true });
    runDir = undefined;
  }
  return out;
}

export async function run() {
  guardChildren();
  const machine = { cores: cpus().length, cpuModel: cpus()[0]?.model, memMiB: Math.round(totalmem() / 1048576), node: process.version, platform: process.platform };
  const nofile = /^Max open files\s+(\d+|unlimited)/m.exec((() => { try { return readFileSync('/proc/self/limits', 'utf8'); } catch { return ''; } })());
  if (nofile) machine.openFilesSoftLimit = nofile[1] === 'unlimited' ? nofile[1] : Number(nofile[1]);
  try { machine.rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8')); machine.rmemDefault = Number(readFileSync('/proc/sys/net/core/rmem_default', 'utf8')); } catch { /* not Linux */ }
  const runs = [];
  for (const n of SIZES) {
    process.stderr.write(`bench phones: ${n} phones, ${WORKERS} workers ...\n`);
    const r = await runOnce(n);
    process.stderr.write(`bench phones: ${n}: ${r.error ?? `${r.applied} applied in ${r.wallS} s`}\n`);
    runs.push(r);
  }
  return { machine, runs };
}
