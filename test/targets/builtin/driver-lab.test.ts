import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab } from '../../../lib/lab/netns-lab.js';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { builtinDriver } from '../../../lib/targets/builtin/driver.js';
import type { TargetSpec } from '../../../lib/targets/types.js';

const run = promisify(execFile);
const can = canUseNetns();
const missing = ['curl', 'udhcpc', 'dhclient'].filter((c) => !hasCommand(c));
const skip = !can.ok ? can.reason : missing.length ? `not installed: ${missing.join(', ')}` : false;

const PHONE = { mac: '000e08abcdef', serial: 'FCH1111AAAA', model: 'CP-8841-3PCC', swver: 'sip88xx.12-0-1MPP0001-1' };

t.test('builtin in lab mode: child process in the server namespace on standard ports; udhcpc, dhclient and curl as clients', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-builtin-lab-'));
  chmodSync(dir, 0o755);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  process.env['PROVCERT_PKI_DIR'] = join(dir, 'pki-cache');
  const content = join(dir, 'content');
  mkdirSync(content);
  const profile = `<flat-profile><GPP_A>${PHONE.mac}</GPP_A></flat-profile>\n`;
  writeFileSync(join(content, `${PHONE.mac}.xml`), profile);
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'cli', hostNumber: 2 }, { name: 'dh', hostNumber: null }, { name: 'dc', hostNumber: null }]);
  t.teardown(() => lab.destroy());
  const spec: TargetSpec = { name: 'builtin', kind: 'builtin', serves: ['dhcp', 'dns', 'tftp', 'http', 'https', 'sip', 'syslog'], serverIp: lab.host('srv').ip!, phones: [PHONE] };
  const target = await builtinDriver.start(spec, {
    lab, serverHost: 'srv', outDir: join(dir, 'out'), seed: 1, phones: [PHONE],
    content: { dir: content, files: new Map([[`${PHONE.mac}.xml`, new TextEncoder().encode(profile)]]) },
  });
  t.teardown(() => target.stop());
  t.strictSame(target.ports, { dns: 53, tftp: 69, http: 80, https: 443, sip: 5060, syslog: 514, dhcp: 67 }, 'standard ports');
  const srv = lab.host('srv').ip!;

  const { stdout } = await run('ip', ['netns', 'exec', lab.host('cli').netns, 'curl', '-sS', `http://${srv}/${PHONE.mac}.xml`]);
  t.equal(stdout, profile, 'HTTP from another namespace');
  const tftp = await run('ip', ['netns', 'exec', lab.host('cli').netns, 'curl', '-sS', '--tftp-blksize', '1024', `tftp://${srv}/${PHONE.mac}.xml`]);
  t.equal(tftp.stdout, profile, 'TFTP on port 69');

  // udhcpc: a script that records what the server handed out.
  const script = join(dir, 'udhcpc.sh');
  const envOut = join(dir, 'udhcpc.env');
  writeFileSync(script, `#!/bin/sh\n[ "$1" = bound ] && env > ${envOut}\nexit 0\n`, { mode: 0o755 });
  const dh = lab.host('dh');
  await run('ip', ['netns', 'exec', dh.netns, 'udhcpc', '-f', '-q', '-n', '-t', '3', '-T', '1', '-i', dh.iface, '-s', script, '-O', '66', '-O', '150', '-O', '160'], { timeout: 20000 });
  const env = readFileSync(envOut, 'utf8');
  t.match(env, new RegExp(`serverid=${srv.replace(/\./g, '\\.')}`), 'option 54');
  t.match(env, /^ip=10\.77\.\d+\.(6[4-9]|[7-9]\d|1\d\d|2[0-4]\d|25[0-4])$/m, 'address from the pool');
  t.match(env, /^lease=3600$/m, 'option 51');
  t.match(env, new RegExp(`tftp=${srv.replace(/\./g, '\\.')}`), 'option 66');

  // dhclient: -1 (one try), its own lease file and a no-op script.
  const dc = lab.host('dc');
  const leaseFile = join(dir, 'dhclient.leases');
  await run('ip', ['netns', 'exec', dc.netns, 'dhclient', '-1', '-v', '-lf', leaseFile, '-pf', join(dir, 'dhclient.pid'), '-sf', '/bin/true', dc.iface], { timeout: 30000 });
  const leases = readFileSync(leaseFile, 'utf8');
  t.match(leases, new RegExp(`option dhcp-server-identifier ${srv.replace(/\./g, '\\.')};`));
  t.match(leases, /option dhcp-lease-time 3600;/);
  await run('ip', ['netns', 'exec', dc.netns, 'dhclient', '-x', '-pf', join(dir, 'dhclient.pid'), dc.iface]).catch(() => undefined);

  const log = readFileSync(target.logs[0]!, 'utf8');
  t.match(log, /dhcp .*ACK 10\.77/, 'decisions logged');
  await target.stop();
  t.match(await target.exited, /exited/, 'exited resolves when the child ends');
});
