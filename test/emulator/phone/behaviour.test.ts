/**
 * The live phone against the builtin target on loopback: every decision below is the model's; these
 * tests check that the runtime executes it on the wire (packets seen by the sockets' tap).
 */
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { EmulatedPhone } from '../../../lib/emulator/phone/index.js';
import type { PacketEvent, StreamEvent } from '../../../lib/emulator/net/packet-events.js';
import { phoneSpec, startFixture } from './builtin-fixture.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const IKM = 'yqdlZ-tYemfogSmv7Ts5VQ';
const xml = (marker: string) => `<flat-profile><GPP_A>${marker}</GPP_A><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`;
const has = (cmd: string) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`]); return true; } catch { return false; } };
const [B, C, D, E, F, G] = [1, 2, 3, 4, 5, 6].map(phoneSpec) as [ReturnType<typeof phoneSpec>, ...ReturnType<typeof phoneSpec>[]];

const work = mkdtempSync(join(tmpdir(), 'pc-phone-enc-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
// A real `openssl enc` body (ENC-004): -md sha256 is the openssl >= 1.1 default KDF digest.
writeFileSync(join(work, 'b.xml'), xml('enc-ok'));
execFileSync('openssl', ['enc', '-aes-256-cbc', '-salt', '-md', 'sha256', '-k', 's3cret', '-in', join(work, 'b.xml'), '-out', join(work, 'b.cfg')]);

const files = new Map<string, Uint8Array>([
  [`${B!.mac}.cfg`, new Uint8Array(readFileSync(join(work, 'b.cfg')))],
  [`${C!.mac}.xml`, enc.encode(xml('gcm-ok'))],
  [`${D!.mac}.xml`, enc.encode(xml('moved-ok'))],
  [`${F!.mac}.xml`, enc.encode(xml('first'))],
  ['web-f.xml', enc.encode(xml('web-ok'))],
  [`${G!.mac}.xml`, enc.encode(xml('g-first'))],
  ['_routes.json', enc.encode(JSON.stringify({ redirects: [{ from: '/d-old.xml', to: `/${D!.mac}.xml`, status: 301 }] }))],
]);

const fx = await startFixture({ files, phones: [B!, C!, D!, E!, F!, G!], ikm: IKM });
t.teardown(() => fx.close());
const base = `http://127.0.0.1:${fx.target.ports.http}`;

function boot(spec: ReturnType<typeof phoneSpec>, config: Record<string, string>): EmulatedPhone {
  const p = new EmulatedPhone(fx.env, { spec, runSeed: 3, config });
  t.teardown(() => p.close());
  p.powerUp();
  return p;
}

/** HTTP requests a phone sent, as text, with the wall time of the first chunk. */
function requestsOf(mac: string): { text: string; ts: bigint; ev: StreamEvent }[] {
  return fx.packets.filter((p): p is StreamEvent => p.kind === 'tcp' && p.phone === mac && p.dir === 'tx' && p.phase === 'data' && p.proto === 'http')
    .map((ev) => ({ text: dec.decode(ev.bytes), ts: ev.ts, ev })).filter((r) => /^(GET|POST) /.test(r.text));
}

function responsesOf(mac: string): string[] {
  return fx.packets.filter((p: PacketEvent) => p.kind === 'tcp' && p.phone === mac && p.dir === 'rx' && p.phase === 'data').map((p) => Buffer.from(p.bytes).toString('latin1'));
}

