/**
 * Connection requests (TR69-014..018, X-TR69-023), the ACS-callable RPC set (TR69-001, TR69-009,
 * X-TR69-025), Download -> TransferComplete (TR69-003, TR69-025, TR69-026) and notification
 * attributes (TR69-027).
 */
import fc from 'fast-check';
import type { CwmpBody } from '../../lib/codec/cwmp/types.js';
import { defineSuite } from '../../lib/model-check/index.js';
import { SUPPORTED_ACS_METHODS } from '../../lib/phone-model/index.js';
import { AcsRun, scriptedAcs } from './acs-driver.js';

const SEED = 7547;
const suite = defineSuite('tr69.rpc', ['TR69-001', 'TR69-009', 'TR69-014', 'TR69-015', 'TR69-016', 'TR69-017', 'TR69-018', 'TR69-025', 'TR69-026', 'TR69-027']);
export const properties = suite.properties;

const crAnswers = (r: AcsRun) => r.effects.flatMap((x) => (x.effect.type === 'connection-request-response' ? [x.effect.status] : []));
const booted = (acs = scriptedAcs()) => { const r = new AcsRun(1, acs); r.feed({ type: 'power-up', at: 0 }); return r; };

suite.test('TR69-015 / TR69-016 / TR69-018: unauthenticated CR -> 401 and no session; authenticated -> 200 first, then an Inform with 6 CONNECTION REQUEST at once', async (t) => {
  const r = booted();
  const before = r.informs().length;
  r.feed({ type: 'connection-request', at: 5000, method: 'GET', authenticated: false });
  t.same(crAnswers(r), [401]);
  t.equal(r.informs().length, before, 'no session');
  r.feed({ type: 'connection-request', at: 6000, method: 'GET', authenticated: true });
  t.same(crAnswers(r), [401, 200]);
  const last = r.informs().at(-1);
  t.same(last?.events, ['6 CONNECTION REQUEST']);
  t.equal(last?.at, 6000, 'within 30 s (at once)');
  const order = r.effects.filter((x) => x.at === 6000).map((x) => x.effect.type);
  t.ok(order.indexOf('connection-request-response') < order.indexOf('send-cwmp'), 'answered before the session starts');
});

suite.test('TR69-014: a CR that is not a GET is refused (405)', async (t) => {
  const r = booted();
  r.feed({ type: 'connection-request', at: 1000, method: 'POST', authenticated: true });
  t.same(crAnswers(r), [405]);
});

suite.property('TR69-017 / TR69-018 / X-TR69-023: any burst of CRs: at most 3 accepted per 60 s, each accepted one gives exactly one session', () =>
  fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 12 }), (gaps) => {
    const r = booted();
    let at = 1000;
    for (const g of gaps) { at += g; r.feed({ type: 'connection-request', at, method: 'GET', authenticated: true }); }
    const answers = crAnswers(r);
    const accepted = r.effects.filter((x) => x.effect.type === 'connection-request-response' && x.effect.status === 200).map((x) => x.at);
    for (const a of accepted) if (accepted.filter((b) => b <= a && a - b < 60_000).length > 3) return false;
    const crInforms = r.informs().filter((x) => x.events.includes('6 CONNECTION REQUEST')).length;
    return answers.every((s) => s === 200 || s === 503) && crInforms === accepted.length;
  }), { seed: SEED, numRuns: 100 });

suite.test('TR69-018 / X-TR69-023: a CR during an active session is answered 503', async (t) => {
  let r: AcsRun | undefined;
  const acs = (post: CwmpBody | null, n: number) => {
    if (post === null && r) r.feed({ type: 'connection-request', at: r.now, method: 'GET', authenticated: true });
    return scriptedAcs()(post, n);
  };
  r = new AcsRun(1, acs);
  r.feed({ type: 'power-up', at: 0 });
  t.ok(crAnswers(r).includes(503), `answers ${crAnswers(r).join(',')}`);
});

suite.test('TR69-001 / TR69-009: GetRPCMethods lists exactly the seed methods; each answer carries the cwmp:ID of its request', async (t) => {
  const r = booted(scriptedAcs([{ method: 'GetRPCMethods' }]));
  const ans = r.effects.flatMap((x) => (x.effect.type === 'send-cwmp' && x.effect.body?.method === 'GetRPCMethodsResponse' ? [x.effect] : []));
  t.same(ans[0]?.body?.method === 'GetRPCMethodsResponse' ? [...ans[0].body.methodList].sort() : [], [...SUPPORTED_ACS_METHODS].sort());
  t.equal(ans[0]?.cwmpId, 'acs-1');
});

