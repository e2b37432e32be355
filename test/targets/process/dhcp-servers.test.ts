import t from 'tap';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { dnsmasqDriver } from '../../../lib/targets/process/dnsmasq.js';
import { keaDriver } from '../../../lib/targets/process/kea.js';
import { iscDhcpDriver } from '../../../lib/targets/process/isc-dhcp.js';
import type { TargetDriver } from '../../../lib/targets/types.js';
import { makeFixture, udhcpcLease, hexOpt, pidsIn } from './lab-fixture.js';

const can = canUseNetns();
const ipBytes = (ip: string) => Buffer.from(ip.split('.').map(Number)).toString('hex');

/** Sub-options of a code/length/value list, up to END (255) or the end of the data. */
function subOptions(b: Buffer, from = 0): Map<number, string> {
  const m = new Map<number, string>();
  for (let i = from; i + 1 < b.length && b[i] !== 255; i += 2 + (b[i + 1] ?? 0)) m.set(b[i] ?? 0, b.subarray(i + 2, i + 2 + (b[i + 1] ?? 0)).toString());
  return m;
}

for (const driver of [dnsmasqDriver, keaDriver, iscDhcpDriver] as TargetDriver[]) {
  const skip = !can.ok ? can.reason : driver.unavailable?.() ?? (!hasCommand('udhcpc') ? 'udhcpc not installed' : false);

  t.test(`${driver.name} in the lab: a lease with the provisioning options, 43/125 for CWMP clients only, crash detection`, { skip }, async (t) => {
    const f = makeFixture();
    t.teardown(() => f.cleanup());
    const target = await driver.start(f.spec(driver.name, ['dhcp']), f.env);
    t.teardown(() => target.stop());
    const ip = target.serverIp;
    t.equal(ip, f.lab.host('srv').ip);
    t.same(target.ports, { dhcp: 67 });
    t.match(Object.values(target.versions)[0], /^\d+\.\d+/, `version ${JSON.stringify(target.versions)}`);

    const plain = udhcpcLease(f, 'ph0', { request: [66, 150, 159, 160, 43, 125] });
    t.match(plain['ip'], /^10\.77\.\d+\.(6[4-9]|[7-9]\d|1\d\d|2[0-4]\d|25[0-3])$/, `lease ${plain['ip']} from the pool`);
    t.equal(plain['serverid'], ip, 'option 54');
    t.equal(plain['subnet'], '255.255.255.0', 'option 1');
    t.equal(plain['dns'], ip, 'option 6 = lab DNS');
    t.equal(plain['tftp'], ip, 'option 66 (a NUL that dnsmasq appends is dropped by udhcpc)');
    t.equal(hexOpt(plain, 150)?.toString('hex'), ipBytes(ip), 'option 150');
    t.equal(hexOpt(plain, 159)?.toString('hex'), ipBytes(ip), 'option 159 as a 4-octet address');
    t.equal(hexOpt(plain, 160)?.toString('utf8').replace(/\0+$/, ''), `tftp://${ip}/$PSN.xml`, 'option 160 profile URL');
    t.equal(plain['opt43'], undefined, 'no option 43 without dslforum.org');
    t.equal(plain['opt125'], undefined, 'no option 125 without dslforum.org');

    const cwmp = udhcpcLease(f, 'ph0', { vendorClass: 'dslforum.org', request: [43, 125] });
    const o43 = hexOpt(cwmp, 43);
    t.ok(o43, 'option 43 for a CWMP client');
    if (o43) t.equal(subOptions(o43).get(1), `http://${ip}:7547/`, 'option 43 sub-option 1 = ACS URL (DHCP-009)');
    const o125 = hexOpt(cwmp, 125);
    t.ok(o125, 'option 125 for a CWMP client');
    if (o125) {
      t.equal(o125.readUInt32BE(0), 3561, 'enterprise 3561 (DHCP-013)');
      t.equal(o125[4], o125.length - 5, 'data length covers the sub-options');
      const subs = subOptions(o125, 5);
      t.same([...subs.keys()].sort((a, b) => a - b), [4, 5, 6, 11], 'gateway sub-options 4-6 and ACS URL 11');
      t.equal(subs.get(11), `http://${ip}:7547/`);
    }

    const pids = pidsIn(f, 'srv');
    t.ok(pids.length >= 1, 'the server runs in the server namespace');
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const msg = await Promise.race([target.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 5000))]);
    t.match(msg, /exited on its own/, 'exited resolves on a crash');
    await target.stop();
    t.same(pidsIn(f, 'srv'), [], 'nothing left running');
  });

  t.test(`${driver.name}: stop() leaves no process and exited says stopped`, { skip }, async (t) => {
    const f = makeFixture();
    t.teardown(() => f.cleanup());
    const target = await driver.start(f.spec(driver.name, ['dhcp'], { profileRule: 'http://prov.provcert.test/cfg/$MA.xml' }), f.env);
    const lease = udhcpcLease(f, 'ph0', { request: [160] });
    t.equal(hexOpt(lease, 160)?.toString('utf8').replace(/\0+$/, ''), 'http://prov.provcert.test/cfg/$MA.xml', "option 160 carries the target's profile rule");
    await target.stop();
    t.match(await target.exited, /stopped/);
    t.same(pidsIn(f, 'srv'), []);
  });
}
