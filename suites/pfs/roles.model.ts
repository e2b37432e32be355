/**
 * Peer Firmware Sharing (PFS-001..006, X-PFS-001..006; seed "Peer Firmware Sharing"): role
 * election on a simulated subnet of model phones (fleet.ts), gating, relay, fallback, the log
 * server and the ports. Properties: exactly one root per group and one load-server download per
 * group when the group upgrades together; never two roots of a group at once; re-election when
 * the root goes away; fallback when the root's download fails.
 */
import fc from 'fast-check';
import { defineSuite } from '../../lib/model-check/index.js';
import { electRoot, parseLogServer, PFS_LOG, type PfsPeerInfo } from '../../lib/phone-model/index.js';
import { FIRMWARE_URL, Fleet, loadServer, macOf, NEW_LOAD, ok200 } from './fleet.js';

const SEED = 4051;
const HOUR = 3_600_000;
const suite = defineSuite('pfs.roles', ['PFS-001', 'PFS-002', 'X-PFS-002']);
export const properties = suite.properties;

/** Product of each phone: two groups share the subnet (PFS-001: same model only). */
const arbFleet = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  phones: fc.uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 200 }), model: fc.constantFrom('CP-6841-3PCC', 'CP-6851-3PCC'), startMs: fc.integer({ min: 0, max: 5000 }) }), { minLength: 1, maxLength: 6, selector: (p) => p.n }),
});
type FleetCase = { seed: number; phones: { n: number; model: string; startMs: number }[] };

const build = (c: FleetCase, server = loadServer()) => new Fleet(c.seed, c.phones.map((p) => ({ mac: macOf(p.n), productName: p.model, at: p.startMs })), server);
const explainFleet = (args: readonly unknown[]) => { const f = build(args[0] as FleetCase); try { f.run(HOUR); } catch { /* timeline below */ } return f.toString(); };

suite.property('PFS-001 / PFS-002 / X-PFS-002: phones that upgrade together elect exactly one root per model, the lowest MAC; one load-server download per group; all run the new load', () =>
  fc.property(arbFleet, (c) => {
    const f = build(c).run(HOUR);
    for (const model of new Set(c.phones.map((p) => p.model))) {
      const members = c.phones.map((p, i) => ({ ...p, i })).filter((p) => p.model === model);
      const roots = members.filter((p) => f.firedBy(p.i, 'pfs.elect.root').length > 0);
      if (roots.length !== 1) throw new Error(`${model}: ${roots.length} roots\n${f}`);
      const lowest = [...members].sort((a, b) => a.n - b.n)[0];
      if (roots[0]?.i !== lowest?.i) throw new Error(`${model}: root is not the lowest MAC\n${f}`);
      const downloads = f.fetches.filter((x) => x.url === FIRMWARE_URL && members.some((m) => m.i === x.phone)).length;
      if (downloads !== 1) throw new Error(`${model}: ${downloads} firmware downloads\n${f}`);
    }
    return f.states.every((s) => s.facts.swVersion === NEW_LOAD);
  }), { seed: SEED, numRuns: 60, explain: explainFleet });

suite.property('X-PFS-002: with starts spread over a minute, two phones of one group are never root at the same time', () =>
  fc.property(arbFleet, fc.integer({ min: 0, max: 60_000 }), (c, spread) => {
    const cs = { ...c, phones: c.phones.map((p) => ({ ...p, startMs: Math.floor((p.startMs / 5000) * spread) })) };
    const f = build(cs).run(HOUR);
    // Intervals during which each phone was root: from pfs.elect.root to its reboot.
    for (const [a, pa] of cs.phones.entries()) for (const [b, pb] of cs.phones.entries()) {
      if (a >= b || pa.model !== pb.model) continue;
      const span = (i: number) => { const s = f.firedBy(i, 'pfs.elect.root')[0]; const e = f.fired.find((x) => x.phone === i && x.id === 'power.reboot' && s !== undefined && x.at >= s)?.at; return s === undefined ? undefined : [s, e ?? Infinity] as const; };
      const sa = span(a); const sb = span(b);
      if (sa && sb && sa[0] < sb[1] && sb[0] < sa[1]) throw new Error(`phones ${a} and ${b} were root together\n${f}`);
    }
    return f.states.every((s) => s.facts.swVersion === NEW_LOAD);
  }), { seed: SEED, numRuns: 40 });

