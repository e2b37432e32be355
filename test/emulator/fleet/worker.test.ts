import t from 'tap';
import { WorkerFleet } from '../../../lib/emulator/fleet/worker-client.js';
import { parseRequest } from '../../../lib/emulator/fleet/worker-protocol.js';
import { generatePhones } from '../../../lib/emulator/fleet/fleet-api.js';
import type { WorkerEvent } from '../../../lib/emulator/fleet/worker-protocol.js';
import { startFixture } from '../phone/builtin-fixture.js';

const enc = new TextEncoder();

t.test('parseRequest refuses what is not a request, with PC_ERR_USAGE', async (t) => {
  for (const bad of ['nope', '[]', '{"op":"boot"}', '{"id":1,"op":"fly"}', '{"id":1,"op":"call","mac":"x","action":"ring"}', '{"id":2,"op":"web-resync","mac":"x"}']) {
    t.throws(() => parseRequest(bad), { code: 'PC_ERR_USAGE' }, bad);
  }
  t.same(parseRequest('{"id":3,"op":"metrics"}'), { id: 3, op: 'metrics' });
});

t.test('a worker process drives a fleet over JSON lines: boot, snapshot, web resync, call, metrics, shutdown', async (t) => {
  const phones = generatePhones(3, { base: 0x500 });
  const files = new Map<string, Uint8Array>([
    ...phones.map((p) => [`${p.mac}.xml`, enc.encode(`<flat-profile><GPP_D>${p.serial}</GPP_D><Resync_Periodic>0</Resync_Periodic></flat-profile>`)] as [string, Uint8Array]),
    ['other.xml', enc.encode('<flat-profile><GPP_D>other</GPP_D></flat-profile>')],
  ]);
  const fx = await startFixture({ files, phones, withEnv: false });
  t.teardown(() => fx.close());
  const events: WorkerEvent[] = [];
  const w = await WorkerFleet.start({
    mode: 'loopback', runSeed: 11, phones, dhcpServerPort: fx.target.ports.dhcp!, credentials: 'none', sip: false, streamTimeline: true,
    config: { Profile_Rule: `http://127.0.0.1:${fx.target.ports.http}/$MA.xml` },
  }, { onEvent: (e) => events.push(e) });
  t.teardown(() => w.close());
  t.same([...w.macs].sort(), phones.map((p) => p.mac).sort());
  const boot = await w.bootAll();
  t.equal(boot.settled, 3);
  const s = await w.snapshot(phones[0]!.mac, true);
  t.equal(s.config['GPP_D'], phones[0]!.serial);
  t.match(s.ip, /^127\.77\./);
  t.ok(s.timeline!.some((e) => /DHCPACK/.test(e.text)), 'timeline reported');
  t.ok(events.some((e) => e.event === 'timeline' && /apply /.test(e.text)), 'timeline streamed as events');
  await w.call(phones[1]!.mac, 'start');
  t.same((await w.snapshot(phones[1]!.mac)).activeLines, [1]);
  await w.call(phones[1]!.mac, 'end');
  t.equal(await w.webResync(phones[2]!.mac, `http://127.0.0.1:${fx.target.ports.http}/other.xml`), 200);
  const after = await w.until(phones[2]!.mac, (x) => x.config['GPP_D'] === 'other', 5000);
  t.equal(after.applied, 2);
  const m = await w.metrics();
  t.equal(m.applied, 3);
  await t.rejects(w.snapshot('ffffffffffff'), { code: 'PC_ERR_CONFIG' }, 'errors come back typed, without a stack');
  await w.close();
  await t.rejects(w.metrics(), { code: 'PC_ERR_LAB' }, 'closed worker');
});
