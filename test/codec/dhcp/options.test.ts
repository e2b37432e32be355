/**
 * Option-level behaviour: Pad safety, RFC 3396 concatenation, overload built by hand, option 43
 * with END, option 125 with two enterprises, NUL-terminated 66, 159 read both ways, 124, 82,
 * decode at an offset, findings with offsets, and encode refusals.
 */
import t from 'tap';
import { dhcpCodec, opt, viewOptions, DHCPDISCOVER, DHCPOFFER, DHCP_FINDINGS, isBroadcast, bootpString } from '../../../lib/codec/dhcp/index.js';
import { DecodeError, ProvcertError } from '../../../lib/errors.js';
import { message, withOptionBytes } from './build.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

t.test('a Pad byte does not shift the parser (npm dhcp regression)', async (t) => {
  // [0, 53,1,1, 12,3,'abc', 255]: the npm `dhcp` package read this as option 1.
  const bytes = withOptionBytes([0, 53, 1, 1, 12, 3, 0x61, 0x62, 0x63, 255]);
  const d = dhcpCodec.decode(bytes);
  t.strictSame(d.value.options.map((o) => o.code), [0, 53, 12]);
  const { view } = viewOptions(d.value);
  t.equal(view.messageType, DHCPDISCOVER);
  t.equal(view.messageTypeName, 'DHCPDISCOVER');
  t.equal(view.hostName, 'abc');
  t.equal(view.subnetMask, undefined, 'no phantom option 1');
  t.equal(hex(dhcpCodec.encode(d.value)), hex(bytes), 'Pad re-encoded in place');
  // Many pads between options.
  const padded = withOptionBytes([0, 0, 0, 53, 1, 2, 0, 0, 54, 4, 10, 0, 0, 1, 255, 0, 0]);
  const p = viewOptions(dhcpCodec.decode(padded).value).view;
  t.equal(p.messageType, DHCPOFFER);
  t.equal(p.serverId, '10.0.0.1');
});

t.test('RFC 3396: one option split into several instances is concatenated, raw list keeps the split', async (t) => {
  const url = 'http://prov.example.test/' + 'x'.repeat(400) + '/$MA.xml';
  const parts = opt.splitLong(160, utf8(url));
  t.equal(parts.length, 2);
  t.equal(parts[0]!.data.length, 255);
  const msg = message([opt.messageType(DHCPOFFER), ...parts]);
  const bytes = dhcpCodec.encode(msg);
  const d = dhcpCodec.decode(bytes);
  t.equal(d.value.options.filter((o) => o.code === 160).length, 2, 'raw list keeps two instances');
  t.equal(hex(dhcpCodec.encode(d.value)), hex(bytes), 're-encodes byte-identically');
  const { view, findings } = viewOptions(d.value);
  t.equal(view.provisioningUrl, url);
  const split = findings.find((f) => f.code === 'dhcp-option-split');
  t.equal(split?.offset, 243, 'finding at the first instance');
  t.ok(d.findings.some((f) => f.code === 'dhcp-option-split'), 'decode reports it too');
  // Split across fields: options field part 1, file part 2, sname part 3 -> concatenated in that order.
  const across = message([
    opt.overload(3), { code: 43, data: utf8('A') }, { code: 43, data: utf8('B'), area: 'file' }, { code: 43, data: utf8('C'), area: 'sname' },
  ], { file: new Uint8Array(0), sname: new Uint8Array(0) });
  const back = dhcpCodec.decode(dhcpCodec.encode(across));
  t.equal(Buffer.from(viewOptions(back.value).view.byCode.get(43)!).toString(), 'ABC');
});

