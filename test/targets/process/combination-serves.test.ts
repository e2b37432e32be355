import t from 'tap';
import { combinationServes } from '../../../lib/targets/process/server-host.js';
import { defaultProvisioningUrl } from '../../../lib/targets/process/provisioning-options.js';
import { resolveTarget } from '../../../lib/targets/registry.js';
import { registerDriver, unregisterDriver } from '../../../lib/targets/registry.js';
import type { TargetEnv, TargetSpec } from '../../../lib/targets/types.js';

t.test('a DHCP part of a combination hands out a URL on a service the combination has (DHCP-001)', async (t) => {
  const kea: TargetSpec = { name: 'kea', kind: 'process', serves: ['dhcp'], serverIp: '10.77.3.1', phones: [] };
  const whole: TargetSpec = { ...kea, name: 'kea+nginx', serves: ['dhcp', 'http', 'https'] };
  t.same(combinationServes(kea, {}), ['dhcp'], 'alone: only its own services');
  t.equal(defaultProvisioningUrl({ ...kea, serves: combinationServes(kea, {}) }, '10.77.3.1'), 'tftp://10.77.3.1/$PSN.xml');
  t.same(combinationServes(kea, { combination: whole }), ['dhcp', 'http', 'https']);
  t.equal(defaultProvisioningUrl({ ...kea, serves: combinationServes(kea, { combination: whole }) }, '10.77.3.1'), 'http://10.77.3.1/$PSN.xml', 'kea+nginx: http, not tftp');
});

t.test('the registry starts each part of a+b with the whole target as env.combination', async (t) => {
  const seen: Array<{ part: string; combination: string | undefined }> = [];
  const fake = (name: string, serves: TargetSpec['serves']) => ({
    name, kind: 'process' as const, serves,
    async start(spec: TargetSpec, env: TargetEnv) {
      seen.push({ part: spec.name, combination: env.combination?.name });
      return { spec, serverIp: '127.0.0.1', ports: {}, versions: {}, logs: [], exited: new Promise<string>(() => undefined), stop: async () => undefined };
    },
  });
  registerDriver(fake('e2e-fake-dhcp', ['dhcp']));
  registerDriver(fake('e2e-fake-http', ['http']));
  t.teardown(() => { unregisterDriver('e2e-fake-dhcp'); unregisterDriver('e2e-fake-http'); });
  const env = { outDir: '/nonexistent', content: { dir: '/nonexistent', files: new Map() }, seed: 1, phones: [] } as unknown as TargetEnv;
  const combo = await resolveTarget('e2e-fake-dhcp+e2e-fake-http', process.cwd());
  await combo.start(env);
  t.same(seen, [{ part: 'e2e-fake-dhcp', combination: 'e2e-fake-dhcp+e2e-fake-http' }, { part: 'e2e-fake-http', combination: 'e2e-fake-dhcp+e2e-fake-http' }]);
  seen.length = 0;
  await (await resolveTarget('e2e-fake-dhcp', process.cwd())).start(env);
  t.same(seen, [{ part: 'e2e-fake-dhcp', combination: undefined }], 'a single target gets no combination');
});
