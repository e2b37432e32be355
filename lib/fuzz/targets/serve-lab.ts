/**
 * --serve --lab (issue 7 part 2): the lab serves each fuzzed profile to whatever fetches it by its
 * profile rule. A NetnsLab with a server host (srv, .1) and a phone host (ph0, .2); the builtin
 * server runs as its child process in srv (lib/targets/builtin/driver.ts, lab mode: standard ports)
 * with DHCP (option 160 = the fuzz rule pointed at srv, option 66/150 = srv), DNS, TFTP, HTTP and
 * HTTPS (lab PKI: server certificate from the lab server CA, client certificates must chain to the
 * lab manufacturer CA, HTTP-020). Per input the served file is swapped over the child's control
 * socket (put-file) and the execution's requests are read back from it (log-since); the judgement
 * is the loopback one (serve-observe.ts).
 *
 * The fetcher (--fetch-cmd) runs INSIDE the phone namespace (`ip netns exec`), with {url} = the
 * profile's URL on srv and, for HTTPS, {cacert} {cert} {key} = the lab server CA and a phone
 * client certificate and key. Without --fetch-cmd a phone in the lab is waited for, passively;
 * with --trigger notify (notifySip) the child also serves SIP and, per input, sends that phone a
 * NOTIFY Event: resync (SIP-005, its `notify-resync` control request) so it fetches now.
 * Teardown (child, fetchers, namespaces) on close() and, through NetnsLab, on exit/SIGINT/SIGTERM.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipv4Octets } from '../../codec/ipv4/address.js';
import { LabPki } from '../../emulator/pki/index.js';
import { configError, ProvcertError, usageError } from '../../errors.js';
import { NetnsLab } from '../../lab/netns-lab.js';
import { canUseNetns } from '../../lab/sys.js';
import { CONTROL_SOCKET_FILE, putServedFile, readRequestLog } from '../../targets/builtin/control.js';
import { builtinDriver } from '../../targets/builtin/driver.js';
import { sipTarget } from '../../targets/builtin/sip-notify.js';
import type { PhoneSpec, RunningTarget, TargetSpec } from '../../targets/types.js';
import { splitArgv } from './argv.js';
import { commandTargetArgv, isExecutable } from './command.js';
import type { TargetOptions } from './index.js';
import { observeServed, type ServeBackend } from './serve-observe.js';
import { FUZZ_PHONE, labProfileRule, servedPath } from './serve-path.js';
import type { ServeOptions, ServeTarget } from './serve.js';

/** A control round trip; the child answers put-file and log-since at once, so this only bounds a stuck child. */
const CONTROL_TIMEOUT_MS = 10_000;
const POLL_MS = 25;

export interface LabInfo {
  readonly id: string;
  readonly serverIp: string;
  readonly serverNetns: string;
  readonly phoneIp: string;
  readonly phoneNetns: string;
  readonly phoneIface: string;
  /** Files a fetcher needs for HTTPS: the lab server CA, a phone client certificate and its key. */
  readonly credentials: { readonly cacert: string; readonly cert: string; readonly key: string };
}

export interface LabServeTarget extends ServeTarget {
  readonly lab: LabInfo;
}

/** Why --lab cannot run here (not root, no ip), as a usage error: a clear line, exit 2. */
export function labUnavailable(): string | undefined {
  const can = canUseNetns();
  return can.ok ? undefined : can.reason;
}

/**
 * The passive phone's SIP address for --trigger notify, with `{phone}` = the lab phone host. Only
 * lab addresses (10.77.0.0/16): the NOTIFY leaves the server namespace on the lab bridge only.
 */
export function labPhoneSip(template: string, phoneIp: string): string {
  const sip = template.replaceAll('{phone}', phoneIp);
  let host: string;
  let port: number;
  try {
    ({ host, port } = sipTarget(sip));
  } catch {
    throw usageError(`--phone-sip: '${template}' is not [sip:][USER@]HOST[:PORT]`);
  }
  const octets = ipv4Octets(host);
  if (!octets || octets[0] !== 10 || octets[1] !== 77) {
    throw usageError(`--phone-sip: '${host}' is not a lab address (use {phone} for the lab's phone host, or 10.77.x.y)`);
  }
  if (port < 1 || port > 65535) throw usageError(`--phone-sip: port ${port} is out of range`);
  return sip;
}

function fetcherArgv(fetchCmd: string, netns: string, vars: Readonly<Record<string, string>>, cwd: string): string[] {
  // Placeholders are replaced per word after splitting, so a path with spaces stays one word.
  const words = splitArgv(fetchCmd).map((w) => w.replace(/\{(url|cacert|cert|key)\}/g, (_, k: string) => vars[k] ?? ''));
  if (!isExecutable(words[0] as string, cwd)) throw configError(`--fetch-cmd: '${words[0]}' is not an executable file or not on PATH`);
  return ['ip', 'netns', 'exec', netns, ...words];
}