t.test('option overload built by hand: both fields carry options, decoded back with their areas', async (t) => {
  const msg = message([
    opt.messageType(DHCPOFFER), opt.overload(3), opt.serverId('192.0.2.1'),
    { ...opt.tftpServerName('tftp.example.test'), area: 'file' },
    { ...opt.routers(['192.0.2.254']), area: 'sname' },
  ], { op: 2, file: new Uint8Array(0), sname: new Uint8Array(0) });
  const bytes = dhcpCodec.encode(msg);
  t.equal(bytes.length, dhcpCodec.encodingLength(msg));
  t.equal(bytes[108], 66, 'file field starts with option 66');
  t.equal(bytes[44], 3, 'sname field starts with option 3');
  const d = dhcpCodec.decode(bytes);
  t.strictSame(d.value.options.map((o) => [o.code, o.area ?? 'options']), [[53, 'options'], [52, 'options'], [54, 'options'], [66, 'file'], [3, 'sname']]);
  const { view } = viewOptions(d.value);
  t.equal(view.tftpServerName, 'tftp.example.test');
  t.strictSame(view.routers, ['192.0.2.254']);
  t.same(d.findings, [], 'no findings');
  // Too many options for the sname field: refused.
  const tooBig = message([opt.overload(2), { code: 200, data: new Uint8Array(70), area: 'sname' }], { sname: new Uint8Array(0) });
  t.match(thrown(() => dhcpCodec.encode(tooBig)), { code: 'PC_ERR_ENCODE_INVALID' });
});

t.test('overload edge cases: invalid 52, 52 inside a field, option overrunning a field', async (t) => {
  const bad = dhcpCodec.decode(withOptionBytes([52, 1, 7, 255]));
  t.ok(bad.findings.some((f) => f.code === 'dhcp-overload-invalid'), 'value 7 is invalid');
  t.equal(bad.value.framing?.file, undefined, 'file stays a plain field');
  t.equal(bad.value.file.length, 128);

  const file = new Uint8Array(128);
  file.set([52, 1, 2, 200, 250, 1, 2]); // 52 misplaced, then option 200 claiming 250 bytes
  const d = dhcpCodec.decode(withOptionBytes([52, 1, 1, 255], { file }));
  t.ok(d.findings.some((f) => f.code === 'dhcp-overload-misplaced' && f.offset === 108));
  const over = d.findings.find((f) => f.code === 'dhcp-option-overruns-field');
  t.equal(over?.offset, 111);
  t.equal(d.value.framing?.file?.end, false);
  t.equal(d.value.framing?.file?.trailer.length, 128 - 3);
  t.equal(d.value.framing?.sname, undefined, 'sname not overloaded');
  t.equal(hex(dhcpCodec.encode(d.value)), hex(withOptionBytes([52, 1, 1, 255], { file })), 'still byte-identical');
});

t.test('option 43 with sub-options, with a trailing END (dnsmasq), and not TLV at all', async (t) => {
  const acs = 'https://acs.example.test:7547/cwmp';
  const plain = viewOptions(message([opt.vendorSpecific43([{ code: 1, data: acs }, { code: 2, data: 'PC-1' }])]));
  t.strictSame(plain.view.vendorSpecific?.subOptions?.map((s) => s.code), [1, 2]);
  t.equal(Buffer.from(plain.view.vendorSpecific!.subOptions![0]!.data).toString(), acs);
  t.equal(plain.view.vendorSpecific?.endTerminated, false);

  const withEnd = dhcpCodec.decode(dhcpCodec.encode(message([opt.vendorSpecific43([{ code: 1, data: acs }], { end: true })])));
  const v = viewOptions(withEnd.value);
  t.equal(v.view.vendorSpecific?.endTerminated, true);
  t.equal(v.view.vendorSpecific?.subOptions?.length, 1, 'END is not a sub-option');
  const info = withEnd.findings.find((f) => f.code === 'dhcp-43-end-terminated');
  t.equal(info?.offset, 240, 'info finding at option 43');
  t.equal(DHCP_FINDINGS['dhcp-43-end-terminated'].severity, 'info');

  const notTlv = dhcpCodec.decode(dhcpCodec.encode(message([opt.raw(43, [1, 9, 0x41])])));
  const nv = viewOptions(notTlv.value).view;
  t.equal(nv.vendorSpecific?.subOptions, undefined, 'no sub-options');
  t.equal(hex(nv.vendorSpecific!.raw), '010941', 'raw kept');
  t.ok(notTlv.findings.some((f) => f.code === 'dhcp-43-not-tlv'));
});