suite.property('PFS-001 / X-PFS-002: the root goes away before its image is ready: the rest elect the lowest remaining MAC once and still upgrade', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 5 }), (seed, ns) => {
    // A slow load server (30 s) so that the root is still downloading when it disappears.
    const f = new Fleet(seed, ns.map((n, i) => ({ mac: macOf(n), at: i * 500 })), loadServer(() => ok200('image'), 30_000));
    const root = ns.indexOf(Math.min(...ns));
    f.kill(20_000, root);
    f.run(HOUR);
    const rest = ns.map((n, i) => ({ n, i })).filter((p) => p.i !== root);
    const newRoots = rest.filter((p) => f.firedBy(p.i, 'pfs.elect.root').length > 0);
    if (newRoots.length !== 1 || newRoots[0]?.n !== Math.min(...rest.map((p) => p.n))) throw new Error(`new roots ${newRoots.map((p) => p.n)}\n${f}`);
    if (rest.length > 1 && rest.every((p) => f.firedBy(p.i, 'pfs.peer.root-gone').length === 0 && p.i !== newRoots[0]?.i)) throw new Error(`no re-election seen\n${f}`);
    return rest.every((p) => f.states[p.i]?.facts.swVersion === NEW_LOAD);
  }), { seed: SEED, numRuns: 40 });

suite.property('X-PFS-006: the root\'s download fails: every peer falls back to the load server; the root retries as without PFS', () =>
  fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 2, max: 5 }), (seed, count) => {
    const f = new Fleet(seed, [...Array(count).keys()].map((n) => ({ mac: macOf(n + 1), at: n * 300 })), loadServer((n) => (n === 0 ? { kind: 'http', status: 404, headers: {}, body: new Uint8Array() } : ok200('image'))));
    f.run(HOUR);
    if (f.firedBy(0, 'pfs.root.failed').length !== 1) throw new Error(`root did not report the failure\n${f}`);
    for (let i = 1; i < count; i++) if (f.firedBy(i, 'pfs.peer.fallback').length !== 1) throw new Error(`phone ${i} did not fall back\n${f}`);
    const gets = f.fetches.filter((x) => x.url === FIRMWARE_URL);
    return gets.length === count && f.states.slice(1).every((s) => s.facts.swVersion === NEW_LOAD) && f.states[0]?.upgrade.phase === 'retry-wait';
  }), { seed: SEED, numRuns: 30 });

suite.test('X-PFS-002: election examples: a claimed root wins, else the lowest MAC', async (t) => {
  const peer = (mac: string, role: PfsPeerInfo['role']): PfsPeerInfo => ({ mac, ip: '10.77.0.9', productName: 'CP-6841-3PCC', load: NEW_LOAD, role });
  const self = { mac: '00562b043605', productName: 'CP-6841-3PCC', load: NEW_LOAD };
  t.same(electRoot(self, []), { root: self.mac, claimed: true }, 'alone: root');
  t.same(electRoot(self, [peer('00562b043601', 'candidate')]), { root: '00562b043601', claimed: false }, 'a lower MAC that has not claimed');
  t.same(electRoot(self, [peer('00562b043609', 'root'), peer('00562b043601', 'candidate')]), { root: '00562b043609', claimed: true }, 'an existing claim wins over a lower MAC');
});

suite.test('PFS-004 / X-PFS-005: the seed\'s log server example 192.168.5.5 means UDP 514; PFS lines go there and only there (golden)', async (t) => {
  t.same(parseLogServer('192.168.5.5'), { host: '192.168.5.5', port: 514 }, 'seed example: the port defaults to 514');
  t.same(parseLogServer('logs.example:5514'), { host: 'logs.example', port: 5514 });
  t.same(parseLogServer('[2001:db8::5]:600'), { host: '2001:db8::5', port: 600 });
  t.equal(parseLogServer(''), undefined);
  t.equal(parseLogServer('host:99999'), undefined);
  const f = new Fleet(1, [1, 2].map((n, i) => ({ mac: macOf(n), at: i * 100, config: (i === 0 ? { Peer_Firmware_Sharing_Log_Server: '192.168.5.5' } : {}) as Record<string, string> })), loadServer()).run(HOUR);
  const logs = f.effects.filter((x) => x.effect.type === 'syslog' && x.effect.server !== undefined);
  t.ok(logs.length >= 3, `${logs.length} PFS log lines`);
  t.ok(logs.every((x) => x.phone === 0), 'only the phone with a log server sends them');
  const texts = logs.map((x) => (x.effect.type === 'syslog' ? `${x.effect.server?.host}:${x.effect.server?.port} ${x.effect.message}` : ''));
  t.same(texts.slice(0, 3), [
    `192.168.5.5:514 ${PFS_LOG.root(NEW_LOAD, 'fw.example')}`,
    `192.168.5.5:514 ${PFS_LOG.relay(NEW_LOAD, 1)}`,
    `192.168.5.5:514 ${PFS_LOG.copied(NEW_LOAD, macOf(2))}`,
  ]);
});