export async function serveLabTarget(s: ServeOptions & { readonly logDir?: string }, o: TargetOptions): Promise<LabServeTarget> {
  const why = labUnavailable();
  if (why) throw usageError(`--lab needs root and network namespaces: ${why}`);
  const served = servedPath(s.rule, s.mac, ['tftp', 'http', 'https']);
  if (s.fetchCmd !== undefined) splitArgv(s.fetchCmd); // a malformed command is a usage error before any namespace exists
  if (s.notifySip !== undefined) {
    // A phone that is started per input does not need telling; a NOTIFY to it would race its fetch.
    if (s.fetchCmd !== undefined) throw usageError('--trigger notify is for a passive phone: it does not go with --fetch-cmd');
    labPhoneSip(s.notifySip, '10.77.0.2'); // syntax checked before any namespace exists
  }
  // A short private folder: the control socket path must stay under 108 bytes (sun_path).
  const work = mkdtempSync(join(tmpdir(), 'provcert-serve-lab-'));
  chmodSync(work, 0o755);
  const content = join(work, 'content');
  mkdirSync(content, { mode: 0o755 });
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  // NetnsLab's exit/SIGINT/SIGTERM handlers remove the lab; this removes our folder on the same exit.
  process.on('exit', removeWork);

  let lab: NetnsLab | undefined;
  let running: RunningTarget | undefined;
  let fetcherClose: (() => Promise<void>) | undefined;
  const teardown = async () => {
    await fetcherClose?.().catch(() => undefined);
    await running?.stop().catch(() => undefined);
    await lab?.destroy();
    if (s.logDir && running) {
      mkdirSync(s.logDir, { recursive: true });
      for (const f of running.logs) if (existsSync(f)) copyFileSync(f, join(s.logDir, f.slice(f.lastIndexOf('/') + 1)));
    }
    removeWork();
    process.off('exit', removeWork);
  };
  try {
    lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'ph0', hostNumber: 2 }]);
    const srv = lab.host('srv');
    const ph0 = lab.host('ph0');
    const serverIp = srv.ip as string;
    const phone: PhoneSpec = { mac: s.mac, ...FUZZ_PHONE };
    const spec: TargetSpec = {
      name: 'builtin', kind: 'builtin', serves: ['dhcp', 'dns', 'tftp', 'http', 'https', 'syslog', ...(s.notifySip !== undefined ? ['sip' as const] : [])], serverIp, phones: [phone],
      // Option 160: a phone on the lab that boots with DHCP fetches the fuzzed file from srv.
      profileRule: labProfileRule(s.rule, serverIp),
    };
    running = await builtinDriver.start(spec, { lab, serverHost: 'srv', outDir: work, seed: 1, phones: [phone], content: { dir: content, files: new Map() } });
    let exited: string | undefined;
    void running.exited.then((r) => { exited = r; });
    const socket = join(work, CONTROL_SOCKET_FILE);

    const creds = join(work, 'fetcher');
    mkdirSync(creds, { mode: 0o700 });
    const phoneCred = new LabPki().phoneCredentials(phone);
    const credentials = { cacert: running.spec.serverCa as string, cert: join(creds, 'phone.crt'), key: join(creds, 'phone.key') };
    writeFileSync(credentials.cert, phoneCred.cert);
    writeFileSync(credentials.key, phoneCred.key, { mode: 0o600 });

    const urls = { tftp: `tftp://${serverIp}${served.path}`, http: `http://${serverIp}${served.path}`, https: `https://${serverIp}${served.path}` };
    const url = urls[served.scheme];
    const fetcher = s.fetchCmd !== undefined
      ? commandTargetArgv(fetcherArgv(s.fetchCmd, ph0.netns, { url, ...credentials }, o.cwd), `cmd:${s.fetchCmd}`, o)
      : undefined;
    fetcherClose = fetcher?.close;
    const phoneSip = s.notifySip !== undefined ? labPhoneSip(s.notifySip, ph0.ip as string) : undefined;

    // A control call that fails because the child died says so (not a finding: it ends the session).
    const control = async <T>(f: () => Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (e) {
        throw exited !== undefined ? new ProvcertError('PC_ERR_TARGET', `the lab's builtin server ended (${exited}); see ${running?.logs.join(', ')}`) : e;
      }
    };
    const backend: ServeBackend = {
      put: (file, bytes) => control(() => putServedFile(socket, file, bytes, CONTROL_TIMEOUT_MS)),
      linesSince: async (mark) => (await control(() => readRequestLog(socket, mark, CONTROL_TIMEOUT_MS))).lines,
    };
    // The NOTIFY names the profile URL too (Event: resync;profile=...); a phone may use its own rule.
    const act = running.act?.bind(running);
    if (phoneSip !== undefined && !act) throw configError('--trigger notify: the lab server cannot send NOTIFY');
    const trigger = phoneSip !== undefined && act ? () => control(() => act({ type: 'notify-resync', phoneMac: s.mac, phoneSip, profileUrl: url })) : undefined;
    return {
      name: `serve-lab:${url}${s.fetchCmd !== undefined ? ` fetcher ${s.fetchCmd}` : ''}${phoneSip !== undefined ? ` notify ${phoneSip}` : ''}`,
      url,
      urls,
      lab: { id: lab.id, serverIp, serverNetns: srv.netns, phoneIp: ph0.ip as string, phoneNetns: ph0.netns, phoneIface: ph0.iface, credentials },
      run: (input) => observeServed(backend, input, { served, url, ...(fetcher ? { fetcher } : {}), ...(trigger ? { trigger } : {}), timeoutMs: o.timeoutMs, settleMs: s.settleMs, pollMs: POLL_MS }),
      close: teardown,
    };
  } catch (e) {
    await teardown();
    throw e;
  }
}
