/**
 * SIP NOTIFY resync (SIP-001/002/003, X-SIP-020..022).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import { parseEventHeader } from '../../lib/phone-model/index.js';
import { profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const suite = defineSuite('sip.notify', ['SIP-001', 'SIP-002', 'SIP-003', 'X-SIP-020', 'X-SIP-021', 'X-SIP-022', 'PROF-032']);
export const properties = suite.properties;

const URL = 'http://p.example/$PRVST.xml';
const server = { 'http://p.example/0.xml': { status: 200, body: profileXml({ A: '0' }) }, 'http://p.example/-1.xml': { status: 200, body: profileXml({ A: '-1' }) }, 'http://10.77.10.141/profile.xml': { status: 200, body: profileXml({ B: 'n' }) } };
const base = { Profile_Rule: URL, Resync_Random_Delay: '0', Resync_Periodic: '86400' };
const notify = (event: string, at = 1000_000) => ({ at, event: { type: 'sip-notify' as const, line: 1, event, callId: 'c', cseq: 7 } });
const sipStatuses = (r: ReturnType<typeof runModel>) => r.effects.flatMap((e) => (e.effect.type === 'send-sip-response' ? [e.effect.status] : []));

suite.test('SIP-001 / X-SIP-022: NOTIFY Event: resync -> 200 and an immediate resync with $PRVST=-1', async (t) => {
  const r = runModel({ seed: 1, until: 2000_000, config: base, server, script: [notify('resync')] });
  t.same(profileFetches(r).map((f) => `${f.at / 1000}:${f.url}`), ['0:http://p.example/0.xml', '1000:http://p.example/-1.xml']);
  t.same(sipStatuses(r), [200]);
});

suite.test('SIP-002: Event: resync;profile="URL" fetches that URL (seed PFS example)', async (t) => {
  const r = runModel({ seed: 1, until: 2000_000, config: base, server, script: [notify('resync;profile="http://10.77.10.141/profile.xml"')] });
  t.equal(profileFetches(r)[1]?.url, 'http://10.77.10.141/profile.xml');
  t.equal(r.state.config['B'], 'n');
});

suite.test('X-SIP-021 / SIP-001: Resync_From_SIP=No -> 489, no resync', async (t) => {
  const r = runModel({ seed: 1, until: 2000_000, config: { ...base, Resync_From_SIP: 'No' }, server, script: [notify('resync')] });
  t.equal(profileFetches(r).length, 1);
  t.same(sipStatuses(r), [489]);
});

suite.test('X-SIP-020: Event: check-sync is not a resync on MPP -> 489', async (t) => {
  const r = runModel({ seed: 1, until: 2000_000, config: base, server, script: [notify('check-sync;reboot=false')] });
  t.equal(profileFetches(r).length, 1);
  t.same(sipStatuses(r), [489]);
});

suite.test('SIP-003: NOTIFY ignores a never-true Resync_Trigger_1', async (t) => {
  const r = runModel({ seed: 1, until: 2000_000, config: { ...base, Resync_Trigger_1: '"$MA" eq "nope"' }, server, script: [notify('Resync')] });
  t.equal(profileFetches(r).length, 2);
});

suite.test('Event header parsing: case, params, quoted ;', async (t) => {
  t.same(parseEventHeader('Resync ; profile="http://h/a;b.xml" ;x=1'), { type: 'resync', params: { profile: 'http://h/a;b.xml', x: '1' } });
  t.same(parseEventHeader('check-sync'), { type: 'check-sync', params: {} });
});
