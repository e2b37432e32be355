import t, { type Test } from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DecodeError } from '../../../lib/errors.js';
import { decodeEnvelope, describeFault, encodeEnvelope, envelopeXml, type CwmpEnvelope, type Inform } from '../../../lib/codec/cwmp/index.js';
import { decodeRequest } from '../../../lib/codec/http/index.js';

const cwmpDir = fileURLToPath(new URL('../../fixtures/cwmp/', import.meta.url));
const httpDir = fileURLToPath(new URL('../../fixtures/http/', import.meta.url));
const read = (dir: string, f: string) => new Uint8Array(readFileSync(dir + f));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** jdalberg file names say the RPC: get_rpc_methods_response_1.xml -> GetRPCMethodsResponse. */
function methodOfFileName(f: string): string {
  const special: Record<string, string> = { get_rpc_methods: 'GetRPCMethods', fault: 'Fault' };
  const base = f.replace(/_\d+\.xml$/, '');
  const resp = base.endsWith('_response');
  const stem = resp ? base.slice(0, -'_response'.length) : base;
  const name = special[stem] ?? stem.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return resp ? `${name}Response` : name;
}

function expectDecodeError(t: Test, fn: () => unknown, code?: string): DecodeError | undefined {
  try {
    fn();
    t.fail('expected a DecodeError');
  } catch (e) {
    t.ok(e instanceof DecodeError, `DecodeError: ${(e as Error).message}`);
    const d = e as DecodeError;
    t.equal(d.proto, 'cwmp');
    t.type(d.offset, 'number');
    if (code) t.equal(d.code, code);
    return d;
  }
  return undefined;
}

t.test('cwmp_jdalberg_every_file_decodes_to_its_rpc', async (t) => {
  const files = readdirSync(cwmpDir).filter((f) => /^[a-z_]+_\d+\.xml$/.test(f) && !f.startsWith('bogus'));
  t.ok(files.length >= 21, `${files.length} jdalberg samples (bogus_inform_1.xml tested separately)`);
  for (const f of files) {
    const d = decodeEnvelope(read(cwmpDir, f));
    t.equal(d.value.body.method, methodOfFileName(f), f);
    t.equal(d.value.version, '1.0', `${f}: cwmp-1-0 namespace`);
    t.ok(d.value.header.id !== undefined && d.value.header.id !== '', `${f}: cwmp:ID`);
  }
});

t.test('cwmp_bogus_inform_fails_with_offset', async (t) => {
  const bytes = read(cwmpDir, 'bogus_inform_1.xml');
  const e = expectDecodeError(t, () => decodeEnvelope(bytes));
  t.ok(e && e.offset > 0 && e.offset <= bytes.length, 'offset inside the input');
});

t.test('cwmp_inform_fields', async (t) => {
  const d = decodeEnvelope(read(cwmpDir, 'inform_1.xml'));
  t.same(d.value.header, { id: '100', noMoreRequests: true });
  t.same(d.value.written, { envelopePrefix: 'SOAP-ENV', cwmpPrefix: 'cwmp' });
  const inf = d.value.body as Inform;
  t.same(inf.deviceId, { manufacturer: 'The Company', oui: 'AA1234', productClass: 'IAD_001', serialNumber: 'S99998888' });
  t.same(inf.events, [{ eventCode: '2 PERIODIC', commandKey: '' }]);
  t.equal(inf.maxEnvelopes, 1);
  t.equal(inf.currentTime, '2015-01-19T23:08:24+00:00');
  t.equal(inf.retryCount, 0);
  t.equal(inf.parameterList.length, 8);
  t.same(inf.parameterList[5], { name: 'InternetGatewayDevice.ManagementServer.ConnectionRequestURL', value: 'http://2.2.2.2:7676/CWMP/ConnectionRequest', type: 'xsd:string' });
  t.same(d.findings, []);
});

t.test('cwmp_real_device_informs', async (t) => {
  const st = decodeEnvelope(read(cwmpDir, 'SpeedTouch-780_Inform.xml'));
  const inf = st.value.body as Inform;
  t.same(inf.events.map((e) => e.eventCode), ['1 BOOT', '2 PERIODIC', '4 VALUE CHANGE']);
  t.equal(inf.retryCount, 5, 'RetryCount "05"');
  t.equal(st.value.written?.envelopePrefix, 'soapenv');
  for (const f of ['fullrate-inform-2601.xml', 'fullrate-inform-cycto.xml', 'fullrate-inform-vmg.xml']) {
    const d = decodeEnvelope(read(cwmpDir, f));
    t.equal(d.value.body.method, 'Inform', f);
    t.ok((d.value.body as Inform).events.length > 0, `${f}: events`);
  }
  const vmg = decodeEnvelope(read(cwmpDir, 'fullrate-inform-vmg.xml')).value.body as Inform;
  t.ok(vmg.events.some((e) => e.eventCode === '6 CONNECTION REQUEST'));
});

