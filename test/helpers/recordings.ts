/**
 * Records real exchanges between real servers and real clients in a private lab, for tests that compare
 * our decoders with tshark field by field (issue "Wire I" part 3). Each scenario makes its own lab
 * (server 10.77.n.1, client .2 or DHCP), captures on the client's interface with tcpdump, runs the
 * exchange, and tears everything down, also on failure.
 */
import { mkdirSync, writeFileSync, existsSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { NetnsLab } from '../../lib/lab/netns-lab.js';
import { startCapture, convertCapture } from '../../lib/lab/tcpdump-capture.js';
import { canUseNetns, hasCommand } from '../../lib/lab/sys.js';

export type ScenarioName = 'dhcp-udhcpc' | 'dhcp-dhclient' | 'tftp' | 'http' | 'sip' | 'syslog';

const NEEDS: Record<ScenarioName, string[]> = {
  'dhcp-udhcpc': ['dnsmasq', 'udhcpc', 'tcpdump', 'editcap'],
  'dhcp-dhclient': ['dnsmasq', 'dhclient', 'tcpdump', 'editcap'],
  tftp: ['in.tftpd', 'tftp', 'curl', 'tcpdump', 'editcap'],
  http: ['nginx', 'curl', 'tcpdump', 'editcap'],
  sip: ['sipp', 'tcpdump', 'editcap'],
  syslog: ['logger', 'tcpdump', 'editcap'],
};

/** Why a scenario cannot run here, or false. */
export function scenarioSkip(name: ScenarioName): string | false {
  const can = canUseNetns();
  if (!can.ok) return can.reason;
  const missing = NEEDS[name].filter((c) => !hasCommand(c));
  return missing.length ? `not installed: ${missing.join(', ')}` : false;
}

export interface Recording {
  pcap: string;
  pcapng: string;
  serverIp: string;
  clientIp: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (cond()) return true;
    await sleep(50);
  }
  return cond();
}

export async function record(name: ScenarioName, outDir: string): Promise<Recording> {
  mkdirSync(outDir, { recursive: true });
  const dhcp = name.startsWith('dhcp');
  const lab = NetnsLab.create([{ name: 'srv', hostNumber: 1 }, { name: 'cli', hostNumber: dhcp ? null : 2 }]);
  try {
    const srv = lab.host('srv');
    const cli = lab.host('cli');
    const serverIp = srv.ip as string;
    const pcap = join(outDir, `${name}.pcap`);
    const cap = await startCapture(lab, 'cli', pcap);
    await SCENARIOS[name](lab, serverIp, cli.ip, outDir);
    await cap.stop();
    const pcapng = join(outDir, `${name}.pcapng`);
    convertCapture(pcap, pcapng, 'pcapng');
    return { pcap, pcapng, serverIp, clientIp: cli.ip };
  } finally {
    await lab.destroy();
  }
}

type Scenario = (lab: NetnsLab, serverIp: string, clientIp: string | null, dir: string) => Promise<void>;

