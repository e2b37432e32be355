import t from 'tap';
import { chooseMode, needsLab } from '../../lib/runner/mode.js';
import { canUseNetns } from '../../lib/lab/sys.js';

t.test('auto picks the lab for process and container targets, loopback for builtin and files', async (t) => {
  t.equal(needsLab('dnsmasq'), true);
  t.equal(needsLab('kea+nginx'), true);
  t.equal(needsLab('container:dnsmasq'), true);
  t.equal(needsLab('builtin'), false);
  t.equal(needsLab('targets/mine.yaml'), false);
  t.equal(needsLab('x.json'), false);
  t.equal(chooseMode('auto', 'builtin'), 'loopback');
  t.equal(chooseMode('loopback', 'dnsmasq'), 'loopback');
  t.equal(chooseMode('auto', 'dnsmasq'), canUseNetns().ok ? 'lab' : 'loopback');
  if (!canUseNetns().ok) t.throws(() => chooseMode('lab', 'builtin'), { code: 'PC_ERR_USAGE' });
});
