import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SipUserAgent, type LineState } from '../../../lib/emulator/clients/sip-ua.js';
import { seededRandom } from '../../../lib/emulator/clients/dhcp-dora.js';
import { PacketTap, type PacketEvent } from '../../../lib/emulator/net/packet-events.js';
import { parseDigestChallenge, digestAuthorization } from '../../../lib/emulator/clients/sip-digest.js';
import type { SipEvent } from '../../../lib/codec/sip/index.js';
import { hasCommand } from '../../../lib/lab/sys.js';

const noSipp = hasCommand('sipp') ? false : 'sipp (sip-tester) not installed';
const fixtures = fileURLToPath(new URL('../../fixtures/emulator/', import.meta.url));

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function runSipp(args: string[], cwd: string): { done: Promise<number>; kill(): void } {
  const child = spawn('sipp', [...args, '-nostdin', '-timeout', '15s', '-timeout_error'], { cwd, stdio: 'ignore' });
  return { done: new Promise((r) => child.on('exit', (c) => r(c ?? -1))), kill: () => { if (child.exitCode === null) child.kill('SIGKILL'); } };
}

function tmp(t: Test): string {
  const d = mkdtempSync(join(tmpdir(), 'provcert-sip-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

t.test('sipp -sn uac calls the UA: 100/180/200, ACK, BYE; line goes ringing -> connected -> idle', { skip: noSipp }, async (t) => {
  const states: LineState[] = [];
  const ua = await SipUserAgent.start({ localAddress: '127.77.0.20', server: { address: '127.0.0.1', port: 5060 }, user: '1001', random: seededRandom(1), onLineState: (s) => states.push(s) });
  t.teardown(() => ua.close());
  const sippPort = await freeUdpPort();
  const sipp = runSipp(['-sn', 'uac', `127.77.0.20:${ua.local.port}`, '-m', '1', '-i', '127.0.0.1', '-p', String(sippPort), '-d', '300', '-s', '1001'], tmp(t));
  t.teardown(() => sipp.kill());
  t.equal(await sipp.done, 0, 'sipp: the call succeeded (exit 0)');
  t.same(states, ['ringing', 'connected', 'idle']);
  t.equal(ua.lineState, 'idle');
});

t.test('sipp sends NOTIFY Event: resync; the UA answers 200 and hands the event over', { skip: noSipp }, async (t) => {
  const events: (SipEvent | undefined)[] = [];
  const ua = await SipUserAgent.start({ localAddress: '127.77.0.21', server: { address: '127.0.0.1', port: 5060 }, user: '1002', random: seededRandom(2), onNotify: (e) => { events.push(e); } });
  t.teardown(() => ua.close());
  const sipp = runSipp(['-sf', join(fixtures, 'sipp-notify.xml'), `127.77.0.21:${ua.local.port}`, '-m', '1', '-i', '127.0.0.1', '-p', String(await freeUdpPort()), '-s', '1002'], tmp(t));
  t.teardown(() => sipp.kill());
  t.equal(await sipp.done, 0, 'sipp got 200');
  t.equal(events.length, 1);
  t.equal(events[0]?.type, 'resync');
  t.equal(events[0]?.profile, 'http://127.0.0.1/profile.xml');
});

t.test('REGISTER against a sipp registrar: 401 Digest challenge answered, 200 with expires', { skip: noSipp }, async (t) => {
  const port = await freeUdpPort();
  const sipp = runSipp(['-sf', join(fixtures, 'sipp-registrar.xml'), '-m', '1', '-i', '127.0.0.1', '-p', String(port)], tmp(t));
  t.teardown(() => sipp.kill());
  await new Promise((r) => setTimeout(r, 300)); // sipp binds its port
  const tap = new PacketTap();
  const sent: PacketEvent[] = [];
  tap.on((e) => { if (e.dir === 'tx') sent.push(e); });
  const ua = await SipUserAgent.start({ localAddress: '127.77.0.22', server: { address: '127.0.0.1', port }, user: '1003', password: 's3cret', domain: 'lab', random: seededRandom(3), tap, t1Ms: 200 });
  t.teardown(() => ua.close());
  const r = await ua.register(120);
  t.equal(r.status, 200);
  t.equal(r.expires, 120);
  t.equal(r.sent, 2, 'one REGISTER, one with credentials');
  t.equal(await sipp.done, 0);
  const second = Buffer.from(sent[1]!.bytes).toString('latin1');
  const auth = /Authorization: (Digest .*)\r\n/.exec(second)?.[1] ?? '';
  const field = (n: string) => new RegExp(`${n}="?([^",]+)"?`).exec(auth)?.[1];
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  // RFC 2617 section 3.2.2.1 with qop=auth, computed here independently of sip-digest.ts.
  const expected = md5(`${md5('1003:lab:s3cret')}:abc123:${field('nc')}:${field('cnonce')}:auth:${md5('REGISTER:sip:lab')}`);
  t.equal(field('response'), expected, 'digest response is right');
  t.equal(field('opaque'), 'xyz', 'opaque echoed');
});

t.test('digest helpers: challenge parsing and RFC 2617 example', async (t) => {
  const c = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  t.ok(c);
  t.same(c?.qop, ['auth', 'auth-int']);
  const v = digestAuthorization({ challenge: c!, username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nc: 1 });
  t.match(v, /response="6629fae49393a05397450978507c4ef1"/, 'RFC 2617 section 3.5 example');
  t.equal(parseDigestChallenge('Basic realm="x"'), undefined);
  t.equal(parseDigestChallenge('Digest realm="x"'), undefined, 'nonce required');
});

t.test('no registrar: REGISTER gives up after 64*T1 with bounded retransmissions', async (t) => {
  const ua = await SipUserAgent.start({ localAddress: '127.77.0.23', server: { address: '127.0.0.1', port: await freeUdpPort() }, user: 'x', random: seededRandom(4), t1Ms: 10 });
  t.teardown(() => ua.close());
  const r = await ua.register();
  t.equal(r.status, undefined);
  t.ok(r.sent >= 4 && r.sent <= 8, `retransmitted ${r.sent} times (T1 10 ms doubling, 640 ms)`);
});

t.test('onNotify decides the answer: its status and reason are sent; no answer = 200; a failing hook = 500', async (t) => {
  const { buildNotify, decode: decodeSip, encode: encodeSip, sipView } = await import('../../../lib/codec/sip/index.js');
  const answers: ({ status: number; reason?: string } | undefined | 'throw')[] = [{ status: 489, reason: 'Bad Event' }, undefined, 'throw', { status: 42 }];
  let i = 0;
  const ua = await SipUserAgent.start({
    localAddress: '127.77.0.24', server: { address: '127.0.0.1', port: 5060 }, user: '1005', random: seededRandom(5),
    onNotify: () => { const a = answers[i++]; if (a === 'throw') throw new Error('hook failed'); return a; },
  });
  t.teardown(() => ua.close());
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  t.teardown(() => sock.close());
  const got: { status: number; reason: string }[] = [];
  for (let n = 1; n <= answers.length; n++) {
    const req = buildNotify({
      uri: `sip:1005@127.77.0.24:${ua.local.port}`, via: { sentBy: `127.0.0.1:${sock.address().port}`, branch: `z9hG4bKn${n}` },
      from: { uri: 'sip:srv@127.0.0.1', tag: `f${n}` }, to: { uri: 'sip:1005@127.77.0.24' }, callId: `n${n}@127.0.0.1`, cseq: n, event: { type: n === 1 ? 'check-sync' : 'resync' },
    });
    const answer = new Promise<{ status: number; reason: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), 3000);
      sock.once('message', (b) => { clearTimeout(timer); const m = decodeSip(new Uint8Array(b)).value; if (m.kind === 'response' && sipView(m).callId === `n${n}@127.0.0.1`) resolve({ status: m.status, reason: m.reason }); else reject(new Error('not the answer')); });
    });
    sock.send(encodeSip(req), ua.local.port, '127.77.0.24');
    got.push(await answer);
  }
  t.same(got, [{ status: 489, reason: 'Bad Event' }, { status: 200, reason: 'OK' }, { status: 500, reason: 'Server Internal Error' }, { status: 200, reason: 'OK' }], 'model status, default 200, 500 on a failing hook, 200 for an out-of-range status');
  // A retransmission of NOTIFY 1 (same Call-ID and CSeq): the same 489 again, the hook is not called again.
  const again = buildNotify({
    uri: `sip:1005@127.77.0.24:${ua.local.port}`, via: { sentBy: `127.0.0.1:${sock.address().port}`, branch: 'z9hG4bKn1' },
    from: { uri: 'sip:srv@127.0.0.1', tag: 'f1' }, to: { uri: 'sip:1005@127.77.0.24' }, callId: 'n1@127.0.0.1', cseq: 1, event: { type: 'check-sync' },
  });
  const re = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer')), 3000);
    sock.once('message', (b) => { clearTimeout(timer); const m = decodeSip(new Uint8Array(b)).value; resolve(m.kind === 'response' ? m.status : 0); });
  });
  sock.send(encodeSip(again), ua.local.port, '127.77.0.24');
  t.equal(await re, 489, 'retransmission answered with the first answer');
  t.equal(i, answers.length, 'the hook saw the NOTIFY once');
});
