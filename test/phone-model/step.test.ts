import t from 'tap';
import { initialState, step } from '../../lib/phone-model/index.js';
import { isProvcertError } from '../../lib/errors.js';
import { profileXml, runModel } from '../helpers/model.js';

t.test('power-up: DORA then TFTP RRQ for /$PSN.xml on the option 66 server (PROF-014, DHCP-005, TFTP-001)', async (t) => {
  const r = runModel({ seed: 1, until: 60_000, server: { 'tftp://tftp.example/6841-3PCC.xml': { tftp: profileXml({ GPP_A: 'x' }) } } });
  const text = r.toString();
  t.match(text, /DHCPDISCOVER/);
  t.match(text, /DHCPREQUEST/);
  t.match(text, /TFTP RRQ tftp:\/\/tftp.example\/6841-3PCC.xml/);
  t.equal(r.state.config['GPP_A'], 'x', 'profile applied');
  t.equal(r.state.resync.phase, 'scheduled', 'periodic resync armed');
  t.equal(r.state.resync.reason, 1);
});

t.test('events before the model time are refused with PC_ERR_MODEL', async (t) => {
  const s = initialState({ seed: 1, at: 1000 });
  try {
    step(s, { type: 'power-up', at: 10 });
    t.fail('expected an error');
  } catch (e) {
    t.ok(isProvcertError(e) && e.code === 'PC_ERR_MODEL');
  }
});

t.test('power-up on a running phone is refused with PC_ERR_MODEL', async (t) => {
  const s = step(initialState({ seed: 1 }), { type: 'power-up', at: 0 }).state;
  t.throws(() => step(s, { type: 'power-up', at: 1 }), { code: 'PC_ERR_MODEL' });
});

t.test('a powered-off phone ignores everything but power-up', async (t) => {
  const s = initialState({ seed: 1 });
  const r = step(s, { type: 'call-start', at: 5, line: 1 });
  t.same(r.effects, []);
  t.same(r.fired, ['power.off.ignored']);
});
