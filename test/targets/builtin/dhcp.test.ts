import t, { type Test } from 'tap';
import { createSocket, type Socket } from 'node:dgram';
import {
  DHCPACK, DHCPDECLINE, DHCPDISCOVER, DHCPINFORM, DHCPNAK, DHCPOFFER, DHCPRELEASE, DHCPREQUEST, MAGIC_COOKIE,
  dhcpCodec, macToChaddr, opt, viewOptions, type DhcpMessage, type DhcpOption,
} from '../../../lib/codec/dhcp/index.js';
import { LeaseTable } from '../../../lib/targets/builtin/dhcp-leases.js';
import { answerDhcp, type DhcpPolicy } from '../../../lib/targets/builtin/dhcp-reply.js';
import { startDhcp } from '../../../lib/targets/builtin/dhcp-server.js';

const POLICY: DhcpPolicy = {
  serverIp: '10.77.9.1', subnetMask: '255.255.255.0', dnsServers: ['10.77.9.1'], domainName: 'provcert.test',
  tftpServerName: '10.77.9.1', tftpServers: ['10.77.9.1'], provisioningServer: '10.77.9.1', profileUrl: 'http://10.77.9.1/$PSN.xml',
  acs: { url: 'http://10.77.9.1:7547/', gateway: [[4, '02C0DE'], [5, 'GW1'], [6, 'lab'], [11, 'http://10.77.9.1:7547/']] },
};

function request(type: number, o: { xid?: number; mac?: string; ciaddr?: string; extra?: DhcpOption[]; flags?: number } = {}): DhcpMessage {
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: o.xid ?? 0x1234abcd, secs: 0, flags: o.flags ?? 0x8000,
    ciaddr: o.ciaddr ?? '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
    chaddr: macToChaddr(o.mac ?? '00:0b:82:01:02:03'), sname: new Uint8Array(0), file: new Uint8Array(0), cookie: MAGIC_COOKIE,
    options: [opt.messageType(type), ...(o.extra ?? [])],
  };
}

const view = (m: DhcpMessage) => viewOptions(m).view;
const codes = (m: DhcpMessage) => m.options.map((x) => x.code);

/** Rules every reply must keep (DHCP-014, 016, 017, 018, 020). */
function checkReply(t: Test, req: DhcpMessage, rep: DhcpMessage, type: number, serverIp = POLICY.serverIp): void {
  const v = view(rep);
  t.equal(rep.xid, req.xid, 'DHCP-018 xid echoed');
  t.equal(v.messageType, type, 'DHCP-016 message type');
  t.equal(v.serverId, serverIp, 'DHCP-014 option 54');
  for (const c of [50, 55, 57]) t.notOk(codes(rep).includes(c), `DHCP-017 no option ${c}`);
  if (v.leaseTime !== undefined) {
    t.ok(v.renewalTime! < v.rebindingTime! && v.rebindingTime! < v.leaseTime, 'DHCP-020 58 < 59 < 51');
  }
  const sentId = view(req).clientId;
  if (sentId) t.strictSame(v.clientId, sentId, 'RFC 6842 option 61 echoed');
  else t.notOk(codes(rep).includes(61), 'no option 61 when none was sent');
}

t.test('DORA: OFFER then ACK with the offered address (DHCP-014..022)', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.254', 3600);
  const discover = request(DHCPDISCOVER, { extra: [opt.paramRequestList([1, 3, 6, 66, 150, 159, 160]), opt.maxMessageSize(1500), opt.clientId(1, [0, 0xb, 0x82, 1, 2, 3])] });
  const offer = answerDhcp(discover, leases, POLICY, 0).reply!;
  checkReply(t, discover, offer, DHCPOFFER);
  const ov = view(offer);
  t.equal(ov.leaseTime, 3600, 'DHCP-015 51 in OFFER');
  t.equal(ov.tftpServerName, '10.77.9.1', '66');
  t.strictSame(ov.tftpServers, ['10.77.9.1'], '150');
  t.equal(ov.provisioningServer?.ipv4, '10.77.9.1', '159 as 4 octets');
  t.equal(ov.provisioningUrl, 'http://10.77.9.1/$PSN.xml', '160');
  t.strictSame(ov.dnsServers, ['10.77.9.1'], '6');
  t.notOk(ov.vendorSpecific, 'no option 43 for a phone that is not a dslforum.org client');
  const req = request(DHCPREQUEST, { extra: [opt.requestedIp(offer.yiaddr), opt.serverId(POLICY.serverIp), opt.clientId(1, [0, 0xb, 0x82, 1, 2, 3]), opt.paramRequestList([1, 66])] });
  const ack = answerDhcp(req, leases, POLICY, 10).reply!;
  checkReply(t, req, ack, DHCPACK);
  t.equal(ack.yiaddr, offer.yiaddr, 'DHCP-022 ACK yiaddr = offered = option 50');
  t.equal(view(ack).leaseTime, 3600, 'DHCP-015 51 in ACK to REQUEST');
  // The same client gets the same address again.
  t.equal(answerDhcp(discover, leases, POLICY, 20).reply!.yiaddr, offer.yiaddr);
});