t.test('option 125 with two enterprises, option 124, option 82', async (t) => {
  const m = message([
    opt.viVendorSpecific125([
      { enterprise: 3561, subopts: [{ code: 4, data: '001122' }, { code: 5, data: 'SN123' }, { code: 6, data: 'CP-8851' }] },
      { enterprise: 9, subopts: [{ code: 1, data: Uint8Array.of(1, 2) }] },
    ]),
    opt.viVendorClass124([{ enterprise: 3561, classes: ['dslforum.org'] }, { enterprise: 9, classes: ['a', 'bc'] }]),
    opt.relayAgentInfo([{ code: 1, data: 'eth0/1' }, { code: 2, data: Uint8Array.of(0xaa) }]),
  ]);
  const d = dhcpCodec.decode(dhcpCodec.encode(m));
  const { view } = viewOptions(d.value);
  t.strictSame(view.viVendorSpecific?.map((e) => [e.enterprise, e.subOptions.map((s) => s.code)]), [[3561, [4, 5, 6]], [9, [1]]]);
  t.equal(Buffer.from(view.viVendorSpecific![0]!.subOptions[2]!.data).toString(), 'CP-8851');
  t.strictSame(view.viVendorClass?.map((c) => [c.enterprise, (c.classes ?? []).map((x) => Buffer.from(x).toString())]), [[3561, ['dslforum.org']], [9, ['a', 'bc']]]);
  t.strictSame(view.relayAgentInfo?.map((s) => s.code), [1, 2]);
  // Wire layout of 125 (RFC 3925 section 4): enterprise 4 octets, data-len, sub-options.
  const raw125 = d.value.options.find((o) => o.code === 125)!.data;
  t.equal(hex(raw125.subarray(0, 5)), '00000de9' + (2 + 6 + 2 + 5 + 2 + 7).toString(16).padStart(2, '0'));
  // data-len larger than the rest: malformed, finding, no view.
  const broken = dhcpCodec.decode(dhcpCodec.encode(message([opt.raw(125, [0, 0, 0x0d, 0xe9, 9, 1, 1, 0])])));
  t.equal(viewOptions(broken.value).view.viVendorSpecific, undefined);
  t.ok(broken.findings.some((f) => f.code === 'dhcp-suboptions-malformed' && f.path === 'options.125'));
});

t.test('NUL after a string option (dnsmasq option 66) is removed with an info finding', async (t) => {
  const d = dhcpCodec.decode(withOptionBytes([66, 10, ...utf8('192.0.2.9'), 0, 255]));
  const { view } = viewOptions(d.value);
  t.equal(view.tftpServerName, '192.0.2.9');
  const f = d.findings.find((x) => x.code === 'dhcp-string-nul-terminated');
  t.equal(f?.path, 'options.66');
  t.equal(f?.offset, 240);
  t.equal(DHCP_FINDINGS['dhcp-string-nul-terminated'].severity, 'info');
  const embedded = dhcpCodec.decode(withOptionBytes([67, 3, 0x61, 0, 0x62, 255]));
  t.ok(embedded.findings.some((x) => x.code === 'dhcp-string-embedded-nul'));
  const latin = dhcpCodec.decode(withOptionBytes([12, 2, 0xff, 0xfe, 255]));
  t.ok(latin.findings.some((x) => x.code === 'dhcp-string-not-utf8'));
  t.equal(viewOptions(latin.value).view.hostName, '\u00ff\u00fe');
});

