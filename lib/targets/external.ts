/**
 * External targets: a server that is already running, reached by the `urls` of its target file (no
 * DHCP: nothing hands phones an address or options). Nothing is started or stopped; start() only
 * checks that every URL answers, so a typo fails at once instead of as a hundred test errors.
 * Also here: target actions (`actions.command` / `actions.url`), shared with command targets.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { Resolver } from 'node:dns/promises';
import { ProvcertError } from '../errors.js';
import type { Ports, RunningTarget, Service, TargetDriver, TargetEnv, TargetSpec } from './types.js';
import { STANDARD_PORTS } from './spec/ports.js';

export const PROBE_TIMEOUT_MS = 3000;
export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;

export interface Endpoint {
  host: string;
  port: number;
  /** sip: `;transport=tcp` / sips; syslog and the others follow the service. */
  transport: 'tcp' | 'udp';
}

/** Host, port and transport of an external URL (default ports: STANDARD_PORTS). */
export function endpointOf(service: Service, url: string): Endpoint {
  if (service === 'sip') {
    // RFC 3261 §19.1.1: sip:[user@]host[:port][;params]; sips implies TLS over TCP (port 5061).
    const m = /^(sips?):(?:[^@;]*@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?(.*)$/i.exec(url);
    if (!m) throw new ProvcertError('PC_ERR_CONFIG', `urls.sip: cannot read host from ${url}`);
    const sips = (m[1] as string).toLowerCase() === 'sips';
    const tcp = sips || /;transport=(tcp|tls)/i.test(m[4] ?? '');
    return { host: (m[2] as string).replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : sips ? 5061 : STANDARD_PORTS.sip, transport: tcp ? 'tcp' : 'udp' };
  }
  const u = new URL(url);
  const defaults: Record<string, number> = { 'http:': 80, 'https:': 443, 'tftp:': 69, 'dns:': 53, 'syslog:': 514 };
  const port = u.port ? Number(u.port) : (defaults[u.protocol] ?? STANDARD_PORTS[service]);
  const udp = service === 'tftp' || service === 'dns' || service === 'syslog';
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, transport: udp ? 'udp' : 'tcp' };
}

function tcpProbe(e: Endpoint): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host: e.host, port: e.port, timeout: PROBE_TIMEOUT_MS });
    s.once('connect', () => { s.destroy(); resolve(undefined); });
    s.once('error', (err) => resolve(`connect: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    s.once('timeout', () => { s.destroy(); resolve(`no TCP answer in ${PROBE_TIMEOUT_MS} ms`); });
  });
}

/**
 * TFTP: an RRQ (RFC 1350 §5) for a file that does not exist; any answer (ERROR, DATA or OACK) from the
 * server proves it is there. Other UDP services: a connected datagram, where an ICMP port unreachable
 * surfaces as ECONNREFUSED; silence is taken as reachable (UDP cannot confirm more without a protocol).
 */
function udpProbe(service: Service, e: Endpoint): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = createSocket(e.host.includes(':') ? 'udp6' : 'udp4');
    let done = false;
    const finish = (r: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.close();
      resolve(r);
    };
    const rrq = Buffer.concat([Buffer.from([0, 1]), Buffer.from('provcert-probe-does-not-exist\0octet\0', 'ascii')]);
    const body = service === 'tftp' ? rrq : Buffer.from('<14>provcert: reachability probe');
    const timer = setTimeout(() => finish(service === 'tftp' ? `no TFTP answer in ${PROBE_TIMEOUT_MS} ms` : undefined), service === 'tftp' ? PROBE_TIMEOUT_MS : 300);
    s.on('error', (err) => finish(`${(err as NodeJS.ErrnoException).code ?? err.message} (nothing listens on udp ${e.port})`));
    s.on('message', () => finish(undefined)); // TFTP answers from a new port (TID): unconnected socket
    s.bind(0, () => {
      if (service === 'tftp') s.send(rrq, e.port, e.host);
      else s.connect(e.port, e.host, () => s.send(body));
    });
  });
}

async function dnsProbe(e: Endpoint): Promise<string | undefined> {
  const r = new Resolver({ timeout: PROBE_TIMEOUT_MS, tries: 1 });
  r.setServers([e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`]);
  try {
    await r.resolve4('provcert-probe.invalid');
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Any DNS answer (NXDOMAIN, SERVFAIL, REFUSED...) means a server is there.
    return code === 'ETIMEOUT' || code === 'ECONNREFUSED' ? `DNS: ${code}` : undefined;
  }
}

/** Checks one URL; undefined when reachable, else why not. */
export async function probeUrl(service: Service, url: string): Promise<string | undefined> {
  const e = endpointOf(service, url);
  if (service === 'dns') return dnsProbe(e);
  return e.transport === 'tcp' ? tcpProbe(e) : udpProbe(service, e);
}

