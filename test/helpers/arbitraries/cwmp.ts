/**
 * fast-check arbitraries for CWMP envelopes: every typed RPC (generated from RPC_FIELDS so
 * that a new method is covered automatically), SOAP faults with CWMP detail, and unknown
 * methods kept raw. Values are canonical (no `written` prefixes).
 */
import fc from 'fast-check';
import {
  CWMP_VERSIONS, cwmpNamespace, RPC_FIELDS, type CwmpBody, type CwmpEnvelope, type CwmpHeader, type CwmpMethodName, type CwmpVersion,
} from '../../../lib/codec/cwmp/index.js';

/** Text XML 1.0 can carry, with markup characters, CR/LF and non-ASCII mixed in. */
export const xmlTextArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('a', ' ', '&', '<', '>', '"', "'", ']]>', '\r\n', '\r', '\t', 'é', '€', '😀', 'InternetGatewayDevice.'), { maxLength: 8 }).map((a) => a.join('')) },
);
const intArb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uintArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const typeArb = fc.option(fc.constantFrom('xsd:string', 'xsd:unsignedInt', 'xsd:int', 'xsd:boolean', 'xsd:dateTime', 'xsd:base64'), { nil: undefined });
const pvArb = fc.record({ name: xmlTextArb, value: xmlTextArb, type: typeArb }).map((p) => (p.type === undefined ? { name: p.name, value: p.value } : p));
const eventArb = fc.record({
  eventCode: fc.oneof(fc.constantFrom('0 BOOTSTRAP', '1 BOOT', '2 PERIODIC', '4 VALUE CHANGE', '6 CONNECTION REQUEST', '7 TRANSFER COMPLETE', 'M Reboot', 'M Download', 'X 00000C PHONE'), xmlTextArb),
  commandKey: xmlTextArb,
});
const stringsArb = fc.array(xmlTextArb, { maxLength: 4 });

const KIND_ARBS: Record<string, fc.Arbitrary<unknown>> = {
  string: xmlTextArb,
  int: fc.oneof(uintArb, intArb),
  bool: fc.boolean(),
  strings: stringsArb,
  pvs: fc.array(pvArb, { maxLength: 4 }),
  events: fc.array(eventArb, { maxLength: 4 }),
  deviceId: fc.record({ manufacturer: xmlTextArb, oui: fc.stringMatching(/^[0-9A-F]{6}$/), productClass: xmlTextArb, serialNumber: xmlTextArb }),
  fault: fc.record({ faultCode: fc.oneof(fc.constant(0), fc.integer({ min: 9000, max: 9032 })), faultString: xmlTextArb }),
  infos: fc.array(fc.record({ name: xmlTextArb, writable: fc.boolean() }), { maxLength: 4 }),
  attrs: fc.array(fc.record({ name: xmlTextArb, notification: fc.integer({ min: 0, max: 6 }), accessList: stringsArb }), { maxLength: 3 }),
  setAttrs: fc.array(
    fc.record({ name: xmlTextArb, notificationChange: fc.boolean(), notification: fc.integer({ min: 0, max: 6 }), accessListChange: fc.boolean(), accessList: stringsArb }),
    { maxLength: 3 },
  ),
  args: fc.array(fc.record({ name: xmlTextArb, value: xmlTextArb }), { maxLength: 3 }),
};

export const METHOD_NAMES = Object.keys(RPC_FIELDS) as CwmpMethodName[];

export function rpcArb(method: CwmpMethodName): fc.Arbitrary<CwmpBody> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [, key, kind] of RPC_FIELDS[method]) rec[key] = KIND_ARBS[kind]!;
  // structuredClone: fc.record builds null-prototype objects; decoded values are plain.
  return fc.record(rec).map((r) => structuredClone({ method, ...r }) as unknown as CwmpBody);
}

export const typedRpcArb: fc.Arbitrary<CwmpBody> = fc.constantFrom(...METHOD_NAMES).chain(rpcArb);

export const faultArb: fc.Arbitrary<CwmpBody> = fc.record({
  faultCode: fc.constantFrom('Client', 'Server'),
  faultString: xmlTextArb,
  detail: fc.option(
    fc.record({
      faultCode: fc.oneof(fc.integer({ min: 8000, max: 8006 }), fc.integer({ min: 9000, max: 9032 }), fc.integer({ min: 9800, max: 9899 })),
      faultString: xmlTextArb,
      setParameterValuesFaults: fc.array(fc.record({ parameterName: xmlTextArb, faultCode: fc.integer({ min: 9000, max: 9032 }), faultString: xmlTextArb }), { maxLength: 3 }),
    }),
    { nil: undefined },
  ),
}).map((f) => (f.detail === undefined ? { method: 'Fault' as const, faultCode: f.faultCode, faultString: f.faultString } : { method: 'Fault' as const, ...f }));

export function unknownArb(version: CwmpVersion): fc.Arbitrary<CwmpBody> {
  return fc.record({
    name: fc.constantFrom('GetQueuedTransfers', 'GetAllQueuedTransfers', 'X_ACME_Poke', 'ChangeDUState'),
    foreign: fc.boolean(),
    xml: fc.constantFrom('', '<Arg>1</Arg>', '<a:B xmlns:a="urn:b">t&amp;u</a:B>', '<CommandKey>k</CommandKey><Extra/>'),
  }).map((u) => ({
    method: 'unknown' as const,
    name: u.name,
    namespace: u.foreign ? 'urn:x-acme:cwmp' : cwmpNamespace(version),
    namespaces: u.foreign ? [{ prefix: 'acme', uri: 'urn:x-acme:cwmp' }] : [],
    xml: u.xml,
  }));
}

const headerArb: fc.Arbitrary<CwmpHeader> = fc
  .record(
    {
      id: xmlTextArb,
      holdRequests: fc.boolean(),
      noMoreRequests: fc.boolean(),
      sessionTimeout: fc.integer({ min: 0, max: 3600 }),
      supportedCWMPVersions: fc.constant('1.0,1.1,1.2,1.3,1.4'),
      useCWMPVersion: fc.constantFrom('1.2', '1.4'),
    },
    { requiredKeys: [] },
  );

export const cwmpEnvelopeArb: fc.Arbitrary<CwmpEnvelope> = fc.constantFrom(...CWMP_VERSIONS).chain((version) =>
  fc.record({
    version: fc.constant(version),
    header: headerArb,
    body: fc.oneof({ weight: 6, arbitrary: typedRpcArb }, { weight: 1, arbitrary: faultArb }, { weight: 1, arbitrary: unknownArb(version) }),
  }).map((v) => structuredClone(v)),
);
