import t from 'tap';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { tftpdHpaDriver } from '../../../lib/targets/process/tftpd-hpa.js';
import { atftpdDriver } from '../../../lib/targets/process/atftpd.js';
import { dnsmasqDriver } from '../../../lib/targets/process/dnsmasq.js';
import type { TargetDriver } from '../../../lib/targets/types.js';
import { makeFixture, tftpGet, pidsIn } from './lab-fixture.js';

const can = canUseNetns();

for (const driver of [tftpdHpaDriver, atftpdDriver, dnsmasqDriver] as TargetDriver[]) {
  const skip = !can.ok ? can.reason : driver.unavailable?.() ?? (!hasCommand('tftp') ? 'tftp-hpa not installed' : false);
  t.test(`${driver.name} in the lab: files, missing file, crash detection, clean stop`, { skip }, async (t) => {
    const f = makeFixture();
    t.teardown(() => f.cleanup());
    const target = await driver.start(f.spec(driver.name, ['tftp']), f.env);
    t.teardown(() => target.stop());
    t.same(target.ports, { tftp: 69 }, 'TFTP only');
    t.match(Object.values(target.versions)[0], /^\d+\.\d+/, `version ${JSON.stringify(target.versions)}`);
    for (const name of ['CP-8841-3PCC.xml', 'big.bin']) {
      const got = tftpGet(f, 'cli', target.serverIp, name);
      t.ok(got.ok, `get ${name} ${got.text}`);
      t.same(new Uint8Array(got.bytes), f.files.get(name), `${name} bytes`);
    }
    t.notOk(tftpGet(f, 'cli', target.serverIp, 'missing.xml').ok, 'missing file fails');
    const pids = pidsIn(f, 'srv');
    t.ok(pids.length >= 1);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const msg = await Promise.race([target.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 5000))]);
    t.match(msg, /exited on its own/);
    await target.stop();
    t.same(pidsIn(f, 'srv'), []);
  });

  t.test(`${driver.name} stop() stops it`, { skip }, async (t) => {
    const f = makeFixture();
    t.teardown(() => f.cleanup());
    const target = await driver.start(f.spec(driver.name, ['tftp']), f.env);
    await target.stop();
    t.match(await target.exited, /stopped/);
    t.same(pidsIn(f, 'srv'), [], 'no process left');
  });
}
