import t from 'tap';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { dnsmasqDriver } from '../../../lib/targets/process/dnsmasq.js';
import { makeFixture, udhcpcLease, tftpGet, hexOpt, pidsIn } from './lab-fixture.js';

const can = canUseNetns();
const skip = !can.ok ? can.reason : dnsmasqDriver.unavailable?.() ?? (!hasCommand('tftp') ? 'tftp-hpa not installed' : false);

t.test('dnsmasq in the lab: lease with provisioning options, TFTP, crash detection, clean stop', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  const spec = f.spec('dnsmasq', ['dhcp', 'tftp']);
  const target = await dnsmasqDriver.start(spec, f.env);
  t.teardown(() => target.stop());
  t.equal(target.serverIp, f.lab.host('srv').ip);
  t.same(target.ports, { dhcp: 67, tftp: 69 });
  t.match(target.versions['dnsmasq'], /^\d+\.\d+/);

  const plain = udhcpcLease(f, 'ph0', { request: [66, 150, 159, 160, 43, 125] });
  t.match(plain['ip'], /^10\.77\.\d+\.(6[4-9]|[7-9]\d|1\d\d|2[0-4]\d|25[0-4])$/, 'lease from the pool');
  t.equal(plain['serverid'], target.serverIp, 'server identifier');
  t.equal(plain['dns'], target.serverIp, 'option 6 = lab DNS');
  t.equal(plain['tftp'], target.serverIp, 'option 66');
  t.equal(hexOpt(plain, 150)?.toString('hex'), Buffer.from(target.serverIp.split('.').map(Number)).toString('hex'), 'option 150');
  t.equal(hexOpt(plain, 159)?.length, 4, 'option 159 as an address');
  t.equal(hexOpt(plain, 160)?.toString('utf8').replace(/\0+$/, ''), `tftp://${target.serverIp}/$PSN.xml`, 'option 160 profile URL');
  t.equal(plain['opt43'], undefined, 'no option 43 without dslforum.org');

  const cwmp = udhcpcLease(f, 'ph0', { vendorClass: 'dslforum.org', request: [43, 125] });
  const o43 = hexOpt(cwmp, 43);
  t.ok(o43, 'option 43 for a CWMP client');
  if (o43) {
    t.equal(o43[0], 1, 'sub-option 1');
    t.equal(o43.subarray(2, 2 + (o43[1] ?? 0)).toString(), `http://${target.serverIp}:7547/`, 'ACS URL');
  }
  const o125 = hexOpt(cwmp, 125);
  t.ok(o125, 'option 125 for a CWMP client');
  if (o125) {
    t.equal(o125.readUInt32BE(0), 3561, 'enterprise 3561 (DHCP-013)');
    t.equal(o125[4], o125.length - 5, 'data length covers the sub-options');
    const subs = new Map<number, string>();
    for (let i = 5; i + 1 < o125.length; i += 2 + (o125[i + 1] ?? 0)) subs.set(o125[i] ?? 0, o125.subarray(i + 2, i + 2 + (o125[i + 1] ?? 0)).toString());
    t.same([...subs.keys()].sort((a, b) => a - b), [4, 5, 6, 11], 'gateway sub-options 4-6 and ACS URL 11');
    t.equal(subs.get(11), `http://${target.serverIp}:7547/`);
  }

  const got = tftpGet(f, 'cli', target.serverIp, 'CP-8841-3PCC.xml');
  t.ok(got.ok, `tftp get (${got.text})`);
  t.same(new Uint8Array(got.bytes), f.files.get('CP-8841-3PCC.xml'));
  t.notOk(tftpGet(f, 'cli', target.serverIp, 'missing.xml').ok, 'missing file fails');

  // Crash detection: kill the daemon behind the harness's back.
  const before = pidsIn(f, 'srv');
  t.ok(before.length >= 1, 'dnsmasq runs in the server namespace');
  for (const pid of before) process.kill(pid, 'SIGKILL');
  const msg = await Promise.race([target.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 5000))]);
  t.match(msg, /dnsmasq exited on its own/);
  await target.stop();
  t.same(pidsIn(f, 'srv'), [], 'nothing left running');
});

t.test('dnsmasq stop() leaves no process and exited says stopped', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  const target = await dnsmasqDriver.start(f.spec('dnsmasq', ['dhcp']), f.env);
  t.same(target.ports, { dhcp: 67 });
  await target.stop();
  t.match(await target.exited, /stopped/);
  t.same(pidsIn(f, 'srv'), []);
});