t.test('REQUEST for an address not offered, INIT-REBOOT on a wrong net: NAK with 54, without 51 (DHCP-015, DHCP-019)', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.254', 3600);
  const offer = answerDhcp(request(DHCPDISCOVER), leases, POLICY, 0).reply!;
  const bad = request(DHCPREQUEST, { extra: [opt.requestedIp('10.77.9.200'), opt.serverId(POLICY.serverIp)] });
  t.not(offer.yiaddr, '10.77.9.200');
  const nak = answerDhcp(bad, leases, POLICY, 1);
  checkReply(t, bad, nak.reply!, DHCPNAK);
  t.notOk(codes(nak.reply!).includes(51), 'no lease time in NAK');
  t.notOk(codes(nak.reply!).includes(52), 'no overload in NAK');
  t.equal(nak.reply!.yiaddr, '0.0.0.0');
  const reboot = request(DHCPREQUEST, { mac: '00:0b:82:09:09:09', extra: [opt.requestedIp('192.168.1.5')] });
  checkReply(t, reboot, answerDhcp(reboot, leases, POLICY, 2).reply!, DHCPNAK);
  const unknown = request(DHCPREQUEST, { mac: '00:0b:82:09:09:0a', extra: [opt.requestedIp('10.77.9.100')] });
  t.notOk(answerDhcp(unknown, leases, POLICY, 3).reply, 'INIT-REBOOT without a record: silent (RFC 2131 section 4.3.2)');
  const other = request(DHCPREQUEST, { extra: [opt.requestedIp(offer.yiaddr), opt.serverId('10.77.9.2')] });
  t.notOk(answerDhcp(other, leases, POLICY, 4).reply, 'another server chosen: no reply');
});

t.test('INFORM: ACK without lease time and yiaddr 0, unicast to ciaddr (DHCP-015)', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.254', 3600);
  const inform = request(DHCPINFORM, { ciaddr: '10.77.9.50', flags: 0 });
  const d = answerDhcp(inform, leases, POLICY, 0);
  checkReply(t, inform, d.reply!, DHCPACK);
  t.notOk(codes(d.reply!).includes(51), 'no option 51');
  t.equal(d.reply!.yiaddr, '0.0.0.0');
  t.equal(d.to, 'ciaddr');
  t.equal(view(d.reply!).provisioningUrl, POLICY.profileUrl, 'provisioning options still sent');
});

t.test('RELEASE frees, DECLINE blocks an address; renew extends the own binding', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.65', 3600);
  const a = answerDhcp(request(DHCPDISCOVER), leases, POLICY, 0).reply!.yiaddr;
  answerDhcp(request(DHCPREQUEST, { extra: [opt.requestedIp(a), opt.serverId(POLICY.serverIp)] }), leases, POLICY, 0);
  const renew = request(DHCPREQUEST, { ciaddr: a, flags: 0 });
  const r = answerDhcp(renew, leases, POLICY, 1);
  checkReply(t, renew, r.reply!, DHCPACK);
  t.equal(r.reply!.yiaddr, a);
  t.equal(r.to, 'ciaddr');
  t.notOk(answerDhcp(request(DHCPRELEASE, { ciaddr: a }), leases, POLICY, 2).reply, 'no reply to RELEASE');
  t.equal(leases.get('hw:1:000b82010203', 3), undefined, 'binding gone');
  const b = answerDhcp(request(DHCPDISCOVER, { mac: '00:0b:82:aa:aa:aa' }), leases, POLICY, 4).reply!.yiaddr;
  t.notOk(answerDhcp(request(DHCPDECLINE, { mac: '00:0b:82:aa:aa:aa', extra: [opt.requestedIp(b), opt.serverId(POLICY.serverIp)] }), leases, POLICY, 5).reply);
  const next = answerDhcp(request(DHCPDISCOVER, { mac: '00:0b:82:aa:aa:aa' }), leases, POLICY, 6).reply?.yiaddr;
  t.not(next, b, 'a declined address is not offered again');
});

