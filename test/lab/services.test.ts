import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab } from '../../lib/lab/netns-lab.js';
import { canUseNetns, ip } from '../../lib/lab/sys.js';
import { startLabServices, SERVICES_HOST } from '../../lib/lab/services/index.js';
import { activationCode } from '../../lib/targets/builtin/onboarding.js';
import { dnsCodec, DNS_RCODES, type DnsMessage } from '../../lib/codec/dns/index.js';
import { LabPki } from '../../lib/emulator/pki/index.js';

const can = canUseNetns();
const skip = can.ok ? false : can.reason;

/** Sends DNS queries from inside a lab host (a node child in its namespace); returns the decoded answers. */
function queryFrom(lab: NetnsLab, host: string, server: string, names: string[], rd = true): DnsMessage[] {
  const queries = names.map((name, i) => Buffer.from(dnsCodec.encode({ id: 0x100 + i, qr: false, opcode: 0, aa: false, tc: false, rd, ra: false, z: 0, rcode: 0, questions: [{ name, type: 1, class: 1 }], answers: [], authorities: [], additionals: [] })).toString('hex'));
  const script = `
    const s = require('node:dgram').createSocket('udp4');
    const qs = ${JSON.stringify(queries)}; const got = {};
    const timer = setTimeout(() => { console.log(JSON.stringify(got)); process.exit(0); }, 3000);
    s.on('message', (b) => { got[b.readUInt16BE(0)] = b.toString('hex'); if (Object.keys(got).length === qs.length) { clearTimeout(timer); console.log(JSON.stringify(got)); process.exit(0); } });
    s.bind(0, () => qs.forEach((q) => s.send(Buffer.from(q, 'hex'), 53, ${JSON.stringify(server)})));`;
  const got = JSON.parse(lab.exec(host, [process.execPath, '-e', script])) as Record<string, string>;
  return names.map((name, i) => {
    const hex = got[String(0x100 + i)];
    if (hex === undefined) throw new Error(`no DNS answer for ${name} from ${server}`);
    return dnsCodec.decode(Uint8Array.from(Buffer.from(hex, 'hex'))).value;
  });
}

/** One HTTPS request from inside a lab host, verifying the server against `ca` for `servername`. */
function httpsFrom(lab: NetnsLab, host: string, addr: string, servername: string, ca: string, req: { method: string; path: string; body?: string }): { status?: number; body?: string; error?: string; issuer?: string } {
  const script = `
    const r = require('node:https').request({ host: ${JSON.stringify(addr)}, port: 443, servername: ${JSON.stringify(servername)}, method: ${JSON.stringify(req.method)}, path: ${JSON.stringify(req.path)}, ca: ${JSON.stringify(ca)}, rejectUnauthorized: true, timeout: 5000 }, (res) => {
      const issuer = res.socket.getPeerCertificate().issuer.CN; let body = ''; res.on('data', (d) => { body += d; });
      res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, body, issuer })));
    });
    r.on('error', (e) => console.log(JSON.stringify({ error: e.code || e.message })));
    r.end(${JSON.stringify(req.body ?? '')});`;
  return JSON.parse(lab.exec(host, [process.execPath, '-e', script])) as { status?: number; body?: string; error?: string; issuer?: string };
}