t.test('option 159 read as IPv4 or text, 150 and 160, provisioning options together', async (t) => {
  const asIp = viewOptions(message([opt.provisioningServer159({ ipv4: '192.0.2.10' })])).view;
  t.strictSame(asIp.provisioningServer, { ipv4: '192.0.2.10' });
  const asText = viewOptions(message([opt.provisioningServer159({ text: 'http://192.0.2.10/prov' })])).view;
  t.strictSame(asText.provisioningServer, { text: 'http://192.0.2.10/prov' });
  const ambiguous = viewOptions(message([opt.raw(159, utf8('a.bc'))])).view;
  t.strictSame(ambiguous.provisioningServer, { ipv4: '97.46.98.99', text: 'a.bc' }, 'four printable octets: both readings');
  const neither = viewOptions(message([opt.raw(159, [1, 2, 3])]));
  t.equal(neither.view.provisioningServer, undefined);
  t.ok(neither.findings.some((f) => f.code === 'dhcp-option-length'));
  const all = viewOptions(message([
    opt.tftpServerName('tftp.example.test'), opt.provisioningUrl160('https://prov.example.test/$MA.xml'),
    opt.tftpServers150(['192.0.2.1', '192.0.2.2']), opt.vendorClass('dslforum.org'), opt.bootfileName('SEP.cnf.xml'),
  ])).view;
  t.equal(all.provisioningUrl, 'https://prov.example.test/$MA.xml');
  t.strictSame(all.tftpServers, ['192.0.2.1', '192.0.2.2']);
  t.equal(all.vendorClass, 'dslforum.org');
  t.equal(all.bootfileName, 'SEP.cnf.xml');
});

t.test('typed view of the common options, and length findings', async (t) => {
  const m = message([
    opt.subnetMask('255.255.255.0'), opt.routers(['10.77.0.1']), opt.dnsServers(['10.77.0.2', '10.77.0.3']),
    opt.hostName('phone1'), opt.domainName('example.test'), opt.broadcastAddress('10.77.0.255'),
    opt.requestedIp('10.77.0.50'), opt.leaseTime(3600), opt.messageType(3), opt.serverId('10.77.0.1'),
    opt.paramRequestList([1, 3, 6, 66, 150, 159, 160]), opt.maxMessageSize(1500), opt.renewalTime(1800),
    opt.rebindingTime(3150), opt.clientId(1, [0, 0x11, 0x22, 0x33, 0x44, 0x55]),
  ]);
  const { view, findings } = viewOptions(dhcpCodec.decode(dhcpCodec.encode(m)).value);
  t.same(findings, []);
  t.match(view, {
    subnetMask: '255.255.255.0', routers: ['10.77.0.1'], dnsServers: ['10.77.0.2', '10.77.0.3'], hostName: 'phone1',
    domainName: 'example.test', broadcastAddress: '10.77.0.255', requestedIp: '10.77.0.50', leaseTime: 3600,
    messageType: 3, messageTypeName: 'DHCPREQUEST', serverId: '10.77.0.1', parameterRequestList: [1, 3, 6, 66, 150, 159, 160],
    maxMessageSize: 1500, renewalTime: 1800, rebindingTime: 3150,
  });
  t.equal(hex(view.clientId!.data), '001122334455');
  const bad = viewOptions(message([opt.raw(1, [255, 255]), opt.raw(3, [1, 2, 3, 4, 5]), opt.raw(53, [1, 2]), opt.raw(57, [1, 0]), opt.raw(61, [1]), opt.raw(53, [])]));
  t.equal(bad.view.subnetMask, undefined);
  t.equal(bad.view.routers, undefined);
  t.equal(bad.view.messageType, undefined, 'two 53 instances concatenate to 2 bytes: invalid');
  t.equal(bad.view.maxMessageSize, 256);
  t.ok(bad.findings.some((f) => f.code === 'dhcp-max-size-too-small'));
  t.equal(bad.findings.filter((f) => f.code === 'dhcp-option-length').length, 4);
  t.ok(viewOptions(message([opt.messageType(99)])).findings.some((f) => f.code === 'dhcp-message-type-unknown'));
});

t.test('header fields, broadcast flag and header findings', async (t) => {
  const m = message([opt.messageType(1)], {
    op: 2, htype: 1, hlen: 6, hops: 3, xid: 0xdeadbeef, secs: 65535, flags: 0x8000,
    ciaddr: '10.0.0.1', yiaddr: '10.0.0.2', siaddr: '10.0.0.3', giaddr: '10.0.0.4',
    sname: bootpString('server', 64), file: bootpString('boot.cfg', 128),
  });
  const bytes = dhcpCodec.encode(m);
  t.equal(hex(bytes.subarray(0, 28)), '0201060' + '3deadbeefffff80000a0000010a0000020a0000030a000004');
  const d = dhcpCodec.decode(bytes);
  t.strictSame(d.value, { ...m, framing: { options: { end: true, trailer: new Uint8Array(0) } } });
  t.ok(isBroadcast(d.value));
  t.notOk(isBroadcast({ flags: 0x7fff }));
  const odd = dhcpCodec.decode(dhcpCodec.encode(message([], { op: 7, hlen: 20, flags: 0x8001 })));
  t.strictSame(odd.findings.map((f) => f.code).sort(), ['dhcp-flags-reserved', 'dhcp-hlen-invalid', 'dhcp-op-unknown']);
  t.ok(odd.findings.every((f) => f.code in DHCP_FINDINGS), 'every finding code is in the table');
});

