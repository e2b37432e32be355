/**
 * Captured vectors (test/fixtures/dhcp, extracted with tshark): every message decodes, re-encodes
 * byte-identically (laws.test.ts) and agrees with tshark on op, xid, flags, message type and the
 * option list; the malformed captures fail with a DecodeError or come back with findings.
 */
import t from 'tap';
import { dhcpCodec, viewOptions, readBootpString } from '../../../lib/codec/dhcp/index.js';
import { DecodeError } from '../../../lib/errors.js';
import { fixtureFiles, loadVectors, type DhcpVector } from './fixtures.js';

const NEGATIVE = new Set(['tcpdump-bootp-asan.hex', 'tcpdump-bootp-asan-2.hex']);

function codes(v: DhcpVector) {
  const d = dhcpCodec.decode(v.bytes);
  return { d, mine: d.value.options.filter((o) => o.code !== 0).map((o) => o.code), theirs: v.tshark.options.filter((c) => c !== 0) };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

function one(file: string, frame: number): DhcpVector {
  const v = loadVectors(file).find((x) => x.tshark.frame === frame);
  if (!v) throw new Error(`${file} has no frame ${frame}`);
  return v;
}

t.test('every captured message agrees with tshark', async (t) => {
  let n = 0;
  for (const file of fixtureFiles().filter((f) => !NEGATIVE.has(f))) {
    for (const v of loadVectors(file)) {
      n++;
      const { d, mine, theirs } = codes(v);
      const m = d.value;
      t.equal(d.bytesRead, v.bytes.length, `${v.name}: consumes the whole payload`);
      t.equal(m.op, Number(v.tshark.op), `${v.name}: op`);
      t.equal(m.xid, parseInt(v.tshark.xid, 16), `${v.name}: xid`);
      t.equal(m.flags, parseInt(v.tshark.flags, 16), `${v.name}: flags`);
      const view = viewOptions(m).view;
      t.equal(view.messageType, v.tshark.msgtype === '' ? undefined : Number(v.tshark.msgtype), `${v.name}: message type`);
      // tshark nests the overloaded fields after option 52; compare order only without overload.
      if (m.framing?.file || m.framing?.sname) {
        t.strictSame([...mine].sort((a, b) => a - b), [...theirs].sort((a, b) => a - b), `${v.name}: option codes (any order)`);
      } else {
        t.strictSame(mine, theirs, `${v.name}: option codes in order`);
      }
    }
  }
  t.ok(n >= 45, `${n} captured messages compared`);
});

t.test('bad magic cookie: options are not read, vendor area kept raw', async (t) => {
  const all = loadVectors('zeek-dhcp-bad-cookie.hex');
  const bad = all.filter((v) => v.tshark.options.length === 0);
  t.equal(bad.length, 3, 'three messages tshark marks malformed');
  for (const v of bad) {
    const d = dhcpCodec.decode(v.bytes);
    const f = d.findings.find((x) => x.code === 'dhcp-bad-cookie');
    t.ok(f, `${v.name}: dhcp-bad-cookie finding`);
    t.equal(f?.offset, 236, `${v.name}: finding points at the cookie`);
    t.equal(d.value.options.length, 0, `${v.name}: no options read`);
    t.equal(d.value.framing?.options?.trailer.length, v.bytes.length - 240, `${v.name}: vendor area kept raw`);
  }
  for (const v of all.filter((x) => x.tshark.options.length > 0)) {
    t.notOk(dhcpCodec.decode(v.bytes).findings.some((x) => x.code === 'dhcp-bad-cookie'), `${v.name}: good cookie`);
  }
});

t.test('cut-short BOOTP captures (tcpdump ASAN) give a DecodeError with an offset', async (t) => {
  for (const file of NEGATIVE) {
    for (const v of loadVectors(file)) {
      const e = thrown(() => dhcpCodec.decode(v.bytes));
      t.ok(e instanceof DecodeError, `${v.name}: DecodeError`);
      t.match(e, { code: 'PC_ERR_DECODE_TRUNCATED', proto: 'dhcp', offset: v.bytes.length }, `${v.name}: truncated at ${v.bytes.length}`);
    }
  }
});

t.test('option overload = 3: option 56 from options, file and sname concatenated in RFC 2131 4.1 order', async (t) => {
  const v = loadVectors('suricata-overload-both.hex')[0]!;
  const d = dhcpCodec.decode(v.bytes);
  t.ok(d.value.framing?.file && d.value.framing?.sname, 'both fields carry options');
  t.strictSame(d.value.options.filter((o) => o.code === 56).map((o) => o.area ?? 'options'), ['options', 'file', 'sname']);
  const { view, findings } = viewOptions(d.value);
  t.equal(view.overload, 3);
  t.equal(Buffer.from(view.byCode.get(56)!).toString('latin1'), 'Padding' + 'file name field overload' + 'sname field overload');
  t.ok(findings.some((f) => f.code === 'dhcp-option-split' && f.path === 'options.56'), 'split finding');
  t.equal(d.value.file.length, 0, 'file field is not a plain field');
});

t.test('option overload = 2: router and DNS only in sname', async (t) => {
  const v = one('suricata-overload-sname.hex', 4);
  const d = dhcpCodec.decode(v.bytes);
  t.ok(d.value.framing?.sname, 'sname carries options');
  t.notOk(d.value.framing?.file, 'file does not');
  const { view } = viewOptions(d.value);
  t.equal(view.overload, 2);
  t.ok(view.routers && view.routers.length > 0, 'routers read from sname');
  t.ok(view.dnsServers && view.dnsServers.length > 0, 'DNS read from sname');
  t.ok(d.value.options.filter((o) => o.code === 3 || o.code === 6).every((o) => o.area === 'sname'));
});

t.test('named options from the captures', async (t) => {
  const ack82 = viewOptions(dhcpCodec.decode(loadVectors('zeek-dhcp-option82.hex')[0]!.bytes).value).view;
  t.strictSame(ack82.relayAgentInfo?.map((s) => s.code), [1, 2, 6], 'option 82 sub-options');
  t.match(Buffer.from(ack82.relayAgentInfo![0]!.data).toString('latin1'), /this is only a test/);

  const offer150 = viewOptions(dhcpCodec.decode(one('tcpdump-dhcp-rfc5859.hex', 2).bytes).value).view;
  t.strictSame(offer150.tftpServers, ['192.168.1.10', '192.168.1.11'], 'option 150');
  t.equal(offer150.messageTypeName, 'DHCPOFFER');

  const zeekOffer = dhcpCodec.decode(one('zeek-dhcp.hex', 2).bytes);
  const z = viewOptions(zeekOffer.value).view;
  t.equal(z.vendorClass, 'ArubaAP', 'option 60');
  t.ok(z.vendorSpecific, 'option 43 present');
  t.ok(z.bootfileName !== undefined, 'option 67 read');

  const discover = viewOptions(dhcpCodec.decode(one('wireshark-dhcp.hex', 1).bytes).value).view;
  t.strictSame(discover.parameterRequestList, [1, 3, 6, 42]);
  t.equal(discover.clientId?.type, 1);
  t.equal(Buffer.from(discover.clientId!.data).toString('hex'), '000b8201fc42');
  t.equal(discover.requestedIp, '0.0.0.0');

  const nak = dhcpCodec.decode(one('zeek-dhcp.hex', 4).bytes).value;
  t.equal(viewOptions(nak).view.messageTypeName, 'DHCPNAK');
  t.equal(readBootpString(nak.file), '', 'empty file field');
});
