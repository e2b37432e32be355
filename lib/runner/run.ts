/**
 * One conformance run (docs/runner.md): discover and select tests, generate the content, start the
 * target, run each applicable test with its own capture and folder, record every result as it
 * comes (report.json valid at every moment), and finish the report. The exit code follows
 * conventions.md: 0 no MUST failure (or the baseline comparison holds), 1 otherwise.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliIO } from '../cli/command.js';
import { PacketTap } from '../emulator/net/packet-events.js';
import { loadBaseline, ReportWriter, linkLatest, type Report, type Result } from '../report/index.js';
import { resolveTarget, type ResolvedTarget } from '../targets/registry.js';
import type { RunningTarget, Service } from '../targets/types.js';
import type { DhcpPort } from '../emulator/clients/dhcp-port.js';
import { TestCapture } from './capture.js';
import type { WireTarget } from './wire-capture.js';
import { generateContent, runPhones } from './content.js';
import { createContext, macAllocator, MacRouter, type RunEnvironment } from './context.js';
import { discoverTests, DEFAULT_SUITES_DIR } from './discover.js';
import { executeTest } from './execute.js';
import { Progress } from './progress.js';
import { schedule } from './scheduler.js';
import { notApplicableReason, selectTests, type Selection } from './select.js';
import { TargetSession } from './target-session.js';
import type { RunMode, TargetView, TestCase } from './types.js';
import { uncoveredReasons } from './coverage.js';

export interface RunOptions {
  /** Target name or file, as typed (also used in replay commands). */
  readonly target: string;
  readonly cwd: string;
  readonly selection: Selection;
  readonly phones: number;
  readonly seed: number;
  readonly outDir: string;
  /** Point `<parent>/latest` at outDir. */
  readonly linkLatest: boolean;
  readonly baselineFile?: string;
  readonly testTimeoutMs: number;
  readonly concurrency: number;
  readonly mode: RunMode;
  readonly io: CliIO;
  readonly suitesDir?: string;
  /** Wait for one reply, ms. */
  readonly replyTimeoutMs?: number;
  /** Lab mode, inside the phone namespace (lib/runner/lab-worker.ts): the target as the parent runs it. */
  readonly lab?: LabRunHooks;
}

export interface LabRunHooks {
  readonly resolved: ResolvedTarget;
  openDhcpPort(running: RunningTarget, tap: PacketTap): Promise<DhcpPort>;
  readonly labDns: boolean;
  /** The lab services' DNS server (lib/lab/services), when the names are not the target's own DNS. */
  readonly labDnsServer?: string;
  /**
   * For the target as it runs now: the phone host's address that HTTP/TFTP sockets bind to, and where
   * each test's wire capture is taken. Asked per test, so it follows restarts (a container target
   * brings its own subnet, lib/runner/lab-target-link.ts).
   */
  addressing(running: RunningTarget): { readonly localAddress: string; readonly wire?: WireTarget };
}

export interface RunOutcome {
  readonly report: Report;
  readonly exitCode: 0 | 1;
  readonly outDir: string;
}