function dnsmasqConf(dir: string, serverIp: string): string {
  const net = serverIp.replace(/\.1$/, '');
  const conf = join(dir, 'dnsmasq.conf');
  writeFileSync(conf, [
    'port=0', // no DNS: only DHCP
    `listen-address=${serverIp}`, 'bind-interfaces', 'no-ping', 'dhcp-authoritative', 'log-dhcp', 'user=root',
    `dhcp-range=${net}.100,${net}.150,255.255.255.0,1h`,
    `dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    `dhcp-option=66,"${serverIp}"`,
    `dhcp-option=150,${serverIp}`,
    `dhcp-option=160,"http://${serverIp}/cfg/$MA.xml"`,
    'dhcp-vendorclass=set:tr69,dslforum.org',
    `dhcp-option=tag:tr69,vendor:dslforum.org,1,"http://${serverIp}:7547/acs"`,
    `dhcp-option=tag:tr69,vi-encap:3561,4,"ABCDEF"`,
    '',
  ].join('\n'));
  return conf;
}

const SCENARIOS: Record<ScenarioName, Scenario> = {
  async 'dhcp-udhcpc'(lab, serverIp, _c, dir) {
    const d = lab.spawn('srv', ['dnsmasq', '--keep-in-foreground', `--conf-file=${dnsmasqConf(dir, serverIp)}`, `--pid-file=${join(dir, 'dnsmasq.pid')}`], { logPath: join(dir, 'dnsmasq.log') });
    await sleep(300);
    const iface = lab.host('cli').iface;
    // -s /bin/true: learn the lease without configuring the interface; -q: quit after the lease.
    lab.exec('cli', ['udhcpc', '-i', iface, '-f', '-q', '-n', '-t', '4', '-T', '1', '-s', '/bin/true', '-V', 'dslforum.org',
      '-O', '66', '-O', '150', '-O', '160', '-O', '43', '-O', '125']);
    await lab.stop(d);
  },
  async 'dhcp-dhclient'(lab, serverIp, _c, dir) {
    const d = lab.spawn('srv', ['dnsmasq', '--keep-in-foreground', `--conf-file=${dnsmasqConf(dir, serverIp)}`, `--pid-file=${join(dir, 'dnsmasq.pid')}`], { logPath: join(dir, 'dnsmasq.log') });
    await sleep(300);
    const iface = lab.host('cli').iface;
    const leases = join(dir, 'dhclient.leases');
    const conf = join(dir, 'dhclient.conf');
    writeFileSync(conf, 'send vendor-class-identifier "dslforum.org";\nrequest subnet-mask, routers, tftp-server-name, vendor-encapsulated-options;\n');
    const c = lab.spawn('cli', ['dhclient', '-4', '-d', '-1', '-sf', '/bin/true', '-cf', conf, '-lf', leases, '-pf', join(dir, 'dhclient.pid'), iface], { logPath: join(dir, 'dhclient.log') });
    await waitFor(() => existsSync(leases) && readFileSync(leases, 'utf8').includes('fixed-address'), 15_000);
    await lab.stop(c);
    await lab.stop(d);
  },
  async tftp(lab, serverIp, _c, dir) {
    const root = join(dir, 'tftproot');
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'spa.xml'), '<flat-profile>\n  <Resync_Periodic>3600</Resync_Periodic>\n</flat-profile>\n');
    writeFileSync(join(root, 'exact1024.bin'), Buffer.alloc(1024, 0x41)); // multiple of 512: final empty DATA
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(3000, 0x42));
    const d = lab.spawn('srv', ['in.tftpd', '--foreground', '--address', `${serverIp}:69`, '--secure', '-v', root], { logPath: join(dir, 'tftpd.log') });
    await sleep(300);
    const out = join(dir, 'tftp-out');
    mkdirSync(out, { recursive: true });
    lab.exec('cli', ['tftp', serverIp, '-m', 'octet', '-c', 'get', 'spa.xml', join(out, 'a')]);
    lab.exec('cli', ['tftp', serverIp, '-m', 'octet', '-c', 'get', 'exact1024.bin', join(out, 'b')]);
    // curl sends RFC 2347 options (blksize, tsize): OACK exchange.
    lab.exec('cli', ['curl', '-sS', '--tftp-blksize', '1024', '-o', join(out, 'c'), `tftp://${serverIp}/big.bin`]);
    // Missing file: ERROR 1 (tftp-hpa exits 0 even on error; curl reports it).
    try { lab.exec('cli', ['curl', '-sS', '-o', join(out, 'd'), `tftp://${serverIp}/missing.xml`]); } catch { /* expected */ }
    await lab.stop(d);
  },
  async http(lab, serverIp, _c, dir) {
    const root = join(dir, 'www');
    mkdirSync(join(root, 'cfg'), { recursive: true });
    writeFileSync(join(root, 'cfg', 'spa.xml'), '<flat-profile>\n  <GPP_A>marker</GPP_A>\n</flat-profile>\n');
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, `daemon off; master_process off; user root; pid ${dir}/nginx.pid; error_log ${dir}/nginx-error.log;
events {}
http {
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/t1; proxy_temp_path ${dir}/t2; fastcgi_temp_path ${dir}/t3; uwsgi_temp_path ${dir}/t4; scgi_temp_path ${dir}/t5;
  server {
    listen ${serverIp}:80;
    root ${root};
    location /acs { return 204; }
    location /chunked { chunked_transfer_encoding on; gzip on; gzip_min_length 1; gzip_types *; default_type text/xml; alias ${root}/cfg/spa.xml; }
  }
}
`);
    const n = lab.spawn('srv', ['nginx', '-c', conf, '-p', dir, '-e', `${dir}/nginx-error.log`], { logPath: join(dir, 'nginx.log') });
    await sleep(400);
    const base = `http://${serverIp}`;
    lab.exec('cli', ['curl', '-sS', '-o', '/dev/null', '-A', 'Cisco-CP-8841-3PCC/11.0 (00562b043615)', `${base}/cfg/spa.xml`]);
    lab.exec('cli', ['curl', '-sS', '-o', '/dev/null', `${base}/cfg/missing.xml`]);
    lab.exec('cli', ['curl', '-sS', '-o', '/dev/null', '-X', 'POST', '-H', 'Content-Type: text/xml', '-H', 'SOAPAction:', '--data-binary', `@${writeInform(dir)}`, `${base}/acs`]);
    lab.exec('cli', ['curl', '-sS', '-o', '/dev/null', '--http1.1', '-H', 'Accept-Encoding: gzip', `${base}/chunked`]);
    await lab.stop(n);
  },
  async sip(lab, serverIp, clientIp, dir) {
    const notifyUas = join(dir, 'uas-notify.xml');
    writeFileSync(notifyUas, `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="uas answering NOTIFY">
  <recv request="NOTIFY" crlf="true"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
</scenario>
`);
    const notifyUac = join(dir, 'uac-notify.xml');
    writeFileSync(notifyUac, `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="resync NOTIFY">
  <send><![CDATA[
NOTIFY sip:phone@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:provcert@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:phone@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 NOTIFY
Max-Forwards: 70
Event: resync;profile="http://${serverIp}/cfg/spa.xml"
Subscription-State: terminated;reason=timeout
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
`);
    const common = ['-nostdin', '-m', '1', '-timeout', '10s', '-trace_err', '-error_file', join(dir, 'sipp-errors.log')];
    // INVITE/ACK/BYE: the built-in uac/uas scenarios. The phone side (cli) is the UAS.
    let uas = lab.spawn('cli', ['sipp', '-sn', 'uas', '-i', clientIp as string, '-p', '5060', ...common], { logPath: join(dir, 'sipp-uas.log') });
    await sleep(300);
    lab.exec('srv', ['sipp', '-sn', 'uac', `${clientIp}:5060`, '-i', serverIp, '-p', '5070', ...common]);
    await uas.exited;
    uas = lab.spawn('cli', ['sipp', '-sf', notifyUas, '-i', clientIp as string, '-p', '5060', ...common], { logPath: join(dir, 'sipp-uas2.log') });
    await sleep(300);
    lab.exec('srv', ['sipp', '-sf', notifyUac, `${clientIp}:5060`, '-i', serverIp, '-p', '5070', ...common]);
    await uas.exited;
  },
  async syslog(lab, serverIp) {
    // No receiver is needed: the datagrams are on the wire either way.
    lab.exec('cli', ['logger', '--udp', '-n', serverIp, '-P', '514', '--rfc3164', '-t', 'provcert', 'resync: profile applied']);
    lab.exec('cli', ['logger', '--udp', '-n', serverIp, '-P', '514', '--rfc5424', '-t', 'provcert', '--sd-id', 'pc@32473', '--sd-param', 'step="resync"', 'upgrade: attempt 1']);
  },
};

function writeInform(dir: string): string {
  const p = join(dir, 'inform.xml');
  writeFileSync(p, `<?xml version="1.0" encoding="UTF-8"?>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">provcert-1</cwmp:ID></soap-env:Header>
<soap-env:Body><cwmp:Inform>
<DeviceId><Manufacturer>Cisco</Manufacturer><OUI>00562B</OUI><ProductClass>CP-8841-3PCC</ProductClass><SerialNumber>FCH1234ABCD</SerialNumber></DeviceId>
<Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>0 BOOTSTRAP</EventCode><CommandKey></CommandKey></EventStruct></Event>
<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-11-25T12:00:00Z</CurrentTime><RetryCount>0</RetryCount>
<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[1]"><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">sip88xx.11-3-1MPP</Value></ParameterValueStruct></ParameterList>
</cwmp:Inform></soap-env:Body></soap-env:Envelope>
`);
  return p;
}
