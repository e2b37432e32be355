/**
 * The SIP answer to a NOTIFY is the model's (X-SIP-020/021, SIP-001): our SIP codec plays the server,
 * sending NOTIFYs over real UDP to the live phone's SIP UA on loopback and reading the final response.
 */
import t from 'tap';
import { createSocket, type Socket } from 'node:dgram';
import { EmulatedPhone } from '../../../lib/emulator/phone/index.js';
import { buildNotify, decode as decodeSip, encode as encodeSip, sipView, type SipResponse } from '../../../lib/codec/sip/index.js';
import { phoneSpec, startFixture } from './builtin-fixture.js';

const enc = new TextEncoder();
const xml = (marker: string) => `<flat-profile><GPP_A>${marker}</GPP_A><Resync_Periodic>0</Resync_Periodic></flat-profile>\n`;
const [YES, NO] = [11, 12].map(phoneSpec) as [ReturnType<typeof phoneSpec>, ReturnType<typeof phoneSpec>];
const files = new Map<string, Uint8Array>([[`${YES.mac}.xml`, enc.encode(xml('yes'))], [`${NO.mac}.xml`, enc.encode(xml('no'))]]);
const fx = await startFixture({ files, phones: [YES, NO] });
t.teardown(() => fx.close());
const base = `http://127.0.0.1:${fx.target.ports.http}`;

const sock: Socket = createSocket('udp4');
await new Promise<void>((r) => sock.bind({ address: '127.0.0.1', port: 0 }, () => r()));
t.teardown(() => sock.close());
let seq = 0;

/** Sends one NOTIFY and waits (bounded) for its final response, matched by Call-ID. */
async function notify(ip: string, port: number, event: Parameters<typeof buildNotify>[0]['event']): Promise<SipResponse> {
  const callId = `notify-${++seq}@127.0.0.1`;
  const req = buildNotify({
    uri: `sip:phone@${ip}:${port}`, via: { sentBy: `127.0.0.1:${sock.address().port}`, branch: `z9hG4bKt${seq}` },
    from: { uri: 'sip:provcert@127.0.0.1', tag: `f${seq}` }, to: { uri: `sip:phone@${ip}` }, callId, cseq: seq, event, subscriptionState: 'terminated',
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sock.off('message', on); reject(new Error(`no answer to NOTIFY ${event.type}`)); }, 5000);
    const on = (b: Buffer) => {
      const m = decodeSip(new Uint8Array(b)).value;
      if (m.kind === 'response' && sipView(m).callId === callId && m.status >= 200) { clearTimeout(timer); sock.off('message', on); resolve(m); }
    };
    sock.on('message', on);
    sock.send(encodeSip(req), port, ip);
  });
}

async function boot(spec: typeof YES, config: Record<string, string>, marker: string): Promise<EmulatedPhone> {
  const p = new EmulatedPhone(fx.env, { spec, runSeed: 5, config: { Profile_Rule: `${base}/$MA.xml`, ...config } });
  t.teardown(() => p.close());
  p.powerUp();
  return p.until((x) => x.state.config['GPP_A'] === marker && x.sipPort !== undefined, 10_000, 'profile applied and SIP UA up');
}

t.test('Resync_From_SIP=Yes: resync 200 and a fetch follows; check-sync and unknown events 489 without a fetch (SIP-001, X-SIP-020)', async (t) => {
  const p = await boot(YES, {}, 'yes');
  const applied = p.applied;
  const check = await notify(p.ip!, p.sipPort!, { type: 'check-sync' });
  t.equal(check.status, 489, 'check-sync: 489 Bad Event (the model, not the UA)');
  t.equal(check.reason, 'Bad Event');
  const other = await notify(p.ip!, p.sipPort!, { type: 'report' });
  t.equal(other.status, 489, 'another event package: 489');
  await new Promise((r) => setTimeout(r, 300));
  t.equal(p.applied, applied, 'no resync after a 489');
  const ok = await notify(p.ip!, p.sipPort!, { type: 'resync' });
  t.equal(ok.status, 200, 'resync: 200');
  await p.until((x) => x.applied === applied + 1, 10_000, 'resync after 200');
  t.match(p.timeline.toString(), /SIP 489 Bad Event/);
  t.match(p.timeline.toString(), /SIP 200 OK/);
});

t.test('Resync_From_SIP=No: resync answered 489 and no fetch (X-SIP-021)', async (t) => {
  const p = await boot(NO, { Resync_From_SIP: 'No' }, 'no');
  const applied = p.applied;
  const r = await notify(p.ip!, p.sipPort!, { type: 'resync' });
  t.equal(r.status, 489);
  await new Promise((r) => setTimeout(r, 300));
  t.equal(p.applied, applied, 'no resync');
});
