/**
 * The `builtin` target: provcert's own strict reference provisioning server.
 * Loopback mode (no lab, no root): every service in this process on 127.0.0.1 with free unprivileged
 * ports (spec.ports when the registry allocated them), DHCP leases from 127.77.0.0/16 and replies to
 * the sender at port + 1. Lab mode: the same code as a child process in the server namespace
 * (main.ts --config FILE) on the standard ports, ready when it prints READY_PREFIX.
 * The returned spec carries the trust anchors it used: serverCa (to verify the server) and phoneCa.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvcertError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { ensureLabPki, issueServerCertificate, readPemFile } from '../process/lab-pki.js';
import { LAB_SERVER_NAME, option125SubOptions, provisioningOptions } from '../process/provisioning-options.js';
import { allocateLoopbackPorts, STANDARD_PORTS } from '../spec/ports.js';
import type { Ports, RunningTarget, Service, TargetDriver, TargetEnv, TargetSpec } from '../types.js';
import { READY_PREFIX, type BuiltinConfig, type BuiltinService } from './config.js';
import { callControl, CONTROL_SOCKET_FILE } from './control.js';
import { isReferenceSpec, referenceContent } from './reference-deployment.js';
import { startBuiltin } from './services.js';

export const BUILTIN_SERVICES: readonly BuiltinService[] = ['dhcp', 'dns', 'tftp', 'http', 'https', 'sip', 'syslog'];
/** Loopback DHCP pool (issue 5): phones bind to their leased 127.77.x.y address. */
export const LOOPBACK_POOL = { start: '127.77.0.10', end: '127.77.255.254', mask: '255.0.0.0' } as const;
const READY_TIMEOUT_MS = 15_000;

function urlPort(scheme: 'http' | 'https' | 'tftp', port: number | undefined): string {
  const std = scheme === 'http' ? 80 : scheme === 'https' ? 443 : 69;
  return port === undefined || port === std ? '' : `:${port}`;
}

/** Option 160: the spec's profile rule, else a default on a file service this server has (PROF-014 /$PSN.xml). */
function profileUrl(spec: TargetSpec, serverIp: string, ports: Ports): string {
  if (spec.profileRule) return spec.profileRule;
  if (spec.serves.includes('http')) return `http://${serverIp}${urlPort('http', ports.http)}/$PSN.xml`;
  return `tftp://${serverIp}${urlPort('tftp', ports.tftp)}/$PSN.xml`;
}

interface Pki {
  readonly serverCaPath: string;
  readonly phoneCaPath: string;
  readonly tls: NonNullable<BuiltinConfig['tls']>;
}

/**
 * The one lab PKI shared with nginx and the emulator (lib/emulator/pki via lib/targets/process/lab-pki.ts): the server
 * certificate comes from the spec's serverCa when that file holds a key, else from the lab server CA;
 * client certificates are verified against the spec's phoneCa, else the lab manufacturer CA.
 */
function makePki(spec: TargetSpec, serverIp: string, dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const lab = ensureLabPki();
  const given = spec.serverCa ? readPemFile(spec.serverCa) : undefined;
  const serverCa = given?.key ? { cert: given.cert, key: given.key } : lab.serverCa;
  // The lab CA's certificate is cached in the one lab PKI folder (lib/emulator/pki); a target file's CA issues a fresh one.
  const server = given?.key ? issueServerCertificate(serverCa, { ip: serverIp, name: LAB_SERVER_NAME }) : lab.serverCertificate({ ip: serverIp, name: LAB_SERVER_NAME });
  const phoneCaPem = spec.phoneCa ? readPemFile(spec.phoneCa).cert : lab.phoneCa.cert;
  const serverCaPath = join(dir, 'server-ca.pem');
  const phoneCaPath = join(dir, 'phone-ca.pem');
  writeFileSync(serverCaPath, serverCa.cert);
  writeFileSync(phoneCaPath, phoneCaPem);
  writeFileSync(join(dir, 'server.crt'), server.cert);
  writeFileSync(join(dir, 'server.key'), server.key, { mode: 0o600 });
  return { serverCaPath, phoneCaPath, tls: { certPem: server.cert, keyPem: server.key, phoneCaPem } };
}

