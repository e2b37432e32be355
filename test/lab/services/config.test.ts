import t from 'tap';
import fc from 'fast-check';
import { EDOS_NAMES, labDnsNames, parseControl, parseEvent, sameHostIn, SERVICES_LINE } from '../../../lib/lab/services/config.js';
import { LAB_SERVER_NAME } from '../../../lib/targets/process/provisioning-options.js';
import { activationHost } from '../../../lib/phone-model/onboarding.js';

t.test('lab DNS names: the server name to the target, EDOS hosts to the stub', async (t) => {
  const names = labDnsNames('10.77.5.1', '10.77.5.3');
  t.equal(names[LAB_SERVER_NAME], '10.77.5.1');
  for (const n of EDOS_NAMES) t.equal(names[n], '10.77.5.3');
  t.same(Object.keys(names).sort(), [LAB_SERVER_NAME, ...EDOS_NAMES].sort(), 'nothing else');
  t.ok(EDOS_NAMES.includes(activationHost('sip88xx.11-3-1MPP0001-123')) && EDOS_NAMES.includes(activationHost('sip88xx.11-0-1MPP-1')), 'the hosts the phone model contacts');
});

t.test('sameHostIn keeps the host number in the other /24', async (t) => {
  t.equal(sameHostIn('10.77.5.3', '10.77.201.1'), '10.77.201.3');
  t.equal(sameHostIn('10.77.5.3', '10.77.5.1'), '10.77.5.3');
  t.throws(() => sameHostIn('10.77.5', '10.77.5.1'), { code: 'PC_ERR_CONFIG' });
  fc.assert(fc.property(fc.ipV4(), fc.ipV4(), (a, b) => {
    const r = sameHostIn(a, b);
    return r.split('.').slice(0, 3).join('.') === b.split('.').slice(0, 3).join('.') && r.split('.')[3] === a.split('.')[3];
  }), { seed: 7, numRuns: 200 });
});

t.test('control and event lines', async (t) => {
  const c = { type: 'update', listen: ['10.77.5.3'], state: { serverIp: '10.77.5.1', provisioningUrl: 'http://x/' } };
  t.same(parseControl(JSON.stringify(c)), c);
  for (const bad of ['', 'nope', '{}', '{"type":"update","listen":[1],"state":{"serverIp":"a","provisioningUrl":"b"}}', '{"type":"update","listen":[],"state":{}}', 'null']) t.equal(parseControl(bad), undefined, bad);
  t.same(parseEvent(`${SERVICES_LINE}{"type":"ready","listen":["a"],"httpsPort":443}`), { type: 'ready', listen: ['a'], httpsPort: 443 });
  t.equal(parseEvent('{"type":"ready"}'), undefined, 'no prefix: a plain line');
  t.equal(parseEvent(`${SERVICES_LINE}{"type":"other"}`), undefined);
  t.equal(parseEvent(`${SERVICES_LINE}{broken`), undefined);
});
