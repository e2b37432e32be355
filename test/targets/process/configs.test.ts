/**
 * Config rendering is a pure function of (spec, options, paths): golden texts for one fixed input,
 * the daemons' own syntax checks where they have one (no root needed), and properties over rules.
 */
import t from 'tap';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasCommand } from '../../../lib/lab/sys.js';
import { LAB_SERVER_NAME, provisioningOptions, option125Bytes, option43Bytes, type ConfigInput } from '../../../lib/targets/process/provisioning-options.js';
import { renderDnsmasqConfig } from '../../../lib/targets/process/dnsmasq-config.js';
import { renderKeaConfig } from '../../../lib/targets/process/kea-config.js';
import { renderIscDhcpConfig } from '../../../lib/targets/process/isc-dhcp-config.js';
import { renderNginxConfig } from '../../../lib/targets/process/nginx-config.js';
import { atftpdArgv, tftpdHpaArgv } from '../../../lib/targets/process/tftp-argv.js';
import { dnsmasqServes, partnersOf } from '../../../lib/targets/process/server-host.js';
import { createCa, issueServerCertificate } from '../../../lib/targets/process/lab-pki.js';
import type { TargetSpec } from '../../../lib/targets/types.js';

const golden = (name: string) => readFileSync(fileURLToPath(new URL(`golden/${name}`, import.meta.url)), 'utf8');
const spec = (extra: Partial<TargetSpec> = {}): TargetSpec => ({ name: 'dnsmasq', kind: 'process', serves: ['dhcp', 'tftp'], serverIp: '10.77.5.1', phones: [], ...extra });
/** As in a lab run: the lab services' DNS (host .3, lib/lab/services) in option 6, so option 66 carries the lab server name. */
const LAB_DNS = '10.77.5.3';
const input = (s = spec()): ConfigInput => ({ spec: s, options: provisioningOptions(s, s.serverIp, LAB_DNS), iface: 'pcabcdefh0', outDir: '/out/x', contentDir: '/content' });

t.test('provisioning options: pool, option bytes (43 sub-option 1, 125 enterprise 3561)', async (t) => {
  const o = provisioningOptions(spec());
  t.same([o.network, o.rangeStart, o.rangeEnd, o.dnsServer, o.provisioningUrl], ['10.77.5.0', '10.77.5.64', '10.77.5.253', '10.77.5.1', 'tftp://10.77.5.1/$PSN.xml']);
  t.equal(provisioningOptions(spec({ serves: ['dhcp', 'http'] })).provisioningUrl, 'http://10.77.5.1/$PSN.xml');
  t.equal(provisioningOptions(spec({ profileRule: 'https://x/$MA.xml' })).provisioningUrl, 'https://x/$MA.xml');
  const b43 = option43Bytes(o);
  t.same([b43[0], b43[1]], [1, 'http://10.77.5.1:7547/'.length]);
  const b125 = Buffer.from(option125Bytes(o));
  t.equal(b125.readUInt32BE(0), 3561);
  t.equal(b125[4], b125.length - 5);
  t.throws(() => provisioningOptions(spec({ serverIp: '10.77.5.300' })), { code: 'PC_ERR_CONFIG' });
  t.throws(() => provisioningOptions(spec({ acs: { url: 'http://a/' + 'x'.repeat(300) } })) && option43Bytes(provisioningOptions(spec({ acs: { url: 'http://a/' + 'x'.repeat(300) } }))), { code: 'PC_ERR_CONFIG' });
});

t.test('golden configs for a fixed input', async (t) => {
  const files = { serverCert: '/out/x/server.pem', serverKey: '/out/x/server.key', clientCa: '/out/x/client-ca.pem' };
  const rendered: Record<string, string> = {
    'dnsmasq.conf': renderDnsmasqConfig(input(), { dhcp: true, tftp: true }),
    'kea-dhcp4.conf': renderKeaConfig(input(spec({ name: 'kea', serves: ['dhcp'] }))),
    'dhcpd.conf': renderIscDhcpConfig(input(spec({ name: 'isc-dhcp', serves: ['dhcp'] }))),
    'nginx.conf': renderNginxConfig(input(spec({ name: 'nginx', serves: ['http', 'https'] })), files, 'prov.provcert.test'),
    'tftp.argv': `${tftpdHpaArgv(input()).join(' ')}\n${atftpdArgv(input()).join(' ')}\n`,
  };
  if (process.env['PROVCERT_UPDATE_GOLDEN'] === '1') {
    for (const [n, text] of Object.entries(rendered)) writeFileSync(fileURLToPath(new URL(`golden/${n}`, import.meta.url)), text);
  }
  for (const [n, text] of Object.entries(rendered)) t.equal(text, golden(n), n);
});

t.test('dnsmasq and TFTP partners in a+b combinations', async (t) => {
  t.same(partnersOf(spec({ name: 'container:dnsmasq+tftpd-hpa' }), 'dnsmasq'), ['tftpd-hpa']);
  t.same(dnsmasqServes(spec({ name: 'dnsmasq+tftpd-hpa' })), { dhcp: true, tftp: false });
  t.same(dnsmasqServes(spec({ name: 'dnsmasq+nginx', serves: ['dhcp', 'tftp', 'http'] })), { dhcp: true, tftp: true });
  t.same(dnsmasqServes(spec({ name: 'dnsmasq', serves: ['tftp'] })), { dhcp: false, tftp: true });
});