export function replayCommand(target: string, testId: string, seed: number): string {
  const q = (s: string) => (/^[A-Za-z0-9_./:+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `npx provcert run --target ${q(target)} --test ${q(testId)} --seed ${seed}`;
}

/** A folder name from the start time: reports/2025-01-31T12-00-00Z. */
export function timestampFolder(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

export class ConformanceRun {
  private writer: ReportWriter | undefined;
  private interrupted = false;
  private session: TargetSession | undefined;
  private readonly aborts = new Set<AbortController>();
  private progress: Progress | undefined;

  constructor(private readonly o: RunOptions) {}

  /** SIGINT/SIGTERM: writes every artefact now from the results so far (synchronously); no further test starts. */
  interrupt(): Report | undefined {
    if (this.interrupted) return undefined;
    this.interrupted = true;
    for (const a of this.aborts) a.abort();
    return this.writer?.finishSync({ interrupted: true });
  }

  /** Stops the target (after an interrupt, the command calls this before exiting). */
  async stopTarget(): Promise<void> {
    await this.session?.stop();
  }

  async run(): Promise<RunOutcome> {
    const o = this.o;
    const outDir = resolve(o.cwd, o.outDir);
    const startedAt = new Date().toISOString();
    const all = await discoverTests(o.suitesDir ?? DEFAULT_SUITES_DIR);
    const tests = selectTests(all, o.selection);
    const baseline = o.baselineFile !== undefined ? { baseline: loadBaseline(resolve(o.cwd, o.baselineFile)), file: o.baselineFile } : undefined;
    const resolved = o.lab?.resolved ?? await resolveTarget(o.target, o.cwd, { loopback: o.mode === 'loopback' });
    mkdirSync(outDir, { recursive: true });
    const progress = new Progress(o.io, tests.length);
    this.progress = progress;
    for (const w of resolved.warnings) progress.info(`warning: ${w}`);
    progress.info(`provcert run: target ${resolved.spec.name} (${o.mode}), ${tests.length} tests, seed ${o.seed}, out ${outDir}`);

    const phoneSpecs = runPhones(resolved.spec, o.phones, o.seed);
    const { content, phones } = generateContent(join(outDir, 'content'), resolved.spec, phoneSpecs, o.seed);
    const runTap = new PacketTap();
    const router = new MacRouter(runTap);
    const targetLog: string[] = [];
    const session = new TargetSession({
      resolved, mode: o.mode, outDir, content, seed: o.seed, phones: phoneSpecs, runTap,
      log: (l) => { targetLog.push(l); progress.info(`target: ${l}`); },
      ...(o.lab ? { openDhcpPort: (r: RunningTarget, tap: PacketTap) => o.lab!.openDhcpPort(r, tap) } : {}),
    });
    this.session = session;
    await session.start();

    const spec = session.running?.spec ?? resolved.spec;
    const labAdaptations: string[] = [];
    if (o.mode === 'loopback') {
      labAdaptations.push('loopback mode (no root): the target listens on 127.0.0.1 with unprivileged ports, DHCP replies go to the client port = server port + 1, and each test\'s pcap is a socket-level recording synthesised by the emulator, not a capture of the wire');
    } else {
      // Container targets (lib/runner/lab-target-link.ts) are reached and captured differently: say so.
      const where = spec.kind === 'container'
        ? 'the target runs in a container on its own podman network, joined to the lab bridge, and the emulated phones in a phone namespace that gets an extra address in that network\'s subnet; each test\'s wire.pcap is a libpcap capture on the lab bridge'
        : 'the target runs in a server network namespace and the emulated phones in a phone namespace on one lab bridge; each test\'s wire.pcap is a libpcap capture on the server\'s interface';
      labAdaptations.push(`lab mode: ${where} (tests run in parallel, so it may also hold other tests' packets of the same moments; evidence frames are located by content), and capture.pcapng is the emulator's socket-level recording`);
    }
    const writer = ReportWriter.create(outDir, {
      target: { name: spec.name, kind: spec.kind, serves: [...spec.serves], versions: { ...(session.running?.versions ?? {}) } },
      seed: o.seed, startedAt, labAdaptations, uncoveredReasons: uncoveredReasons(all, tests),
      ...(baseline ? { baseline } : {}),
    });
    this.writer = writer;
    const record = (r: Result) => {
      if (this.interrupted) return;
      writer.add(r);
      progress.result(r);
    };

    const view: TargetView = { name: spec.name, kind: spec.kind, serves: spec.serves as Service[], spec, mode: o.mode, labDns: o.lab?.labDns ?? false, ...(o.lab?.labDnsServer ? { labDnsServer: o.lab.labDnsServer } : {}) };
    const nextMac = macAllocator(o.seed);
    const jobs = tests.map((test) => ({
      exclusive: test.exclusive === true,
      run: () => this.runOne(test, view, outDir, phones, router, nextMac, record, writer),
    }));
    await schedule(jobs, {
      concurrency: o.concurrency,
      before: () => session.ensure(),
      stopped: () => this.interrupted,
    });
    await session.stop();
    if (this.interrupted) {
      const report = writer.current();
      return { report, exitCode: 1, outDir };
    }
    const report = await writer.finish();
    if (o.linkLatest) {
      try { linkLatest(outDir); } catch (e) { progress.info(`warning: ${e instanceof Error ? e.message : String(e)}`); }
    }
    const s = report.summary;
    progress.info(`${s.total} results: ${s.pass} pass, ${s.fail} fail (${s.mustFailures} MUST), ${s.error} error, ${s.skip} skip, ${s.na} n/a; seed ${o.seed}`);
    progress.info(`${report.outcome.reason}`);
    progress.info(`report: ${join(outDir, 'index.html')}`);
    return { report, exitCode: report.outcome.exitCode, outDir };
  }

  private async runOne(test: TestCase, view: TargetView, outDir: string, phones: RunEnvironment['phones'], router: MacRouter, nextMac: () => string, record: (r: Result) => void, writer: ReportWriter): Promise<void> {
    const o = this.o;
    const session = this.session as TargetSession;
    const replay = replayCommand(o.target, test.id, o.seed);
    const base = { id: test.id, suite: test.suite, title: test.title, requirements: [...test.requirements], level: test.level, durationMs: 0, evidence: { seed: o.seed, replay } };
    const na = notApplicableReason(test, view);
    if (na !== undefined) return record({ ...base, verdict: 'n/a', reason: na });
    if (session.failed || !session.running) return record({ ...base, verdict: 'error', message: session.failed ?? 'the target is not running' });
    const dir = join(outDir, test.id);
    mkdirSync(dir, { recursive: true });
    const capture = new TestCapture(join(dir, 'capture.pcapng'), test.id);
    const addressing = o.lab?.addressing(session.running);
    if (addressing?.wire) await capture.startWire(addressing.wire, (l) => this.progress?.info(`${test.id}: ${l}`));
    const abort = new AbortController();
    this.aborts.add(abort);
    const env: RunEnvironment = {
      running: session.running, view, mode: o.mode, seed: o.seed, phones, router,
      ...(session.port ? { dhcpPort: session.port } : {}),
      replyTimeoutMs: o.replyTimeoutMs ?? (o.mode === 'loopback' ? 2000 : 4000),
      ...(addressing ? { localAddress: addressing.localAddress } : {}),
      adapt: (text) => writer.addLabAdaptation(text),
      nextMac,
    };
    const ctx = createContext(env, test, capture, dir, abort.signal);
    this.progress?.started(test.id);
    try {
      const result = await executeTest(test, ctx, abort, capture, {
        timeoutMs: test.timeoutMs ?? o.testTimeoutMs, outDir, replay, seed: o.seed,
        targetExited: session.exited, logs: session.running.logs,
      });
      record(result);
    } finally {
      router.release(capture.tap);
      this.aborts.delete(abort);
    }
  }
}