t.test('decode at an offset and bad offsets', async (t) => {
  const bytes = dhcpCodec.encode(message([opt.messageType(1), opt.tftpServerName('x\0')]));
  const shifted = new Uint8Array(bytes.length + 5);
  shifted.set(bytes, 5);
  const d = dhcpCodec.decode(shifted, 5);
  t.equal(d.bytesRead, bytes.length);
  t.equal(d.findings.find((f) => f.code === 'dhcp-string-nul-terminated')?.offset, 5 + 243, 'absolute offsets');
  for (const off of [-1, shifted.length + 1, 1.5]) {
    const e = thrown(() => dhcpCodec.decode(shifted, off));
    t.ok(e instanceof DecodeError, `offset ${off} refused`);
  }
  const missingEnd = dhcpCodec.decode(withOptionBytes([53, 1, 1]));
  t.equal(missingEnd.findings.find((f) => f.code === 'dhcp-end-missing')?.offset, 243);
  const cut = thrown(() => dhcpCodec.decode(withOptionBytes([53, 1, 1, 12, 5, 0x61])));
  t.match(cut, { code: 'PC_ERR_DECODE_TRUNCATED', offset: 243, proto: 'dhcp' });
});

t.test('encode refuses what does not fit, with PC_ERR_ENCODE_INVALID', async (t) => {
  const cases: [string, () => unknown][] = [
    ['data over 255 bytes', () => dhcpCodec.encode(message([{ code: 77, data: new Uint8Array(256) }]))],
    ['END as an item', () => dhcpCodec.encode(message([{ code: 255, data: new Uint8Array(0) }]))],
    ['Pad with data', () => dhcpCodec.encode(message([{ code: 0, data: Uint8Array.of(1) }]))],
    ['bad address', () => dhcpCodec.encode(message([], { yiaddr: '10.0.0.256' }))],
    ['xid out of range', () => dhcpCodec.encode(message([], { xid: 2 ** 32 }))],
    ['chaddr too long', () => dhcpCodec.encode(message([], { chaddr: new Uint8Array(17) }))],
    ['file too long', () => dhcpCodec.encode(message([], { file: new Uint8Array(129) }))],
    ['helper too long', () => opt.provisioningUrl160('x'.repeat(256))],
    ['empty router list', () => opt.routers([])],
    ['bootp string too long', () => bootpString('x'.repeat(65), 64)],
  ];
  for (const [name, f] of cases) {
    const e = thrown(f);
    t.ok(e instanceof ProvcertError && e.code === 'PC_ERR_ENCODE_INVALID', name);
  }
  t.equal(opt.splitLong(43, new Uint8Array(0)).length, 1, 'an empty value is one empty instance');
  t.equal(opt.splitLong(43, new Uint8Array(510)).length, 2);
});

t.test('findings name the requirement they relate to, and those IDs exist', async (t) => {
  const { isKnownRequirement } = await import('../../../lib/requirements/index.js');
  for (const [code, row] of Object.entries(DHCP_FINDINGS)) {
    const id = (row as { requirementId?: string }).requirementId;
    if (id !== undefined) t.ok(isKnownRequirement(id), `${code} -> ${id} is in the registry`);
  }
  const d = dhcpCodec.decode(withOptionBytes([66, 2, 0x78, 0, 255]));
  t.equal(d.findings.find((f) => f.code === 'dhcp-string-nul-terminated')?.requirementId, 'X-DHCP-002');
});
