import t from 'tap';
import fc from 'fast-check';
import { answerEdos } from '../../../lib/lab/services/edos.js';
import { activationCode } from '../../../lib/targets/builtin/onboarding.js';
import { parseProfile } from '../../../lib/profile/index.js';

const onboarding = { initUrl: 'https://10.77.1.1/init/{customerId}', customerIds: { '00:0e:08:ab:cd:ef': 'acme', '0a0b0c0d0e0f': 'acme', '111111111111': 'other' }, expectedPermanentRule: 'https://10.77.1.1/$MA.xml' };
const url = 'http://10.77.1.1/$PSN.xml';

function profileRule(body: string): string | undefined {
  return parseProfile(body).profile?.params.find((p) => p.name === 'Profile_Rule')?.value;
}

t.test('device activation: GET / answers a profile whose Profile_Rule is the target URL', async (t) => {
  const a = answerEdos({ method: 'GET', path: '/', body: '' }, { provisioningUrl: url });
  t.equal(a.status, 200);
  t.equal(a.contentType, 'application/xml');
  t.equal(profileRule(a.body), url);
  t.equal(answerEdos({ method: 'HEAD', path: '/', body: '' }, { provisioningUrl: 'tftp://x/y' }).status, 200);
});

t.test('activation code: path and POST body, 16 digits, bound customer', async (t) => {
  const code = activationCode('acme');
  for (const req of [{ method: 'GET', path: `/activation/code/${code}`, body: '' }, { method: 'POST', path: '/', body: `${code}\r\n` }]) {
    const a = answerEdos(req, { provisioningUrl: url, onboarding });
    t.equal(a.status, 200, `${req.method} ${req.path}`);
    t.equal(profileRule(a.body), 'https://10.77.1.1/init/acme');
  }
  t.equal(answerEdos({ method: 'GET', path: '/activation/code/123', body: '' }, { provisioningUrl: url, onboarding }).status, 400, 'EDOS-007: not 16 digits');
  t.equal(answerEdos({ method: 'POST', path: '/', body: 'abc' }, { provisioningUrl: url, onboarding }).status, 400);
  t.equal(answerEdos({ method: 'GET', path: `/activation/code/${code}`, body: '' }, { provisioningUrl: url }).status, 404, 'no onboarding declared');
});

t.test('activation by device MAC in any notation', async (t) => {
  const a = answerEdos({ method: 'GET', path: '/activation/device/000E08ABCDEF', body: '' }, { provisioningUrl: url, onboarding });
  t.equal(a.status, 200);
  t.equal(profileRule(a.body), 'https://10.77.1.1/init/acme');
  t.equal(answerEdos({ method: 'GET', path: '/activation/device/222222222222', body: '' }, { provisioningUrl: url, onboarding }).status, 404);
});

t.test('other methods and paths', async (t) => {
  t.equal(answerEdos({ method: 'PUT', path: '/', body: '' }, { provisioningUrl: url }).status, 405);
  t.equal(answerEdos({ method: 'GET', path: '/x.xml', body: '' }, { provisioningUrl: url }).status, 404);
});

t.test('property: only a code bound to a customer activates; the answer names that customer', async (t) => {
  fc.assert(fc.property(fc.stringMatching(/^\d{16}$/), (code) => {
    const a = answerEdos({ method: 'POST', path: '/', body: code }, { provisioningUrl: url, onboarding });
    const bound = ['acme', 'other'].find((c) => activationCode(c) === code);
    if (bound) return a.status === 200 && profileRule(a.body) === `https://10.77.1.1/init/${bound}`;
    return a.status === 404;
  }), { seed: 42, numRuns: 300 });
  t.pass('300 random codes');
});
