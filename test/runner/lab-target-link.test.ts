import t from 'tap';
import fc from 'fast-check';
import { canUseNetns, ip } from '../../lib/lab/sys.js';
import { NetnsLab } from '../../lib/lab/netns-lab.js';
import { isProvcertError } from '../../lib/errors.js';
import { extraPhoneAddress, linkTarget } from '../../lib/runner/lab-target-link.js';

const can = canUseNetns();

t.test('extraPhoneAddress: none on the lab /24, the phone host number in a container subnet', async (t) => {
  t.equal(extraPhoneAddress('10.77.3.2', '10.77.3.1'), undefined, 'process target on the lab /24: no extra address');
  t.equal(extraPhoneAddress('10.77.3.2', '10.77.203.1'), '10.77.203.2', 'container subnet: same host number');
  t.equal(extraPhoneAddress('10.77.3.7', '10.77.254.1'), '10.77.254.7');
});

t.test('extraPhoneAddress refuses host numbers the container subnet uses, and non-addresses', async (t) => {
  for (const phone of ['10.77.3.1', '10.77.3.64', '10.77.3.200', '10.77.3.253', '10.77.3.254', '10.77.3.0']) {
    t.throws(() => extraPhoneAddress(phone, '10.77.201.1'), { code: 'PC_ERR_LAB' }, `${phone} collides`);
  }
  t.throws(() => extraPhoneAddress('10.77.3.5', '10.77.201.5'), { code: 'PC_ERR_LAB' }, 'the server\'s own host number');
  for (const bad of ['10.77.3', 'fe80::1', '10.77.3.300', '']) {
    t.throws(() => extraPhoneAddress(bad, '10.77.201.1'), { code: 'PC_ERR_LAB' }, `phone '${bad}'`);
    t.throws(() => extraPhoneAddress('10.77.3.2', bad), { code: 'PC_ERR_LAB' }, `server '${bad}'`);
  }
});

t.test('extraPhoneAddress (property): on the server\'s /24, never a reserved host, or a ProvcertError', async (t) => {
  const octet = fc.integer({ min: 0, max: 255 });
  fc.assert(fc.property(octet, octet, octet, octet, (a, b, c, d) => {
    const phone = `10.77.${a}.${b}`;
    const server = `10.77.${c}.${d}`;
    let got: string | undefined;
    try {
      got = extraPhoneAddress(phone, server);
    } catch (e) {
      return isProvcertError(e) && a !== c;
    }
    if (a === c) return got === undefined;
    if (got === undefined) return false;
    const host = Number(got.split('.')[3]);
    return got.startsWith(`10.77.${c}.`) && host === b && host !== d && host !== 1 && host !== 254 && (host < 64 || host > 253);
  }), { seed: 42, numRuns: 2000 });
  t.pass('property held for 2000 pairs (seed 42)');
});

t.test('linkTarget in a real lab: adds the address, captures on the bridge, releases it', { skip: can.ok ? false : can.reason }, async (t) => {
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'ph0', hostNumber: 2 }]);
  t.teardown(() => lab.destroy());
  const srv = lab.host('srv');
  const ph0 = lab.host('ph0');
  const addrs = () => ip(['-n', ph0.netns, '-4', '-o', 'addr', 'show', 'dev', ph0.iface]);

  const proc = linkTarget(lab, ph0, srv, srv.ip as string);
  t.same({ localAddress: proc.localAddress, wire: proc.wire }, { localAddress: ph0.ip, wire: { netns: srv.netns, iface: srv.iface } }, 'process target: lab address, server interface');
  proc.release();
  t.match(addrs(), `${ph0.ip}/24`, 'releasing a process link leaves the lab address');

  const subnet = 240 + (lab.subnetIndex % 10);
  const link = linkTarget(lab, ph0, srv, `10.77.${subnet}.1`);
  t.equal(link.localAddress, `10.77.${subnet}.2`);
  t.same(link.wire, { netns: lab.switchNs, iface: lab.bridge }, 'container target: the lab bridge');
  t.match(addrs(), `10.77.${subnet}.2/24`, 'the phone interface has the extra address');
  t.match(ip(['-n', ph0.netns, 'route', 'get', `10.77.${subnet}.1`]), `src 10.77.${subnet}.2`, 'and a route to the container subnet from it');
  // Linking the same subnet again while the old link is still held (a restart) does not fail: `addr replace`.
  const again = linkTarget(lab, ph0, srv, `10.77.${subnet}.1`);
  link.release();
  link.release();
  t.notMatch(addrs(), `10.77.${subnet}.`, 'released (twice is harmless)');
  again.release();
  t.match(addrs(), `${ph0.ip}/24`, 'the lab address stays');
});