t.test('openssl enc profile decrypted with the rule\'s --key (ENC-004)', async (t) => {
  const p = boot(B!, { Profile_Rule: `[--key s3cret]${base}/$MA.cfg` });
  await p.until((x) => x.state.config['GPP_A'] === 'enc-ok', 10_000, 'encrypted profile applied');
  t.match(p.timeline.toString(), /decrypt #\d+ openssl-enc/, 'the model asked for the decryption');
  t.match(responsesOf(B!.mac).join(''), /Salted__/, 'the body on the wire was encrypted');
});

t.test('aes128gcm body with an IKM: Accept-Encoding sent, body decrypted (ENC-008, ENC-009)', async (t) => {
  const p = boot(C!, { Profile_Rule: `${base}/$MA.xml`, IKM_HTTP_Encrypt_Content: IKM });
  await p.until((x) => x.state.config['GPP_A'] === 'gcm-ok', 10_000, 'aes128gcm profile applied');
  t.match(requestsOf(C!.mac)[0]!.text, /\r\nAccept-Encoding: aes128gcm\r\n/i);
  t.match(responsesOf(C!.mac).join(''), /content-encoding: aes128gcm/i, 'the server encrypted it');
  t.match(p.timeline.toString(), /decrypt #\d+ aes128gcm/);
});

t.test('301: followed as the model says and sticky for the next resync (HTTP-007, X-HTTP-022); NOTIFY resync (SIP-001)', async (t) => {
  const p = boot(D!, { Profile_Rule: `${base}/d-old.xml` });
  await p.until((x) => x.state.config['GPP_A'] === 'moved-ok', 10_000, 'redirected profile applied');
  const first = requestsOf(D!.mac).map((r) => r.text.split('\r\n')[0]);
  t.same(first, ['GET /d-old.xml HTTP/1.1', `GET /${D!.mac}.xml HTTP/1.1`]);
  await p.until((x) => x.sipPort !== undefined, 5000, 'SIP UA up');
  // The target sends NOTIFY Event: resync over real SIP; the UA hands it to the model.
  await fx.target.act!({ type: 'notify-resync', phoneMac: D!.mac, phoneSip: `sip:${D!.mac}@${p.ip}:${p.sipPort}` });
  await p.until((x) => x.applied === 2, 10_000, 'second profile applied');
  const lines = requestsOf(D!.mac).map((r) => r.text.split('\r\n')[0]);
  t.equal(lines[2], `GET /${D!.mac}.xml HTTP/1.1`, 'the 301 target is used directly');
  t.match(p.timeline.toString(), /NOTIFY Event: resync/);
  t.ok(fx.packets.some((e) => e.proto === 'sip' && e.dir === 'rx' && e.phone === D!.mac && /^NOTIFY /.test(dec.decode(e.bytes))), 'NOTIFY crossed the SIP socket');
});

t.test('404: retried after Resync_Error_Retry_Delay on the scaled clock (HTTP-012, RESYNC-008)', async (t) => {
  const p = boot(E!, { Profile_Rule: `${base}/missing-$MA.xml`, Resync_Error_Retry_Delay: '3600' });
  await p.until(() => requestsOf(E!.mac).length >= 2, 10_000, 'second attempt');
  const [a, b] = requestsOf(E!.mac);
  const wallGapMs = Number(b!.ts - a!.ts) / 1e6;
  // 3600 s of model time at scale 1/3600 = 1 s of wall time.
  t.ok(wallGapMs > 800 && wallGapMs < 2500, `wall gap ${wallGapMs.toFixed(0)} ms is about 1 s`);
  const gets = p.timeline.entries.filter((e) => e.kind === 'effect' && /^GET /.test(e.text));
  const failed = p.timeline.entries.find((e) => e.kind === 'event' && /^result #\d+ 404$/.test(e.text))!;
  t.equal(gets[1]!.at - failed.at, 3_600_000, 'model gap from the 404 to the retry is exactly 3600 s');
  t.match(responsesOf(E!.mac)[0], /^HTTP\/1\.1 404/);
});

t.test('web resync /admin/resync?URL (HTTP-002) fetches the given URL once (X-PROF-042)', async (t) => {
  const p = boot(F!, { Profile_Rule: `${base}/$MA.xml` });
  await p.until((x) => x.state.config['GPP_A'] === 'first', 10_000, 'first profile');
  const web = fx.env.web!;
  const r = await request(`http://${p.ip}:${web.port}/admin/resync?${base}/web-f.xml`);
  t.equal(r.statusCode, 200, 'the model answered 200');
  await r.body.dump();
  await p.until((x) => x.state.config['GPP_A'] === 'web-ok', 10_000, 'web resync profile');
  t.equal(requestsOf(F!.mac).at(-1)!.text.split('\r\n')[0], 'GET /web-f.xml HTTP/1.1');
});

t.test('a call (sipp uac) defers a NOTIFY resync until the line is idle (RESYNC-009)', { skip: has('sipp') ? false : 'sipp not installed' }, async (t) => {
  const p = boot(G!, { Profile_Rule: `${base}/$MA.xml` });
  await p.until((x) => x.state.config['GPP_A'] === 'g-first' && x.sipPort !== undefined, 10_000, 'first profile');
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const sippPort = sock.address().port;
  sock.close();
  const dir = mkdtempSync(join(tmpdir(), 'pc-sipp-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sipp = spawn('sipp', ['-sn', 'uac', `${p.ip}:${p.sipPort}`, '-m', '1', '-i', '127.0.0.1', '-p', String(sippPort), '-d', '1500', '-s', 'phone', '-nostdin', '-timeout', '15s', '-timeout_error'], { cwd: dir, stdio: 'ignore' });
  t.teardown(() => { if (sipp.exitCode === null) sipp.kill('SIGKILL'); });
  const sippDone = new Promise<number>((r) => sipp.on('exit', (c) => r(c ?? -1)));
  await p.until((x) => x.state.activeLines.includes(1), 10_000, 'call active');
  const before = requestsOf(G!.mac).length;
  await fx.target.act!({ type: 'notify-resync', phoneMac: G!.mac, phoneSip: `sip:x@${p.ip}:${p.sipPort}` });
  await new Promise((r) => setTimeout(r, 400));
  t.equal(requestsOf(G!.mac).length, before, 'no fetch while the call lasts');
  t.equal(p.state.resync.phase, 'deferred');
  t.equal(await sippDone, 0, 'sipp call completed');
  await p.until((x) => x.applied === 2, 10_000, 'deferred resync after the call');
  t.equal(requestsOf(G!.mac).length, before + 1);
  t.match(p.timeline.toString(), /call-end line 1[\s\S]*GET /, 'the fetch follows call-end');
});
