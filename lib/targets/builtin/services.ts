/**
 * Starts the builtin server's services from one BuiltinConfig, in this process. Used directly by the
 * driver in loopback mode and by main.ts inside the lab's server namespace. A service that fails to
 * start stops the ones already running (no half-started server is left behind).
 */
import { parseIkm } from '../../crypto/index.js';
import type { Ports } from '../types.js';
import type { BuiltinConfig, BuiltinService } from './config.js';
import { FileStore, ROUTES_FILE } from './content.js';
import { startDhcp, type RunningService } from './dhcp-server.js';
import { startDns } from './dns-server.js';
import { startHttp, startHttps } from './http-server.js';
import type { HttpContext } from './http-handler.js';
import { createLogger, type Logger } from './log.js';
import { parseRoutes } from './routes.js';
import { startSip, type NotifyRequest, type SipService } from './sip-notify.js';
import { startSyslog } from './syslog-server.js';
import { startTftp } from './tftp-server.js';
import { ProvcertError } from '../../errors.js';

export interface BuiltinServer {
  readonly ports: Ports;
  readonly logger: Logger;
  notifyResync(r: NotifyRequest): Promise<number>;
  stop(): Promise<void>;
}

export async function startBuiltin(cfg: BuiltinConfig, files: ReadonlyMap<string, Uint8Array>, sink?: (line: string) => void): Promise<BuiltinServer> {
  const logger = createLogger(cfg.logPath, sink);
  const log = logger.log;
  const store = new FileStore(files);
  const running: RunningService[] = [];
  const ports: Ports = {};
  let sip: SipService | undefined;
  const want = (s: BuiltinService) => cfg.ports[s] !== undefined;
  const port = (s: BuiltinService) => cfg.ports[s] as number;
  try {
    const ctx: HttpContext = {
      store, log, phones: cfg.phones,
      routes: parseRoutes(files.get(ROUTES_FILE)),
      ...(cfg.ikm ? { ikm: parseIkm(cfg.ikm) } : {}),
      ...(cfg.onboarding ? { onboarding: cfg.onboarding } : {}),
    };
    if (want('dns')) {
      const s = await startDns({ bind: cfg.bind, port: port('dns'), names: cfg.dnsNames, log });
      running.push(s);
      ports.dns = s.port;
    }
    if (want('tftp')) {
      const s = await startTftp({ bind: cfg.bind, port: port('tftp'), store, limits: cfg.tftp, maxTries: cfg.tftp.maxTries, log });
      running.push(s);
      ports.tftp = s.port;
    }
    if (want('http')) {
      const s = await startHttp(ctx, cfg.bind, port('http'));
      running.push(s);
      ports.http = s.port;
    }
    if (want('https')) {
      if (!cfg.tls) throw new ProvcertError('PC_ERR_CONFIG', 'https needs a server certificate and a phone CA');
      const s = await startHttps(ctx, cfg.bind, port('https'), cfg.tls);
      running.push(s);
      ports.https = s.port;
    }
    if (want('sip')) {
      sip = await startSip({ bind: cfg.bind, port: port('sip'), serverIp: cfg.serverIp, seed: cfg.seed, ...cfg.sip, log });
      running.push(sip);
      ports.sip = sip.port;
    }
    if (want('syslog')) {
      const s = await startSyslog({ bind: cfg.bind, port: port('syslog'), log });
      running.push(s);
      ports.syslog = s.port;
    }
    // DHCP last: once it answers, phones come, and everything they are pointed at must be up.
    if (want('dhcp')) {
      const d = cfg.dhcp;
      const s = await startDhcp({
        mode: cfg.mode, bind: cfg.bind, port: port('dhcp'), pool: { start: d.poolStart, end: d.poolEnd }, leaseSeconds: d.leaseSeconds, log,
        ...(d.recvBufferBytes !== undefined ? { recvBufferBytes: d.recvBufferBytes } : {}),
        policy: {
          serverIp: cfg.serverIp, subnetMask: d.subnetMask, dnsServers: [cfg.serverIp], domainName: d.domainName,
          tftpServerName: d.tftpServerName ?? cfg.serverIp, tftpServers: [cfg.serverIp], provisioningServer: cfg.serverIp, profileUrl: d.profileUrl,
          ...(d.acs ? { acs: d.acs } : {}),
        },
      });
      running.push(s);
      ports.dhcp = s.port;
    }
  } catch (e) {
    for (const s of running.reverse()) await s.stop().catch(() => undefined);
    throw e;
  }
  return {
    ports,
    logger,
    notifyResync: (r) => {
      if (!sip) return Promise.reject(new ProvcertError('PC_ERR_TARGET', 'the builtin target was started without sip'));
      return sip.notifyResync(r);
    },
    stop: async () => {
      for (const s of [...running].reverse()) await s.stop().catch(() => undefined);
      log('builtin', 'stopped');
    },
  };
}
