/**
 * schemas/target.schema.json and lib/targets/types.ts must say the same thing. The key tables below are
 * typed `Record<keyof Required<X>, true>`, so `tsc` fails when a field is added to a type and not here;
 * the tests then fail when the schema does not list the same keys.
 */
import t from 'tap';
import { TARGET_SCHEMA, checkAgainstSchema } from '../../../lib/targets/spec/index.js';
import { SERVICES, type ActionsSpec, type FirmwareSpec, type OnboardingSpec, type PhoneSpec, type TargetSpec } from '../../../lib/targets/types.js';

const TARGET_KEYS: Record<keyof Required<TargetSpec>, true> = {
  name: true, file: true, kind: true, command: true, image: true, build: true, serves: true, serverIp: true, urls: true, ports: true,
  phones: true, profileRule: true, key: true, ikm: true, serverCa: true, phoneCa: true, acs: true, firmware: true, onboarding: true,
  actions: true, thresholds: true,
};
const PHONE_KEYS: Record<keyof Required<PhoneSpec>, true> = { mac: true, serial: true, model: true, swver: true, cert: true, key: true };
const FIRMWARE_KEYS: Record<keyof FirmwareSpec, true> = { rule: true, version: true, size: true, sha256: true };
const ONBOARDING_KEYS: Record<keyof OnboardingSpec, true> = { initUrl: true, customerIds: true, expectedPermanentRule: true };
const ACTIONS_KEYS: Record<keyof Required<ActionsSpec>, true> = { command: true, url: true };
const ACS_KEYS: Record<keyof Required<NonNullable<TargetSpec['acs']>>, true> = { url: true, username: true, password: true };
const BUILD_KEYS: Record<keyof Required<NonNullable<TargetSpec['build']>>, true> = { context: true, containerfile: true };

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; enum?: unknown[] };
const root = TARGET_SCHEMA as SchemaNode;
const props = (node: SchemaNode | undefined) => Object.keys(node?.properties ?? {}).sort();

const phone: Required<PhoneSpec> = { mac: '00562b043615', serial: 'FCH2B043615', model: 'CP-8841-3PCC', swver: 'sip88xx.11-3-1MPP0001-123', cert: '/pki/p.crt', key: '/pki/p.key' };
const FULL: Required<TargetSpec> = {
  name: 'full',
  file: '/etc/provcert/full.yaml',
  kind: 'command',
  command: ['node', 'server.mjs'],
  image: 'localhost/provcert-servers:latest',
  build: { context: '/src', containerfile: '/src/Containerfile' },
  serves: [...SERVICES],
  serverIp: '10.77.0.1',
  urls: { dns: 'dns://10.77.0.1', tftp: 'tftp://10.77.0.1', http: 'http://10.77.0.1/', https: 'https://10.77.0.1/', acs: 'http://10.77.0.1:7547/acs', sip: 'sip:10.77.0.1:5060', syslog: 'syslog://10.77.0.1:514' },
  ports: { dhcp: 67, dns: 53, tftp: 69, http: 80, https: 443, acs: 7547, sip: 5060, syslog: 514 },
  phones: [phone],
  profileRule: 'http://10.77.0.1/cfg/$MA.xml',
  key: 'secret',
  ikm: 'yqdlZ-tYemfogSmv7Ws5PQ',
  serverCa: '/pki/ca.crt',
  phoneCa: '/pki/ca.crt',
  acs: { url: 'http://10.77.0.1:7547/acs', username: 'u', password: 'p' },
  firmware: { rule: 'http://10.77.0.1/fw.loads', version: 'sip88xx.11-3-1MPP0001-123', size: 1, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  onboarding: { initUrl: 'https://10.77.0.1/init', customerIds: { '00562b043615': '12345' }, expectedPermanentRule: 'https://10.77.0.1/$MA.xml' },
  actions: { command: ['notify'], url: 'http://10.77.0.1/act' },
  thresholds: { readyTimeoutMs: 5000 },
};

t.test('a fully populated TargetSpec validates against the schema (no errors, no unknown keys)', async (t) => {
  t.same(checkAgainstSchema(FULL, 'full'), { errors: [], unknownKeys: [] });
});

t.test('the schema lists exactly the TargetSpec keys, at every level', async (t) => {
  t.same(props(root), Object.keys(TARGET_KEYS).sort(), 'TargetSpec');
  t.same(props(root.properties?.['phones']?.items), Object.keys(PHONE_KEYS).sort(), 'PhoneSpec');
  t.same(props(root.properties?.['firmware']), Object.keys(FIRMWARE_KEYS).sort(), 'FirmwareSpec');
  t.same(props(root.properties?.['onboarding']), Object.keys(ONBOARDING_KEYS).sort(), 'OnboardingSpec');
  t.same(props(root.properties?.['actions']), Object.keys(ACTIONS_KEYS).sort(), 'ActionsSpec');
  t.same(props(root.properties?.['acs']), Object.keys(ACS_KEYS).sort(), 'acs');
  t.same(props(root.properties?.['build']), Object.keys(BUILD_KEYS).sort(), 'build');
  t.same(props(root.properties?.['urls']), [...SERVICES].filter((s) => s !== 'dhcp').sort(), 'urls: every service but DHCP');
  t.same(props(root.properties?.['ports']), [...SERVICES].sort(), 'ports: every service');
  t.same(root.properties?.['serves']?.items?.enum, [...SERVICES], 'serves enum = SERVICES');
  t.same(root.properties?.['kind']?.enum, ['builtin', 'process', 'container', 'command', 'external']);
});

t.test('the schema rejects what the types forbid', async (t) => {
  const bad = (patch: Record<string, unknown>) => checkAgainstSchema({ ...FULL, ...patch }, 'f').errors;
  t.not(bad({ kind: 'docker' }).length, 0, 'kind outside the union');
  t.not(bad({ serves: ['ftp'] }).length, 0, 'service outside SERVICES');
  t.not(bad({ phones: [{ ...phone, mac: 'x' }] }).length, 0, 'bad MAC');
  t.not(bad({ thresholds: { a: 'b' } }).length, 0, 'threshold not a number');
  t.same(checkAgainstSchema({ ...FULL, extra: 1 }, 'f').unknownKeys, ['extra']);
});