t.test('dslforum.org clients get option 43 sub-option 1 and, when they name 3561, option 125 sub-options 4-6 (DHCP-009, 012, 013)', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.254', 3600);
  const cwmp = request(DHCPDISCOVER, { extra: [opt.vendorClass('dslforum.org'), opt.viVendorSpecific125([{ enterprise: 3561, subopts: [{ code: 1, data: '00000C' }, { code: 2, data: 'SN1' }, { code: 3, data: 'phone' }] }])] });
  const v = view(answerDhcp(cwmp, leases, POLICY, 0).reply!);
  t.strictSame(v.vendorSpecific?.subOptions?.map((s) => [s.code, Buffer.from(s.data).toString()]), [[1, 'http://10.77.9.1:7547/']]);
  const block = v.viVendorSpecific?.find((b) => b.enterprise === 3561);
  t.strictSame(block?.subOptions.map((s) => s.code), [4, 5, 6, 11]);
  const plain = request(DHCPDISCOVER, { mac: '00:0b:82:00:00:01', extra: [opt.vendorClass('dslforum.org')] });
  t.notOk(view(answerDhcp(plain, leases, POLICY, 0).reply!).viVendorSpecific, 'no 125 for a client that did not name 3561 (RFC 3925 section 4)');
});

t.test('pool exhaustion: no OFFER, no crash', async (t) => {
  const leases = new LeaseTable('10.77.9.64', '10.77.9.64', 3600);
  t.ok(answerDhcp(request(DHCPDISCOVER, { mac: '00:0b:82:00:00:01' }), leases, POLICY, 0).reply);
  const d = answerDhcp(request(DHCPDISCOVER, { mac: '00:0b:82:00:00:02' }), leases, POLICY, 0);
  t.notOk(d.reply);
  t.match(d.note, /exhausted/);
});

/** Loopback: our codec as the client over real UDP (client port = server port + 1). */
t.test('loopback DHCP service: DORA over UDP with replies to port + 1, undecodable input survives', async (t) => {
  const lines: string[] = [];
  const svc = await startDhcp({
    mode: 'loopback', bind: '127.0.0.1', port: 0, pool: { start: '127.77.0.10', end: '127.77.0.20' }, leaseSeconds: 600,
    policy: { ...POLICY, serverIp: '127.0.0.1', subnetMask: '255.0.0.0' }, log: (_s, l) => lines.push(l),
  });
  t.teardown(() => svc.stop());
  const client: Socket = createSocket('udp4');
  await new Promise<void>((r) => client.bind(svc.port + 1, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => client.close(() => r())));
  const exchange = (m: DhcpMessage) => new Promise<DhcpMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply within 2 s')), 2000);
    client.once('message', (b) => { clearTimeout(timer); resolve(dhcpCodec.decode(b).value); });
    client.send(dhcpCodec.encode(m), svc.port, '127.0.0.1');
  });
  client.send(Uint8Array.of(1, 2, 3), svc.port, '127.0.0.1');
  const discover = request(DHCPDISCOVER, { xid: 0xdeadbeef });
  const offer = await exchange(discover);
  checkReply(t, discover, offer, DHCPOFFER, '127.0.0.1');
  t.match(offer.yiaddr, /^127\.77\.0\./, 'lease from 127.77.0.0/16');
  const req = request(DHCPREQUEST, { xid: 0xdeadbeef, extra: [opt.requestedIp(offer.yiaddr), opt.serverId('127.0.0.1')] });
  const ack = await exchange(req);
  checkReply(t, req, ack, DHCPACK, '127.0.0.1');
  t.equal(ack.yiaddr, offer.yiaddr);
  t.ok(lines.some((l) => /undecodable/.test(l)), 'the junk datagram was logged, not fatal');
  t.ok(lines.some((l) => /OFFER 127\.77/.test(l)) && lines.some((l) => /ACK 127\.77/.test(l)), 'one log line per decision');
});