function buildConfig(spec: TargetSpec, env: TargetEnv, mode: 'lab' | 'loopback', serverIp: string, ports: Partial<Record<BuiltinService, number>>, pki: Pki): BuiltinConfig {
  const lab = provisioningOptions(spec, mode === 'lab' ? serverIp : '10.77.0.1');
  return {
    mode,
    bind: mode === 'lab' ? '0.0.0.0' : serverIp,
    serverIp,
    ports,
    dhcp: {
      poolStart: mode === 'lab' ? lab.rangeStart : LOOPBACK_POOL.start,
      poolEnd: mode === 'lab' ? lab.rangeEnd : LOOPBACK_POOL.end,
      subnetMask: mode === 'lab' ? lab.netmask : LOOPBACK_POOL.mask,
      leaseSeconds: lab.leaseSeconds,
      domainName: lab.domain,
      profileUrl: profileUrl(spec, serverIp, mode === 'lab' ? STANDARD_PORTS : ports),
      // RFC 2132 section 9.4: option 66 is the TFTP server name. The reference deployment hands out the
      // lab server name, which its own DNS answers (dnsNames below), so dns.options.names-resolve has a
      // name to judge (DHCP-004/005); without the DNS service it stays the address.
      tftpServerName: isReferenceSpec(spec) && ports.dns !== undefined ? LAB_SERVER_NAME : serverIp,
      ...(spec.acs ? { acs: { url: spec.acs.url, gateway: option125SubOptions({ ...lab, acsUrl: spec.acs.url }) } } : {}),
    },
    dnsNames: { [LAB_SERVER_NAME]: serverIp },
    // Lab: 1468 = 1500 MTU - 20 IP - 8 UDP - 4 TFTP, no fragments; loopback has a 64 KiB MTU.
    tftp: { maxBlksize: mode === 'lab' ? 1468 : 65464, maxWindowsize: 16, defaultTimeoutMs: 1000, maxTries: 5 },
    logPath: join(env.outDir, 'builtin.log'),
    tls: pki.tls,
    ...(spec.ikm ? { ikm: spec.ikm } : {}),
    ...(spec.onboarding ? { onboarding: spec.onboarding } : {}),
    phones: spec.phones.map((p) => ({ mac: p.mac, serial: p.serial, model: p.model, swver: p.swver })),
    seed: env.seed,
  };
}

function servedSubset(spec: TargetSpec): BuiltinService[] {
  return BUILTIN_SERVICES.filter((s) => spec.serves.includes(s as Service));
}

/** The compiled entry next to this module, and the loader flags when running from TypeScript sources. */
function entryArgv(): string[] {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const entry = join(here, '..', ts ? 'main.ts' : 'main.js');
  return [process.execPath, ...(ts ? process.execArgv.filter((a) => /^--(import|loader|experimental-loader|require|enable-source-maps|no-warnings)/.test(a)) : []), entry];
}

async function startLoopback(spec: TargetSpec, env: TargetEnv): Promise<RunningTarget> {
  const serverIp = /^127\./.test(spec.serverIp) ? spec.serverIp : '127.0.0.1';
  const services = servedSubset(spec);
  const given = spec.ports ?? {};
  const missing = services.filter((s) => given[s] === undefined);
  const extra = missing.length ? await allocateLoopbackPorts(serverIp, missing) : {};
  const ports: Partial<Record<BuiltinService, number>> = {};
  for (const s of services) ports[s] = given[s] ?? (extra as Ports)[s] ?? 0;
  const pki = makePki(spec, serverIp, join(env.outDir, 'pki'));
  const cfg = buildConfig(spec, env, 'loopback', serverIp, ports, pki);
  const server = await startBuiltin(cfg, env.content.files);
  let resolveExit: (why: string) => void = () => undefined;
  const exited = new Promise<string>((r) => { resolveExit = r; });
  return {
    spec: { ...spec, serverIp, ports: server.ports, serverCa: pki.serverCaPath, phoneCa: pki.phoneCaPath },
    serverIp,
    ports: server.ports,
    versions: { provcert: VERSION },
    logs: [cfg.logPath as string],
    // In-process: the server cannot crash without this process; `exited` resolves only when stopped.
    exited,
    act: async (a) => { await server.notifyResync(a); },
    stop: async () => {
      await server.stop();
      resolveExit('stopped');
    },
  };
}