t.test('rules without quotes or control characters render in every DHCP config; others are refused', async (t) => {
  const rule = fc.stringMatching(/^[A-Za-z0-9$:/._?=&()|-]{1,80}$/);
  fc.assert(fc.property(rule, (r) => {
    const i = input(spec({ profileRule: r }));
    const kea = JSON.parse(renderKeaConfig(i)) as { Dhcp4: { subnet4: Array<{ 'option-data': Array<{ code?: number; data: string }> }> } };
    const opt160 = kea.Dhcp4.subnet4[0]?.['option-data'].find((d) => d.code === 160)?.data;
    return renderDnsmasqConfig(i, { dhcp: true, tftp: false }).includes(`dhcp-option=160,"${r}"`)
      && renderIscDhcpConfig(i).includes(`option cisco-provisioning-url "${r}";`)
      && opt160 === Buffer.from(r).toString('hex');
  }), { seed: 4242, numRuns: 200 });
  for (const bad of ['a"b', 'a\\b', 'a\nb']) {
    t.throws(() => renderDnsmasqConfig(input(spec({ profileRule: bad })), { dhcp: true, tftp: false }), { code: 'PC_ERR_CONFIG' });
    t.throws(() => renderIscDhcpConfig(input(spec({ profileRule: bad }))), { code: 'PC_ERR_CONFIG' });
  }
});

const tmp = mkdtempSync(join(tmpdir(), 'pc-cfg-'));

t.test('dnsmasq --test accepts the config', { skip: hasCommand('dnsmasq') ? false : 'dnsmasq not installed' }, async (t) => {
  const p = join(tmp, 'dnsmasq.conf');
  writeFileSync(p, renderDnsmasqConfig({ ...input(), outDir: tmp, contentDir: tmp }, { dhcp: true, tftp: true }));
  const r = spawnSync('dnsmasq', ['--test', `--conf-file=${p}`], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
});

t.test('kea-dhcp4 -t accepts the config', { skip: hasCommand('kea-dhcp4') ? false : 'kea-dhcp4 not installed' }, async (t) => {
  const p = join(tmp, 'kea.conf');
  writeFileSync(p, renderKeaConfig({ ...input(spec({ serverIp: '127.0.0.1' })), iface: 'lo', outDir: tmp })); // -t checks the interface has the address
  const r = spawnSync('kea-dhcp4', ['-t', p], { encoding: 'utf8', env: { ...process.env, KEA_PIDFILE_DIR: tmp, KEA_LOCKFILE_DIR: tmp } });
  t.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

t.test('dhcpd -t accepts the config', { skip: hasCommand('dhcpd') ? false : 'dhcpd not installed' }, async (t) => {
  const p = join(tmp, 'dhcpd.conf');
  writeFileSync(p, renderIscDhcpConfig(input()));
  const r = spawnSync('dhcpd', ['-4', '-t', '-cf', p], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
});

t.test('nginx -t accepts the config with real certificates', { skip: hasCommand('nginx') ? false : 'nginx not installed' }, async (t) => {
  const ca = createCa('test CA');
  const leaf = issueServerCertificate(ca, { ip: '10.77.5.1', name: 'prov.provcert.test' });
  const files = { serverCert: join(tmp, 's.pem'), serverKey: join(tmp, 's.key'), clientCa: join(tmp, 'ca.pem') };
  writeFileSync(files.serverCert, leaf.cert);
  writeFileSync(files.serverKey, leaf.key);
  writeFileSync(files.clientCa, ca.cert);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(tmp, 'tmp', d), { recursive: true });
  const p = join(tmp, 'nginx.conf');
  writeFileSync(p, renderNginxConfig({ ...input(), outDir: tmp, contentDir: tmp }, files, 'prov.provcert.test'));
  const r = spawnSync('nginx', ['-t', '-p', tmp, '-c', p, '-e', join(tmp, 'err.log')], { encoding: 'utf8' });
  // -t also binds the listen addresses, which exist only in the lab: the syntax verdict is what counts here.
  t.match(r.stderr, /syntax is ok/, r.stderr);
  t.notMatch(r.stderr, /\[emerg\] (?!bind)/, 'no error other than binding the lab address');
  t.ok(existsSync(p));
});

t.test('option 6: the lab DNS server when one is given (lib/lab/services), else the server address', async (t) => {
  const s = spec();
  const withDns: ConfigInput = { ...input(s), options: provisioningOptions(s, '10.77.5.1', '10.77.5.3') };
  t.equal(withDns.options.dnsServer, '10.77.5.3');
  t.match(renderDnsmasqConfig(withDns, { dhcp: true, tftp: false }), /^dhcp-option=option:dns-server,10\.77\.5\.3$/m);
  t.match(renderIscDhcpConfig(withDns), /option domain-name-servers 10\.77\.5\.3;/);
  t.match(renderKeaConfig(withDns), /"name": "domain-name-servers",\s*"data": "10\.77\.5\.3"/);
  t.equal(provisioningOptions(s).dnsServer, '10.77.5.1', 'default: the server itself');
  t.equal(provisioningOptions(s).tftpServerName, '10.77.5.1', 'no lab DNS: option 66 is the address (nothing could resolve a name)');
  t.equal(withDns.options.tftpServerName, LAB_SERVER_NAME, 'lab DNS: option 66 is the lab server name (RFC 2132 section 9.4)');
  t.match(renderDnsmasqConfig(withDns, { dhcp: true, tftp: false }), /^dhcp-option=66,"prov\.provcert\.test"$/m);
  t.match(renderIscDhcpConfig(withDns), /option tftp-server-name "prov\.provcert\.test";/);
  t.match(renderKeaConfig(withDns), /"name": "tftp-server-name",\s*"data": "prov\.provcert\.test"/);
  t.match(renderDnsmasqConfig({ ...input(s), options: provisioningOptions(s) }, { dhcp: true, tftp: false }), /^dhcp-option=66,"10\.77\.5\.1"$/m);
  t.throws(() => provisioningOptions(s, '10.77.5.1', 'lab-dns'), { code: 'PC_ERR_CONFIG' });
});