t.test('cwmp_quirks_are_findings', async (t) => {
  const spv = decodeEnvelope(read(cwmpDir, 'set_parameter_values_1.xml'));
  t.same(spv.findings.map((f) => f.code).sort(), ['cwmp-missing-element', 'cwmp-type-attribute-namespace', 'cwmp-type-attribute-namespace']);
  t.ok(spv.findings.every((f) => f.offset > 0));
  const gpv = decodeEnvelope(read(cwmpDir, 'get_parameter_values_response_1.xml'));
  t.same(gpv.findings.map((f) => f.code), ['cwmp-array-size-mismatch'], 'arrayType [64] with 2 items');
  const dl2 = decodeEnvelope(read(cwmpDir, 'download_2.xml'));
  t.ok(dl2.findings.length > 0 && dl2.findings.every((f) => f.code === 'cwmp-missing-element'));
});

t.test('cwmp_fault_detail', async (t) => {
  const f = decodeEnvelope(read(cwmpDir, 'fault_1.xml')).value.body;
  t.same(f, { method: 'Fault', faultCode: 'Client', faultString: 'CWMP fault', detail: { faultCode: 9005, faultString: 'Invalid parameter name', setParameterValuesFaults: [] } });
  t.equal(describeFault(9005).meaning, 'Invalid parameter name');
  t.equal(describeFault(8005).origin, 'acs');
  t.equal(describeFault(9850).kind, 'vendor');
  const spvf = envelopeXml({
    version: '1.0',
    header: { id: '7' },
    body: { method: 'Fault', faultCode: 'Client', faultString: 'CWMP fault', detail: { faultCode: 9003, faultString: 'Invalid arguments', setParameterValuesFaults: [{ parameterName: 'Device.X', faultCode: 9007, faultString: 'bad' }] } },
  });
  t.match(spvf, /<SetParameterValuesFault><ParameterName>Device.X<\/ParameterName><FaultCode>9007<\/FaultCode>/);
});

t.test('cwmp_perl_http_bodies_decode_as_cwmp', async (t) => {
  const expected: Record<string, string> = { 'BANT-R_7.4.1.7_Inform.http': 'Inform', 'BANT-R_7.4.1.7_Fault.http': 'Fault', 'Thomson-6.2.15.5_Inform_chunked.http': 'Inform' };
  for (const [f, method] of Object.entries(expected)) {
    const http = decodeRequest(read(httpDir, f));
    const env = decodeEnvelope(http.value.body.data);
    t.equal(env.value.body.method, method, f);
    t.match(env.value.header.id ?? '', /_THOM_TR69_ID$/);
  }
  const fault = decodeEnvelope(decodeRequest(read(httpDir, 'BANT-R_7.4.1.7_Fault.http')).value.body.data).value.body;
  t.same(fault, { method: 'Fault', faultCode: 'Client', faultString: 'CWMP fault', detail: { faultCode: 9001, faultString: 'Request Denied', setParameterValuesFaults: [] } });
});

t.test('cwmp_versions_and_canonical_encoding', async (t) => {
  const v: CwmpEnvelope = { version: '1.4', header: { id: 'a&b', holdRequests: false }, body: { method: 'Reboot', commandKey: 'k1' } };
  const xml = envelopeXml(v);
  t.match(xml, /xmlns:cwmp="urn:dslforum-org:cwmp-1-4"/);
  t.match(xml, /<soap-env:Envelope /);
  t.match(xml, /<cwmp:ID soap-env:mustUnderstand="1">a&amp;b<\/cwmp:ID>/);
  t.match(xml, /<cwmp:HoldRequests soap-env:mustUnderstand="1">0<\/cwmp:HoldRequests>/);
  t.strictSame(decodeEnvelope(encodeEnvelope(v)).value, v);
  const v12 = decodeEnvelope(utf8('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-2"><e:Body><c:GetRPCMethods/></e:Body></e:Envelope>'));
  t.equal(v12.value.version, '1.2');
  t.same(v12.value.written, { envelopePrefix: 'e', cwmpPrefix: 'c' });
  const noMu = decodeEnvelope(utf8('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-0"><e:Header><c:ID>1</c:ID></e:Header><e:Body><c:GetRPCMethods/></e:Body></e:Envelope>'));
  t.ok(noMu.findings.some((f) => f.code === 'cwmp-id-must-understand' && f.requirementId === 'TR69-009'));
});

