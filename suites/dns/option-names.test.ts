/**
 * Which names dns.options.names-resolve looks up (option-names.ts) and when it can (dnsUnavailable):
 * built DHCP replies in, names and their options out; a property over names and addresses.
 */
import t from 'tap';
import fc from 'fast-check';
import { DHCPACK, MAGIC_COOKIE, opt, type DhcpMessage, type DhcpOption } from '../../lib/codec/dhcp/index.js';
import type { TargetView } from '../../lib/runner/types.js';
import { dnsUnavailable, isAddressLiteral } from '../helpers/dns-lookup.js';
import { optionHostNames } from './option-names.js';

function ack(options: DhcpOption[]): DhcpMessage {
  return {
    op: 2, htype: 1, hlen: 6, hops: 0, xid: 1, secs: 0, flags: 0, ciaddr: '0.0.0.0', yiaddr: '10.77.0.70', siaddr: '10.77.0.1', giaddr: '0.0.0.0',
    chaddr: new Uint8Array(16), sname: new Uint8Array(64), file: new Uint8Array(128), cookie: MAGIC_COOKIE,
    options: [opt.messageType(DHCPACK), opt.serverId('10.77.0.1'), opt.dnsServers(['10.77.0.3']), ...options],
  };
}

t.test('option 66 name with a trailing NUL; 160 by address', async (t) => {
  const names = optionHostNames(ack([opt.tftpServerName('prov.provcert.test\0'), opt.provisioningUrl160('http://127.0.0.1:8080/$PSN.xml')]));
  t.same(names, [{ name: 'prov.provcert.test', sources: ['66'] }]);
});

t.test('addresses only: no name to look up', async (t) => {
  t.same(optionHostNames(ack([opt.tftpServerName('10.77.0.1'), opt.provisioningUrl160('tftp://10.77.0.1/$PSN.xml'), opt.tftpServers150(['10.77.0.1'])])), []);
  t.same(optionHostNames(ack([])), [], 'no provisioning option at all');
});

t.test('one name in 66 and in every 160 alternative is listed once, case-insensitively', async (t) => {
  const names = optionHostNames(ack([opt.tftpServerName('Prov.Provcert.Test'), opt.provisioningUrl160('(  $SN eq "x" )? http://prov.provcert.test/a.xml | https://other.provcert.test./b.xml')]));
  t.same(names, [{ name: 'Prov.Provcert.Test', sources: ['66', '160'] }, { name: 'other.provcert.test', sources: ['160'] }]);
});

t.test('ACS URL hosts of option 43 sub-option 1 and option 125 enterprise 3561 sub-option 11', async (t) => {
  const names = optionHostNames(ack([
    opt.vendorSpecific43([{ code: 1, data: 'http://acs.provcert.test:7547/acs' }]),
    opt.viVendorSpecific125([{ enterprise: 3561, subopts: [{ code: 4, data: '02C0DE' }, { code: 11, data: 'https://acs2.provcert.test/' }] }, { enterprise: 9, subopts: [{ code: 11, data: 'http://not-bbf.test/' }] }]),
  ]));
  t.same(names, [{ name: 'acs.provcert.test', sources: ['43.1'] }, { name: 'acs2.provcert.test', sources: ['125.11'] }]);
});

t.test('IP literals (IPv6 in brackets too), macro hosts and malformed values are not names', async (t) => {
  t.same(optionHostNames(ack([opt.vendorSpecific43([{ code: 1, data: 'http://[::1]:7547/' }]), opt.provisioningUrl160('http://$SERVER/x.xml')])), []);
  t.same(optionHostNames(ack([opt.provisioningUrl160('(( not a rule'), opt.vendorSpecific43([{ code: 1, data: 'not a url' }])])), []);
  t.ok(isAddressLiteral('[2001:db8::1]'));
  t.notOk(isAddressLiteral('prov.provcert.test'));
});

t.test('property: a host name in 66 or 160 is found, an IPv4 address never is', async (t) => {
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
  const name = fc.tuple(label, label, fc.constantFrom('test', 'example')).map((p) => p.join('.'));
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  fc.assert(fc.property(name, ipv4, fc.boolean(), (host, ip, in66) => {
    const options = in66
      ? [opt.tftpServerName(host), opt.provisioningUrl160(`tftp://${ip}/$PSN.xml`)]
      : [opt.tftpServerName(ip), opt.provisioningUrl160(`http://${host}/cfg/$MA.xml`)];
    const got = optionHostNames(ack(options));
    return got.length === 1 && got[0]!.name === host && got[0]!.sources[0] === (in66 ? '66' : '160');
  }), { seed: 6066, numRuns: 200 });
  t.pass('200 runs');
});

t.test('when names can be looked up: lab DNS, or loopback against a target serving DNS', async (t) => {
  const view = (o: Partial<TargetView>): TargetView => ({ name: 'x', kind: 'builtin', serves: ['dhcp'], spec: { name: 'x', kind: 'builtin', serves: ['dhcp'], serverIp: '127.0.0.1', phones: [] }, mode: 'loopback', labDns: false, ...o });
  t.equal(dnsUnavailable(view({ serves: ['dhcp', 'dns'] })), undefined, 'loopback, target serves dns (builtin)');
  t.match(dnsUnavailable(view({})), /serves none/, 'loopback, no DNS service');
  t.equal(dnsUnavailable(view({ mode: 'lab', labDns: true, labDnsServer: '10.77.0.3' })), undefined, 'lab with the lab services');
  t.match(dnsUnavailable(view({ mode: 'lab' })), /no lab DNS/, 'lab without a lab DNS');
});