suite.test('X-TR69-025: ScheduleInform, Upload and unknown methods get fault 9000 and the session continues to 204', async (t) => {
  const reqs: CwmpBody[] = [
    { method: 'ScheduleInform', delaySeconds: 5, commandKey: 'k' },
    { method: 'unknown', name: 'X_Vendor', namespace: 'urn:x', namespaces: [], xml: '' },
  ];
  const r = booted(scriptedAcs(reqs));
  const faults = r.effects.flatMap((x) => (x.effect.type === 'send-cwmp' && x.effect.body?.method === 'Fault' ? [x.effect.body.detail?.faultCode] : []));
  t.same(faults, [9000, 9000]);
  t.equal(r.state.tr69.phase, 'idle');
});

suite.test('TR69-003 / TR69-025 / TR69-026: Download -> Status 1, transfer after the session, then TransferComplete with CommandKey and FaultStruct in a session with 7 TRANSFER COMPLETE and M Download', async (t) => {
  const dl: CwmpBody = { method: 'Download', commandKey: 'cfg-7', fileType: '3 Vendor Configuration File', url: 'http://acs.example/c.xml', username: '', password: '', fileSize: 0, targetFileName: '', delaySeconds: 0, successURL: '', failureURL: '' };
  const r = booted(scriptedAcs([dl]));
  const resp = r.effects.find((x) => x.effect.type === 'send-cwmp' && x.effect.body?.method === 'DownloadResponse');
  t.equal(resp?.effect.type === 'send-cwmp' && resp.effect.body?.method === 'DownloadResponse' ? resp.effect.body.status : -1, 1);
  t.ok(r.effects.some((x) => x.effect.type === 'tr69-download'), 'transfer started after the session');
  r.feed({ type: 'tr69-download-result', at: 9000, ok: false, faultCode: 9016 });
  t.same(r.informs().at(-1)?.events, ['7 TRANSFER COMPLETE', 'M Download']);
  const tc = r.effects.flatMap((x) => (x.effect.type === 'send-cwmp' && x.effect.body?.method === 'TransferComplete' ? [x.effect.body] : []));
  t.equal(tc[0]?.commandKey, 'cfg-7');
  t.same(tc[0]?.faultStruct, { faultCode: 9016, faultString: 'Download failure' });
  t.equal(r.state.tr69.transfer, undefined, 'reported once');
  const bad = booted(scriptedAcs([{ ...dl, fileType: '2 Web Content' } as CwmpBody]));
  t.ok(bad.effects.some((x) => x.effect.type === 'send-cwmp' && x.effect.body?.method === 'Fault'), 'unsupported file type -> fault');
});

suite.test('TR69-026: Reboot -> reboot after the session; the next Inform has 1 BOOT and M Reboot with the CommandKey', async (t) => {
  const r = booted(scriptedAcs([{ method: 'Reboot', commandKey: 'rb-1' }]));
  const inf = r.effects.flatMap((x) => (x.effect.type === 'send-cwmp' && x.effect.body?.method === 'Inform' ? [x.effect.body.events] : []));
  t.ok(inf.length >= 2, 'a second session after the reboot');
  t.same(inf[1]?.map((e) => `${e.eventCode}:${e.commandKey}`).sort(), ['1 BOOT:', 'M Reboot:rb-1']);
});

suite.test('TR69-027: Notification 2 starts a session with 4 VALUE CHANGE; 1 waits for the next Inform; 0 is silent', async (t) => {
  const attrs: CwmpBody = { method: 'SetParameterAttributes', parameterList: [
    { name: 'Station_Name', notificationChange: true, notification: 2, accessListChange: false, accessList: [] },
    { name: 'Display_Name', notificationChange: true, notification: 1, accessListChange: false, accessList: [] },
  ] };
  const r = booted(scriptedAcs([attrs]));
  const n0 = r.informs().length;
  r.feed({ type: 'parameter-change', at: 2000, name: 'Other', value: 'x' });
  r.feed({ type: 'parameter-change', at: 3000, name: 'Display_Name', value: 'd' });
  t.equal(r.informs().length, n0, 'passive and off: no session');
  r.feed({ type: 'parameter-change', at: 4000, name: 'Station_Name', value: 's' });
  t.same(r.informs().at(-1)?.events, ['4 VALUE CHANGE']);
  t.equal(r.informs().at(-1)?.at, 4000);
});
