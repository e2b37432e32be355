/**
 * The lab services process (runs in the services host's namespace, started by start.ts): the lab DNS
 * on UDP port 53 of each of its addresses (startDns of the builtin target, never recursive), and the
 * EDOS/activation stub on HTTPS 443. It reports `ready` only after its DNS answered a query of its
 * own, applies `update` lines from stdin (target restarted elsewhere, an address added), and ends when
 * stdin closes (the parent is gone) or on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isProvcertError, ProvcertError } from '../../errors.js';
import { hostResolver } from '../../emulator/fleet/resolver.js';
import { LabPki } from '../../emulator/pki/index.js';
import { startDns } from '../../targets/builtin/dns-server.js';
import type { RunningService } from '../../targets/builtin/dhcp-server.js';
import { createLogger, type LogFn } from '../../targets/builtin/log.js';
import { LAB_SERVER_NAME } from '../../targets/process/provisioning-options.js';
import { EDOS_NAMES, labDnsNames, parseControl, SERVICES_LINE, type LabServicesConfig, type LabServicesState, type ServicesEvent } from './config.js';
import { startEdosHttps } from './https-server.js';

class LabServices {
  private state: LabServicesState;
  /** Listen address -> its DNS socket and the names it answers (mutated in place on update: startDns reads them per query). */
  private readonly dns = new Map<string, { names: Record<string, string>; service: RunningService }>();
  private stopHttps: () => Promise<void> = async () => undefined;

  constructor(private readonly cfg: LabServicesConfig, private readonly log: LogFn) {
    this.state = { serverIp: cfg.serverIp, provisioningUrl: cfg.provisioningUrl, ...(cfg.onboarding ? { onboarding: cfg.onboarding } : {}) };
  }

  private async listenDns(addrs: readonly string[]): Promise<void> {
    for (const addr of addrs) {
      const have = this.dns.get(addr);
      const names = labDnsNames(this.state.serverIp, addr);
      if (have) {
        for (const k of Object.keys(have.names)) delete have.names[k];
        Object.assign(have.names, names);
        this.log('dns', `${addr}: ${Object.entries(names).map(([n, a]) => `${n}=${a}`).join(' ')}`);
        continue;
      }
      const service = await startDns({ bind: addr, port: this.cfg.dnsPort, names, log: this.log });
      this.dns.set(addr, { names, service });
      // The self-check asks like a phone does (the fleet's resolver: node's stub resolver, bounded retries).
      if ((await hostResolver({}, { address: addr, port: this.cfg.dnsPort })(LAB_SERVER_NAME)) !== this.state.serverIp) throw new ProvcertError('PC_ERR_LAB', `lab DNS on ${addr}:${this.cfg.dnsPort} does not answer its own query`);
    }
  }

  async start(): Promise<number> {
    await this.listenDns(this.cfg.listen);
    const pki = new LabPki({ dir: this.cfg.pkiDir });
    const { key, cert } = pki.serverCertificate({ dns: EDOS_NAMES });
    const https = await startEdosHttps({ bind: '0.0.0.0', port: this.cfg.httpsPort, key, cert, context: () => this.state, log: this.log });
    this.stopHttps = () => https.stop();
    return https.port;
  }

  async update(listen: readonly string[], state: LabServicesState): Promise<void> {
    const onboarding = state.onboarding ?? this.state.onboarding;
    this.state = { serverIp: state.serverIp, provisioningUrl: state.provisioningUrl, ...(onboarding ? { onboarding } : {}) };
    this.log('control', `update: server ${state.serverIp}, provisioning URL ${state.provisioningUrl}`);
    await this.listenDns([...new Set([...this.dns.keys(), ...listen])]);
  }

  async stop(): Promise<void> {
    await this.stopHttps();
    await Promise.all([...this.dns.values()].map((d) => d.service.stop()));
  }
}

/** Runs until stdin ends or SIGTERM; returns the exit code. */
export async function runServicesProcess(configPath: string, out: (line: string) => void = (l) => process.stdout.write(l)): Promise<number> {
  const emit = (e: ServicesEvent) => out(`${SERVICES_LINE}${JSON.stringify(e)}\n`);
  let cfg: LabServicesConfig;
  try {
    cfg = JSON.parse(readFileSync(configPath, 'utf8')) as LabServicesConfig;
  } catch (e) {
    emit({ type: 'failed', message: `cannot read ${configPath}: ${(e as Error).message}` });
    return 2;
  }
  const { log } = createLogger(cfg.logPath);
  const services = new LabServices(cfg, log);
  try {
    const httpsPort = await services.start();
    emit({ type: 'ready', listen: cfg.listen, httpsPort });
  } catch (e) {
    const message = isProvcertError(e) ? e.toLine() : String(e);
    log('control', `start failed: ${message}`);
    emit({ type: 'failed', message });
    await services.stop().catch(() => undefined);
    return 1;
  }
  let queue = Promise.resolve();
  return new Promise<number>((resolve) => {
    const end = (code: number) => { void queue.then(() => services.stop()).finally(() => { log('control', 'stopped'); resolve(code); }); };
    process.once('SIGTERM', () => end(0));
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const c = parseControl(line);
      if (!c) { log('control', `ignored control line: ${line.slice(0, 200)}`); return; }
      queue = queue.then(async () => {
        try {
          await services.update(c.listen, c.state);
          emit({ type: 'updated', listen: c.listen });
        } catch (e) {
          emit({ type: 'failed', message: isProvcertError(e) ? e.toLine() : String(e) });
        }
      });
    });
    rl.on('close', () => end(0));
  });
}