t.test('lab services: DNS answers the lab names only, EDOS stub over HTTPS, update, teardown', { skip }, async (t) => {
  const runDir = mkdtempSync(join(tmpdir(), 'pc-run-'));
  const outDir = mkdtempSync(join(tmpdir(), 'pc-svc-'));
  const pkiDir = mkdtempSync(join(tmpdir(), 'pc-pki-'));
  const lab = NetnsLab.create([{ name: SERVICES_HOST.name, hostNumber: SERVICES_HOST.hostNumber }, { name: 'cli', hostNumber: 2 }], { runDir });
  t.teardown(() => lab.destroySync());
  const svcIp = lab.host('svc').ip as string;
  const serverIp = svcIp.replace(/\.3$/, '.1');
  const url = `http://${serverIp}/$PSN.xml`;
  const onboarding = { initUrl: `https://${serverIp}/init/$CUSTID`, customerIds: { '0a0b0c0d0e0f': 'cust7' }, expectedPermanentRule: `https://${serverIp}/$MA.xml` };
  const services = await startLabServices(lab, { outDir, serverIp, provisioningUrl: url, onboarding, pkiDir });
  t.teardown(() => services.stop());
  t.equal(services.dnsIp, svcIp, 'DNS is the services host address');

  await t.test('DNS: lab names, NXDOMAIN otherwise, never recursion', async (t) => {
    const [prov, act, web, webex, other, upper] = queryFrom(lab, 'cli', svcIp, ['prov.provcert.test', 'activate.cisco.com', 'webapps.cisco.com', 'activation.webex.com', 'www.example.com', 'PROV.provcert.TEST']);
    const a = (m: DnsMessage | undefined) => m?.answers.flatMap((r) => (r.data.kind === 'A' ? [r.data.address] : []));
    t.same(a(prov), [serverIp], 'prov.provcert.test -> the target address');
    t.same(a(upper), [serverIp], 'names are case-insensitive (RFC 4343)');
    for (const m of [act, web, webex]) t.same(a(m), [svcIp], `${m?.questions[0]?.name} -> the EDOS stub`);
    t.equal(other?.rcode, DNS_RCODES.NXDOMAIN, 'any other name: NXDOMAIN');
    t.same(other?.answers, []);
    for (const m of [prov, act, other]) {
      t.equal(m?.ra, false, 'RA = 0: no recursion offered');
      t.equal(m?.aa, true, 'authoritative answer');
      t.equal(m?.rd, true, 'RD echoed (RFC 1035 section 4.1.1)');
    }
  });

  await t.test('EDOS stub: chain to the lab server CA for the EDOS names, profile naming the target URL', async (t) => {
    const ca = new LabPki({ dir: pkiDir }).serverCa().cert;
    const dev = httpsFrom(lab, 'cli', svcIp, 'activate.cisco.com', ca, { method: 'GET', path: '/' });
    t.equal(dev.status, 200, `device activation GET: ${dev.error ?? ''}`);
    t.equal(dev.issuer, 'provcert lab server CA');
    t.match(dev.body, /<Profile_Rule[^>]*>http:\/\/10\.77\.\d+\.1\/\$PSN\.xml<\/Profile_Rule>/, 'Profile_Rule = the target provisioning URL');
    t.ok(dev.body?.includes(url));
    const old = httpsFrom(lab, 'cli', svcIp, 'webapps.cisco.com', ca, { method: 'GET', path: '/' });
    t.equal(old.status, 200, 'the pre-11.2(1) host verifies too');
    const code = activationCode('cust7');
    const byPath = httpsFrom(lab, 'cli', svcIp, 'activation.webex.com', ca, { method: 'GET', path: `/activation/code/${code}` });
    t.equal(byPath.status, 200);
    t.ok(byPath.body?.includes(`https://${serverIp}/init/cust7`), 'activation code -> the customer init URL');
    const byPost = httpsFrom(lab, 'cli', svcIp, 'activation.webex.com', ca, { method: 'POST', path: '/', body: code });
    t.equal(byPost.status, 200, 'POST / with the code, as the phone model sends it');
    t.ok(byPost.body?.includes('/init/cust7'));
    t.equal(httpsFrom(lab, 'cli', svcIp, 'activation.webex.com', ca, { method: 'GET', path: '/activation/code/1234' }).status, 400, 'not 16 digits: 400 (EDOS-007)');
    t.equal(httpsFrom(lab, 'cli', svcIp, 'activation.webex.com', ca, { method: 'GET', path: `/activation/code/${'9'.repeat(16)}` }).status, 404);
    const wrongName = httpsFrom(lab, 'cli', svcIp, 'prov.provcert.test', ca, { method: 'GET', path: '/' });
    t.ok(wrongName.error, `a name the certificate does not carry fails verification (${wrongName.error})`);
    const rogue = httpsFrom(lab, 'cli', svcIp, 'activate.cisco.com', new LabPki({ dir: pkiDir }).manufacturerCa().cert, { method: 'GET', path: '/' });
    t.ok(rogue.error, 'another CA does not verify it');
  });

  await t.test('update: the target moved to another /24 of the segment (container target)', async (t) => {
    const other = '10.77.233.1';
    await services.update(other, `tftp://${other}/$PSN.xml`);
    t.same(services.listen, [svcIp, '10.77.233.3'], 'the services host joined that /24 with its host number');
    lab.exec('cli', ['ip', 'addr', 'add', '10.77.233.2/24', 'dev', lab.host('cli').iface]);
    const [fromLab] = queryFrom(lab, 'cli', svcIp, ['prov.provcert.test']);
    const [fromTwin] = queryFrom(lab, 'cli', '10.77.233.3', ['activate.cisco.com']);
    t.same(fromLab?.answers.map((r) => r.data.kind === 'A' && r.data.address), [other], 'the server name follows the target');
    t.same(fromTwin?.answers.map((r) => r.data.kind === 'A' && r.data.address), ['10.77.233.3'], 'EDOS names answer with the address that was asked');
    const ca = new LabPki({ dir: pkiDir }).serverCa().cert;
    const dev = httpsFrom(lab, 'cli', '10.77.233.3', 'activate.cisco.com', ca, { method: 'GET', path: '/' });
    t.ok(dev.body?.includes(`tftp://${other}/$PSN.xml`), 'the activation profile follows the target');
  });

  await t.test('every request is logged; stop and teardown leave nothing', async (t) => {
    const log = readFileSync(services.logPath, 'utf8');
    t.match(log, /dns .*prov\.provcert\.test/);
    t.match(log, /edos .*GET \/ HTTP\/1\.1 -> 200 \(device activation/);
    t.match(log, /edos .*POST \/ .*-> 200 \(activation ->/);
    await services.stop();
    t.equal(lab.exec('svc', ['sh', '-c', 'ss -Hlnu; ss -Hlnt']).trim(), '', 'no listener left in the services namespace');
    const id = lab.id;
    await lab.destroy();
    t.notMatch(ip(['netns', 'list'], true), new RegExp(id), 'namespaces removed');
  });
});
