/**
 * Lab mode, parent side (lab-protocol.ts): creates the lab (server and phone hosts on one bridge),
 * starts the worker inside the phone namespace with `ip netns exec`, and starts, restarts and stops
 * the target in the server namespace when the worker asks. Everything is torn down at the end,
 * also on failure (NetnsLab registers its own exit/signal teardown).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CliIO } from '../cli/command.js';
import { isProvcertError } from '../errors.js';
import { NetnsLab } from '../lab/netns-lab.js';
import { nodeEntryArgv } from '../lab/node-entry.js';
import { SERVICES_HOST, startLabServices, type LabServices } from '../lab/services/index.js';
import { defaultProvisioningUrl } from '../targets/process/provisioning-options.js';
import { readContentDir } from '../targets/builtin/content.js';
import { resolveTarget } from '../targets/registry.js';
import type { RunningTarget } from '../targets/types.js';
import { LAB_LINE, type LabWorkerConfig, type ParentMessage, type WorkerMessage } from './lab-protocol.js';
import { linkTarget, type TargetLink } from './lab-target-link.js';

/** The worker is `provcert run ... --lab-worker CONFIG` in the phone namespace. */
function workerArgv(): string[] {
  return nodeEntryArgv(import.meta.url, 'lab-worker-main');
}

export interface LabRunOptions {
  readonly target: string;
  readonly cwd: string;
  readonly outDir: string;
  /** The worker's own CLI arguments (run flags, with --mode lab). */
  readonly args: readonly string[];
  readonly io: CliIO;
}

export async function runLabParent(o: LabRunOptions): Promise<number> {
  const outDir = resolve(o.cwd, o.outDir);
  mkdirSync(outDir, { recursive: true });
  // The services host is made in every lab (the target is resolved only once the lab's subnet is known); it runs
  // the lab DNS and EDOS stub only for targets that serve no DNS themselves (builtin does).
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'ph0', hostNumber: 2 }, { ...SERVICES_HOST }]);
  let running: RunningTarget | undefined;
  let link: TargetLink | undefined;
  let services: LabServices | undefined;
  let generation = 0;
  try {
    const srv = lab.host('srv');
    const ph0 = lab.host('ph0');
    const resolved = await resolveTarget(o.target, o.cwd, { serverIp: srv.ip as string });
    if (!resolved.spec.serves.includes('dns')) {
      services = await startLabServices(lab, { outDir, serverIp: srv.ip as string, provisioningUrl: defaultProvisioningUrl(resolved.spec, srv.ip as string), ...(resolved.spec.onboarding ? { onboarding: resolved.spec.onboarding } : {}) });
    }
    const cfg: LabWorkerConfig = { argv: [...o.args], cwd: o.cwd, iface: ph0.iface, phoneIp: ph0.ip as string, serverNetns: srv.netns, serverIface: srv.iface, spec: resolved.spec, ...(services ? { labDns: services.dnsIp } : {}) };
    const cfgPath = join(outDir, 'lab-worker.json');
    writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
    const child = spawn('ip', ['netns', 'exec', ph0.netns, ...workerArgv(), 'run', ...o.args, '--lab-worker', cfgPath], { cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
    const send = (m: ParentMessage) => { if (child.stdin.writable) child.stdin.write(`${JSON.stringify(m)}\n`); };
    child.stderr.on('data', (d: Buffer) => o.io.stderr(d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(LAB_LINE)) { o.io.stdout(`${line}\n`); return; }
      const m = JSON.parse(line.slice(LAB_LINE.length)) as WorkerMessage;
      if (m.type !== 'start') return;
      const gen = ++generation;
      void (async () => {
        await running?.stop().catch(() => undefined);
        running = undefined;
        link?.release();
        link = undefined;
        try {
          const r = await resolved.start({ outDir: m.outDir, content: { dir: m.contentDir, files: readContentDir(m.contentDir) }, seed: m.seed, phones: m.phones, lab, serverHost: 'srv', ...(services ? { dnsServer: services.dnsIp } : {}) });
          running = r;
          // The lab server name must follow the address the target really runs on (containers: known only now).
          await services?.update(r.serverIp, defaultProvisioningUrl(resolved.spec, r.serverIp));
          link = linkTarget(lab, ph0, srv, r.serverIp);
          send({ type: 'running', running: { spec: r.spec, serverIp: r.serverIp, ports: r.ports, versions: r.versions, logs: r.logs }, addressing: { localAddress: link.localAddress, wire: link.wire } });
          void r.exited.then((reason) => { if (gen === generation && running === r) send({ type: 'exited', reason }); });
        } catch (e) {
          send({ type: 'start-failed', message: isProvcertError(e) ? e.toLine() : String(e) });
        }
      })();
    });
    const code = await new Promise<number>((r) => child.on('exit', (c, sig) => r(c ?? (sig ? 130 : 1))));
    return code;
  } finally {
    generation = -1;
    await running?.stop().catch(() => undefined);
    link?.release();
    await services?.stop().catch(() => undefined);
    await lab.destroy();
  }
}
