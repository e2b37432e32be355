/**
 * Parent side of the lab services (docs/lab.md "Lab services"): starts process.ts in the services
 * host of a NetnsLab, waits (bounded) until its DNS answered, tells it where the target runs after
 * each (re)start, and stops it. The lab's own teardown kills it too, so a crash of the parent leaves
 * nothing behind.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ProvcertError } from '../../errors.js';
import { defaultPkiDir } from '../../emulator/pki/index.js';
import type { OnboardingSpec } from '../../targets/types.js';
import type { NetnsLab, SpawnedProcess } from '../netns-lab.js';
import { nodeEntryArgv } from '../node-entry.js';
import { parseEvent, sameHostIn, SERVICES_HOST, type LabServicesConfig, type ServicesControl, type ServicesEvent } from './config.js';

export interface LabServicesOptions {
  /** Lab host to run in (default SERVICES_HOST.name); it must have a fixed address. */
  readonly host?: string;
  /** lab-services.log and lab-services.json go here. */
  readonly outDir: string;
  /** Where the target serves (updated with update() when it is known only after start). */
  readonly serverIp: string;
  readonly provisioningUrl: string;
  readonly onboarding?: OnboardingSpec;
  readonly pkiDir?: string;
  /** Test hooks: ports other than 53/443. */
  readonly dnsPort?: number;
  readonly httpsPort?: number;
  /** Bound on the start (first run may generate the lab CA's keys), ms. */
  readonly readyTimeoutMs?: number;
}

export interface LabServices {
  /** The services host's lab address: DNS (option 6) and the EDOS stub. */
  readonly dnsIp: string;
  readonly logPath: string;
  /** Addresses DNS listens on now (dnsIp, plus its twin in a container target's /24). */
  readonly listen: readonly string[];
  /** The target (re)started at serverIp: point the names at it; adds the services host's twin address in that /24 when it is another. */
  update(serverIp: string, provisioningUrl: string): Promise<void>;
  stop(): Promise<void>;
}

const UPDATE_TIMEOUT_MS = 5000;

export async function startLabServices(lab: NetnsLab, opts: LabServicesOptions): Promise<LabServices> {
  const hostName = opts.host ?? SERVICES_HOST.name;
  const host = lab.host(hostName);
  if (host.ip === null) throw new ProvcertError('PC_ERR_LAB', `lab host '${hostName}' has no fixed address for the lab services`);
  const dnsIp = host.ip;
  mkdirSync(opts.outDir, { recursive: true });
  const logPath = join(opts.outDir, 'lab-services.log');
  const cfg: LabServicesConfig = {
    listen: [dnsIp], dnsPort: opts.dnsPort ?? 53, httpsPort: opts.httpsPort ?? 443, logPath,
    pkiDir: opts.pkiDir ?? defaultPkiDir(), serverIp: opts.serverIp, provisioningUrl: opts.provisioningUrl,
    ...(opts.onboarding ? { onboarding: opts.onboarding } : {}),
  };
  const cfgPath = join(opts.outDir, 'lab-services.json');
  writeFileSync(cfgPath, `${JSON.stringify(cfg, null, 2)}\n`);
  const proc: SpawnedProcess = lab.spawn(hostName, [...nodeEntryArgv(import.meta.url, 'main'), cfgPath], { stdin: 'pipe' });
  // stderr (a crash) goes to the same log as the requests.
  const errLog = createWriteStream(logPath, { flags: 'a' });
  proc.child.stderr?.pipe(errLog);
  const waiters: Array<(e: ServicesEvent | { type: 'exited'; code: number | string }) => void> = [];
  const broadcast = (e: ServicesEvent | { type: 'exited'; code: number | string }) => { for (const w of waiters.splice(0)) w(e); };
  if (proc.child.stdout) createInterface({ input: proc.child.stdout }).on('line', (line) => { const e = parseEvent(line); if (e) broadcast(e); });
  void proc.exited.then((code) => broadcast({ type: 'exited', code }));

  const next = (timeoutMs: number, what: string) => new Promise<ServicesEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProvcertError('PC_ERR_LAB', `lab services: no answer to ${what} within ${timeoutMs} ms; see ${logPath}`)), timeoutMs);
    waiters.push((e) => {
      clearTimeout(timer);
      if (e.type === 'exited') reject(new ProvcertError('PC_ERR_LAB', `lab services exited (${e.code}) during ${what}; see ${logPath}`));
      else if (e.type === 'failed') reject(new ProvcertError('PC_ERR_LAB', `lab services: ${e.message}`));
      else resolve(e);
    });
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      proc.child.stdin?.end();
      await lab.stop(proc, 2000);
      errLog.end();
    })();
    return stopped;
  };
  try {
    await next(opts.readyTimeoutMs ?? 30_000, 'start');
  } catch (e) {
    await stop();
    throw e;
  }
  const listen = [dnsIp];
  let updating = Promise.resolve();
  return {
    dnsIp, logPath,
    get listen() { return [...listen]; },
    update(serverIp, provisioningUrl) {
      const run = async () => {
        const twin = sameHostIn(dnsIp, serverIp);
        if (!listen.includes(twin)) {
          // A container target's podman /24 on the same segment (docs/lab.md): the services host joins it.
          lab.exec(hostName, ['ip', 'addr', 'replace', `${twin}/24`, 'dev', host.iface]);
          listen.push(twin);
        }
        const c: ServicesControl = { type: 'update', listen, state: { serverIp, provisioningUrl } };
        const answered = next(UPDATE_TIMEOUT_MS, 'update');
        proc.child.stdin?.write(`${JSON.stringify(c)}\n`);
        await answered;
      };
      updating = updating.then(run, run);
      return updating;
    },
    stop,
  };
}