export async function startExternalTarget(spec: TargetSpec, env: TargetEnv): Promise<RunningTarget> {
  const urls = spec.urls ?? {};
  const services = spec.serves.filter((s) => urls[s] !== undefined);
  if (services.length === 0) throw new ProvcertError('PC_ERR_CONFIG', `target '${spec.name}': an external target needs urls`);
  const problems = (await Promise.all(services.map(async (s) => {
    const why = await probeUrl(s, urls[s] as string);
    return why ? `${s} ${urls[s]} (${why})` : undefined;
  }))).filter((p): p is string => p !== undefined);
  if (problems.length) throw new ProvcertError('PC_ERR_TARGET', `external target '${spec.name}' is not reachable: ${problems.join('; ')}`);
  const ports: Ports = {};
  for (const s of services) ports[s] = endpointOf(s, urls[s] as string).port;
  const first = endpointOf(services[0] as Service, urls[services[0] as Service] as string);
  const running: RunningTarget = {
    spec,
    serverIp: first.host,
    ports,
    versions: {},
    logs: [],
    exited: new Promise<string>(() => { /* not ours to watch: never resolves */ }),
    stop: async () => { /* not started by us, not stopped by us */ },
  };
  if (spec.actions) running.act = (action) => runTargetAction(spec, action, { env, vars: {}, cwd: process.cwd() });
  return running;
}

export const externalDriver: TargetDriver = {
  name: 'external',
  kind: 'external',
  serves: ['dns', 'tftp', 'http', 'https', 'acs', 'sip', 'syslog'],
  start: startExternalTarget,
};

export type TargetAction = Parameters<NonNullable<RunningTarget['act']>>[0];

function runBounded(argv: readonly string[], env: Record<string, string>, cwd: string, timeoutMs: number, where: TargetEnv): Promise<{ code: number | string; out: string }> {
  const full = where.lab && where.serverHost ? ['ip', 'netns', 'exec', where.lab.host(where.serverHost).netns, 'env', '-C', cwd, ...argv] : [...argv];
  const [cmd, ...args] = full as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); resolve({ code: (e as NodeJS.ErrnoException).code ?? 'error', out }); });
    child.once('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? signal ?? -1, out }); });
  });
}

/** The phone's IP from its SIP contact (sip:user@10.77.1.100:5060), when it has one. */
function phoneIp(sip: string): string {
  return /@?(\d{1,3}(?:\.\d{1,3}){3})/.exec(sip)?.[1] ?? '';
}

/**
 * Makes the server act (docs/targets.md "actions"): runs actions.command with PROVCERT_ACTION,
 * PROVCERT_PHONE_MAC, PROVCERT_PHONE_IP, PROVCERT_PHONE_SIP, PROVCERT_PROFILE_URL, or POSTs
 * {action, phone: {mac, sip, ip}, profileUrl} as JSON to actions.url. In the lab both run inside the
 * server's namespace, where the phones are reachable. A non-zero exit or a non-2xx answer is an error.
 */
export async function runTargetAction(spec: TargetSpec, action: TargetAction, ctx: { env: TargetEnv; vars: Record<string, string>; cwd: string }): Promise<void> {
  const timeout = spec.thresholds?.['actionTimeoutMs'] ?? DEFAULT_ACTION_TIMEOUT_MS;
  const vars = {
    ...ctx.vars,
    PROVCERT_ACTION: action.type,
    PROVCERT_PHONE_MAC: action.phoneMac,
    PROVCERT_PHONE_IP: phoneIp(action.phoneSip),
    PROVCERT_PHONE_SIP: action.phoneSip,
    PROVCERT_PROFILE_URL: action.profileUrl ?? '',
  };
  const fail = (why: string) => new ProvcertError('PC_ERR_TARGET', `target '${spec.name}': action ${action.type} for ${action.phoneMac} failed: ${why}`);
  if (spec.actions?.command) {
    const r = await runBounded(spec.actions.command, vars, ctx.cwd, timeout, ctx.env);
    if (r.code !== 0) throw fail(`${typeof r.code === 'number' ? `exit code ${r.code}` : String(r.code)}${r.out.trim() ? `: ${r.out.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
    return;
  }
  if (spec.actions?.url) {
    const body = JSON.stringify({ action: action.type, phone: { mac: action.phoneMac, sip: action.phoneSip, ip: vars.PROVCERT_PHONE_IP }, profileUrl: action.profileUrl ?? null });
    // A tiny fetch run by node itself, so that in the lab it can run inside the server namespace.
    const script = 'fetch(process.argv[1],{method:"POST",headers:{"content-type":"application/json"},body:process.argv[2],signal:AbortSignal.timeout(Number(process.argv[3]))}).then(r=>{process.stdout.write(String(r.status));process.exit(r.ok?0:1)},e=>{process.stdout.write(String(e.cause?.code??e.message));process.exit(2)})';
    const r = await runBounded([process.execPath, '-e', script, spec.actions.url, body, String(timeout)], vars, ctx.cwd, timeout + 2000, ctx.env);
    if (r.code !== 0) throw fail(`POST ${spec.actions.url}: ${r.out.trim() || String(r.code)}`);
    return;
  }
  throw fail('the target file has no actions');
}