suite.test('PFS-005: CPPDP announce on UDP 4051, control on TCP 4051, image copy on TCP 6970', async (t) => {
  const f = new Fleet(2, [1, 2].map((n) => ({ mac: macOf(n) })), loadServer()).run(HOUR);
  const notes = f.effects.flatMap((x) => (x.effect.type === 'notify-peer' ? [x.effect] : []));
  const copies = f.effects.flatMap((x) => (x.effect.type === 'peer-fetch' ? [x.effect] : []));
  t.ok(notes.some((n) => n.kind === 'announce'));
  for (const n of notes) t.same([n.transport, n.port], n.to === 'subnet' ? ['udp', 4051] : ['tcp', 4051], `${n.kind} -> ${n.to}`);
  t.equal(copies.length, 1, 'one peer copy');
  t.same([copies[0]?.transport, copies[0]?.port, copies[0]?.host, copies[0]?.root], ['tcp', 6970, '10.77.0.10', macOf(1)]);
});

suite.test('PFS-006 / X-PFS-001: gating: off by default, only from 11.2(1), only for upgrades', async (t) => {
  const kinds = (f: Fleet) => new Set(f.effects.map((x) => x.effect.type));
  const off = new Fleet(3, [1, 2].map((n) => ({ mac: macOf(n), config: { Peer_Firmware_Sharing: 'No' } })), loadServer()).run(HOUR);
  t.notOk(kinds(off).has('notify-peer'), 'Peer_Firmware_Sharing=No: no CPPDP');
  t.equal(off.fetches.filter((x) => x.url === FIRMWARE_URL).length, 2, 'each phone downloads itself');
  const unset = new Fleet(3, [{ mac: macOf(1), config: {} }], loadServer());
  t.equal(unset.states[0]?.config.Peer_Firmware_Sharing, 'Yes', 'fleet default config turns PFS on');
  const old = new Fleet(4, [1, 2].map((n) => ({ mac: macOf(n), swVersion: 'sip68xx.11-0-1MPP0001-1' })), loadServer()).run(HOUR);
  t.notOk(kinds(old).has('notify-peer'), '11.0(1): no PFS');
  t.ok(old.fired.some((x) => x.id === 'pfs.unavailable'));
  t.equal(old.states[0]?.facts.swVersion, NEW_LOAD, 'the plain upgrade still happens');
  const noUpgrade = new Fleet(5, [1, 2].map((n) => ({ mac: macOf(n), config: { Upgrade_Rule: '' } })), loadServer()).run(HOUR);
  t.notOk(kinds(noUpgrade).has('notify-peer'), 'resync alone never uses PFS');
  t.ok(noUpgrade.fetches.length >= 2, 'profiles were fetched');
  const disabled = new Fleet(6, [1, 2].map((n) => ({ mac: macOf(n), config: { Upgrade_Enable: 'No' } })), loadServer()).run(HOUR);
  t.notOk(kinds(disabled).has('notify-peer'), 'Upgrade_Enable=No: no PFS');
});

suite.test('PFS-002 / X-PFS-004: a lone phone with PFS on is root, downloads itself and reboots without waiting', async (t) => {
  const f = new Fleet(7, [{ mac: macOf(1) }], loadServer()).run(HOUR);
  t.ok(f.firedBy(0, 'pfs.elect.root').length === 1 && f.firedBy(0, 'pfs.root.alone').length === 1);
  const announce = f.effects.find((x) => x.effect.type === 'notify-peer')?.at ?? -1;
  const get = f.fetches.find((x) => x.url === FIRMWARE_URL)?.at ?? -1;
  t.equal(get - announce, 10_000, 'downloads after the 10 s election window (X-PFS-003)');
  t.equal(f.states[0]?.facts.swVersion, NEW_LOAD);
});
