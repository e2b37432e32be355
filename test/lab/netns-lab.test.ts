import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetnsLab } from '../../lib/lab/netns-lab.js';
import { canUseNetns, ip } from '../../lib/lab/sys.js';
import { readOwners } from '../../lib/lab/owner.js';

const can = canUseNetns();
const skip = can.ok ? false : can.reason;
const dist = fileURLToPath(new URL('../../dist/lib/lab/netns-lab.js', import.meta.url));
const nsList = () => ip(['netns', 'list'], true);

t.test('a lab of two hosts on a private bridge: addresses, reachability, teardown', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-run-'));
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'cli', hostNumber: 2 }], { runDir: dir });
  t.teardown(() => lab.destroySync());
  t.match(lab.subnet, /^10\.77\.\d+\.0\/24$/);
  const srv = lab.host('srv');
  t.ok(srv.iface.length <= 15 && srv.iface.includes(lab.id), 'interface names carry the lab id and fit IFNAMSIZ');
  t.ok(srv.netns.includes(lab.id));
  t.match(lab.exec('cli', ['ip', '-4', 'addr', 'show']), new RegExp(`${lab.host('cli').ip}/24`));
  lab.exec('cli', ['ping', '-c', '1', '-W', '2', srv.ip ?? '']);
  t.pass('cli pings srv through the bridge');
  // The host namespace has no route into the lab: nothing leaves it.
  t.notMatch(ip(['-4', 'addr', 'show']), /10\.77\./, 'no lab address in the host namespace');
  t.equal(readOwners(dir).length, 1, 'owner file written');
  const proc = lab.spawn('srv', ['sleep', '60']);
  await lab.destroy();
  t.ok(proc.child.exitCode !== null || proc.child.signalCode !== null, 'lab processes are stopped');
  t.notMatch(nsList(), new RegExp(lab.id), 'namespaces removed');
  t.same(readdirSync(dir), [], 'owner file removed');
});

function childLab(dir: string, signal: NodeJS.Signals | null): Promise<{ id: string; code: number | null; sig: string | null }> {
  const script = `
    const { NetnsLab } = await import(${JSON.stringify(dist)});
    const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }], { runDir: ${JSON.stringify(dir)} });
    lab.spawn('srv', ['sleep', '60']);
    console.log(lab.id);
    setInterval(() => {}, 1000);
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let id = '';
    child.stdout.on('data', (d: Buffer) => {
      id += d.toString();
      if (id.includes('\n') && signal) child.kill(signal);
    });
    child.on('exit', (code, sig) => resolve({ id: id.trim(), code, sig }));
  });
}

t.test('SIGINT and SIGTERM tear the lab down', { skip: skip || (!existsSync(dist) && 'dist/ not built (npm run build)') }, async (t) => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'pc-run-'));
    const r = await childLab(dir, sig);
    t.match(r.id, /^[0-9a-f]{6}$/, `${sig}: child made a lab`);
    t.equal(r.code, sig === 'SIGINT' ? 130 : 143, `${sig}: exit code`);
    t.notMatch(nsList(), new RegExp(r.id), `${sig}: namespaces removed`);
    t.same(readdirSync(dir), [], `${sig}: owner file removed`);
  }
});

t.test('leftovers of a killed owner are removed by the next lab, live labs are not', { skip: skip || (!existsSync(dist) && 'dist/ not built (npm run build)') }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-run-'));
  const r = await childLab(dir, 'SIGKILL');
  t.match(nsList(), new RegExp(r.id), 'SIGKILL leaves namespaces behind');
  const live = NetnsLab.create([{ name: 'a', hostNumber: 1 }], { runDir: dir });
  t.teardown(() => live.destroySync());
  t.notMatch(nsList(), new RegExp(r.id), 'leftover removed at the next create');
  const second = NetnsLab.create([{ name: 'b', hostNumber: 1 }], { runDir: dir });
  t.teardown(() => second.destroySync());
  t.match(nsList(), new RegExp(live.id), 'a live lab is never reaped');
  t.not(second.subnetIndex, live.subnetIndex, 'labs get distinct subnets');
  second.destroySync();
  live.destroySync();
  t.same(readdirSync(dir), []);
});