async function startLab(spec: TargetSpec, env: TargetEnv): Promise<RunningTarget> {
  const lab = env.lab!;
  const host = lab.host(env.serverHost!);
  const serverIp = host.ip ?? spec.serverIp;
  const services = servedSubset(spec);
  const ports: Partial<Record<BuiltinService, number>> = {};
  for (const s of services) ports[s] = STANDARD_PORTS[s];
  const pki = makePki(spec, serverIp, join(env.outDir, 'pki'));
  const controlSocket = join(env.outDir, CONTROL_SOCKET_FILE);
  const cfg: BuiltinConfig = { ...buildConfig(spec, env, 'lab', serverIp, ports, pki), contentDir: env.content.dir, controlSocket };
  const cfgPath = join(env.outDir, 'builtin-config.json');
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2), { mode: 0o600 });
  if (services.includes('dhcp')) {
    // A dgram socket can only send to 255.255.255.255 with a route for it (platform-facts.md); the
    // server namespace is ours, so add it there (RFC 2131 section 4.1 broadcast replies).
    try { lab.exec(env.serverHost!, ['ip', 'route', 'replace', '255.255.255.255', 'dev', host.iface]); } catch (e) {
      throw new ProvcertError('PC_ERR_LAB', `cannot add the broadcast route in the server namespace: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const stdoutLog = join(env.outDir, 'builtin-process.log');
  const proc = lab.spawn(env.serverHost!, [...entryArgv(), '--config', cfgPath], { logPath: stdoutLog });
  const ready = await new Promise<Ports>((resolve, reject) => {
    let buf = '';
    let err = '';
    const timer = setTimeout(() => reject(new ProvcertError('PC_ERR_TARGET', `builtin did not get ready within ${READY_TIMEOUT_MS} ms (see ${stdoutLog})`)), READY_TIMEOUT_MS);
    proc.child.stderr?.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    proc.child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf(READY_PREFIX);
      const nl = i >= 0 ? buf.indexOf('\n', i) : -1;
      if (nl > 0) {
        clearTimeout(timer);
        resolve(JSON.parse(buf.slice(i + READY_PREFIX.length, nl)) as Ports);
      }
      if (buf.length > 65536 && i < 0) buf = buf.slice(-1024);
    });
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new ProvcertError('PC_ERR_TARGET', `builtin exited (${code}) before it was ready: ${err.trim().split('\n').pop() ?? ''}`));
    });
  }).catch(async (e: unknown) => {
    await lab.stop(proc, 1000);
    throw e;
  });
  return {
    spec: { ...spec, serverIp, ports: ready, serverCa: pki.serverCaPath, phoneCa: pki.phoneCaPath },
    serverIp,
    ports: ready,
    versions: { provcert: VERSION },
    logs: [cfg.logPath as string, stdoutLog],
    exited: proc.exited.then((c) => `builtin process exited (${c})`),
    act: async (a) => {
      // Timer F (64 * T1) plus a margin bounds the wait.
      await callControl(controlSocket, { type: 'notify-resync', phoneMac: a.phoneMac, phoneSip: a.phoneSip, ...(a.profileUrl !== undefined ? { profileUrl: a.profileUrl } : {}) }, 40_000);
    },
    stop: async () => { await lab.stop(proc, 2000); },
  };
}

/** The reference content in memory and (for the lab child, which reads a folder) on disk. */
function withReferenceContent(spec: TargetSpec, env: TargetEnv): { spec: TargetSpec; env: TargetEnv } {
  const ref = referenceContent(spec, env.content.files, env.phones);
  const dir = join(env.outDir, 'reference-content');
  for (const [path, bytes] of ref.files) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    writeFileSync(file, bytes, { mode: 0o644 });
  }
  return { spec: ref.spec, env: { ...env, content: { dir, files: ref.files } } };
}

export const builtinDriver: TargetDriver = {
  name: 'builtin',
  kind: 'builtin',
  serves: ['dhcp', 'dns', 'tftp', 'http', 'https', 'sip', 'syslog'],
  unavailable: () => undefined,
  async start(given: TargetSpec, givenEnv: TargetEnv): Promise<RunningTarget> {
    mkdirSync(givenEnv.outDir, { recursive: true });
    // Issue 6 part 7: `builtin` resolved by name carries the reference deployment (firmware,
    // onboarding, key, IKM); its content is derived here from the run's profiles and phones.
    const { spec, env } = isReferenceSpec(given) ? withReferenceContent(given, givenEnv) : { spec: given, env: givenEnv };
    if (env.lab) {
      if (!env.serverHost) throw new ProvcertError('PC_ERR_CONFIG', 'builtin in a lab needs env.serverHost');
      return startLab(spec, env);
    }
    return startLoopback(spec, env);
  },
};