t.test('cwmp_unknown_method_kept_raw', async (t) => {
  const src = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-1"><soapenv:Body><cwmp:GetQueuedTransfers><x soapenv:a="1">t</x></cwmp:GetQueuedTransfers></soapenv:Body></soapenv:Envelope>';
  const d = decodeEnvelope(utf8(src));
  t.same(d.value.body, { method: 'unknown', name: 'GetQueuedTransfers', namespace: 'urn:dslforum-org:cwmp-1-1', namespaces: [{ prefix: 'soapenv', uri: 'http://schemas.xmlsoap.org/soap/envelope/' }], xml: '<x soapenv:a="1">t</x>' });
  t.ok(d.findings.some((f) => f.code === 'cwmp-unknown-method'));
  const again = decodeEnvelope(encodeEnvelope(d.value));
  t.same(again.value.body, d.value.body, 'inner XML and the namespaces it needs survive re-encoding');
});

t.test('cwmp_refuses_dtd_entities_and_bounds', async (t) => {
  const env = (inner: string) => `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-0"><e:Body>${inner}</e:Body></e:Envelope>`;
  expectDecodeError(t, () => decodeEnvelope(utf8(`<!DOCTYPE e [<!ENTITY x "boom">]>${env('<c:Reboot><CommandKey>&x;</CommandKey></c:Reboot>')}`)), 'PC_ERR_DECODE_INVALID');
  expectDecodeError(t, () => decodeEnvelope(utf8(env('<c:Reboot><CommandKey>&x;</CommandKey></c:Reboot>'))), 'PC_ERR_DECODE_INVALID');
  expectDecodeError(t, () => decodeEnvelope(utf8(env(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`))), 'PC_ERR_DECODE_LIMIT');
  expectDecodeError(t, () => decodeEnvelope(utf8(env(''))), 'PC_ERR_DECODE_INVALID');
  expectDecodeError(t, () => decodeEnvelope(utf8('<Envelope/>')), 'PC_ERR_DECODE_INVALID');
  expectDecodeError(t, () => decodeEnvelope(new Uint8Array(0)), 'PC_ERR_DECODE_TRUNCATED');
  expectDecodeError(t, () => decodeEnvelope(utf8(env('<c:Download><FileSize>big</FileSize></c:Download>'))), 'PC_ERR_DECODE_INVALID');
  const bad = expectDecodeError(t, () => decodeEnvelope(new Uint8Array([...utf8('<a>'), 0xff, ...utf8('</a>')])), 'PC_ERR_DECODE_INVALID');
  t.equal(bad?.offset, 3, 'offset of the invalid octet');
});

t.test('cwmp_truncations_of_real_vectors_fail', async (t) => {
  for (const f of ['inform_1.xml', 'fault_1.xml', 'SpeedTouch-780_Inform.xml']) {
    const bytes = read(cwmpDir, f);
    const end = bytes.lastIndexOf(0x3e) + 1; // trailing whitespace after the root is not part of the envelope
    let failures = 0;
    for (let len = 0; len < end; len += 7) {
      try {
        decodeEnvelope(bytes.subarray(0, len));
        t.fail(`${f}: prefix ${len} decoded`);
      } catch (e) {
        if (e instanceof DecodeError && e.offset <= len) failures++;
        else t.fail(`${f}: prefix ${len}: ${String(e)}`);
      }
    }
    t.equal(failures, Math.ceil(end / 7), `${f}: every sampled prefix fails with DecodeError`);
  }
});

t.test('cwmp_and_http_finding_requirement_ids_exist', async (t) => {
  const { isKnownRequirement } = await import('../../../lib/requirements/index.js');
  const findings = [
    ...decodeEnvelope(read(cwmpDir, 'set_parameter_values_1.xml')).findings,
    ...decodeEnvelope(read(cwmpDir, 'get_parameter_values_response_1.xml')).findings,
    ...decodeEnvelope(utf8('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="urn:dslforum-org:cwmp-1-0"><e:Header><c:ID>1</c:ID></e:Header><e:Body><c:Reboot/><c:Reboot/></e:Body></e:Envelope>')).findings,
    ...decodeRequest(read(httpDir, 'BANT-R_7.4.1.7_Inform.http')).findings,
    ...decodeRequest(utf8('POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\nX: a\r\n b\r\n\r\n0\r\n\r\n')).findings,
  ];
  const ids = [...new Set(findings.flatMap((f) => (f.requirementId ? [f.requirementId] : [])))].sort();
  t.same(ids, ['TR69-009', 'X-HTTP-002', 'X-HTTP-003', 'X-TR69-001', 'X-TR69-003']);
  for (const id of ids) t.ok(isKnownRequirement(id), `${id} is in the registry`);
});
