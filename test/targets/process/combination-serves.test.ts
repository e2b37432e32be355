import t from 'tap';
import { combinationServes } from '../../../lib/targets/process/server-host.js';
import { defaultProvisioningUrl } from '../../../lib/targets/process/provisioning-options.js';
import type { TargetSpec } from '../../../lib/targets/types.js';

const part = (name: string, serves: TargetSpec['serves']): TargetSpec => ({ name, kind: 'process', serves, serverIp: '10.77.3.1', phones: [] });

t.test('a DHCP part of a combination hands out a URL on a service the combination has (DHCP-001)', async (t) => {
  const kea = part('kea+nginx', ['dhcp']);
  t.same(combinationServes(kea).sort(), ['dhcp', 'http', 'https']);
  t.equal(defaultProvisioningUrl({ ...kea, serves: combinationServes(kea) }, '10.77.3.1'), 'http://10.77.3.1/$PSN.xml', 'kea+nginx: http, not tftp');
  const isc = part('container:isc-dhcp+container:tftpd-hpa', ['dhcp']);
  t.equal(defaultProvisioningUrl({ ...isc, serves: combinationServes(isc) }, '10.77.3.1'), 'tftp://10.77.3.1/$PSN.xml', 'isc-dhcp+tftpd-hpa: tftp');
  t.same(combinationServes(part('kea', ['dhcp'])), ['dhcp'], 'alone: only its own services');
});
