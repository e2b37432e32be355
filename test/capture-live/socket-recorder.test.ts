import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SocketRecorder, SOCKET_LEVEL_USERAPPL } from '../../lib/capture-live/socket-recorder.js';
import { PacketTap } from '../../lib/emulator/net/packet-events.js';
import { DhcpUdpTransport } from '../../lib/emulator/net/dhcp-udp-transport.js';
import { DhcpPort } from '../../lib/emulator/clients/dhcp-port.js';
import { dora, seededRandom } from '../../lib/emulator/clients/dhcp-dora.js';
import { tftpGet } from '../../lib/emulator/clients/tftp-client.js';
import { phoneHttpRequest } from '../../lib/emulator/clients/http-client.js';
import { buildOptions } from '../../lib/codec/tftp/index.js';
import { LabPki } from '../../lib/emulator/pki/index.js';
import { hasCommand } from '../../lib/lab/sys.js';
import { startResponder } from '../emulator/clients/fixtures/loopback-dhcp-responder.js';
import { startMiniTftp } from '../emulator/clients/fixtures/tftp-servers.js';
import { startNginx } from '../emulator/clients/fixtures/nginx.js';

const missing = !hasCommand('tshark') ? 'tshark not installed' : !hasCommand('nginx') ? 'nginx not installed' : false;
const MAC = '000e08abcdef';

function tshark(args: string[]): { out: string; err: string } {
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { out, err: '' };
}

t.test('socket-level pcapng of DHCP, TFTP, HTTP and HTTPS is dissected by tshark without warnings', { skip: missing }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-rec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tap = new PacketTap();
  const path = join(dir, 'sockets.pcapng');
  const rec = new SocketRecorder(path, { note: 'test recorder' }).attach(tap);

  const dhcpSrv = await startResponder();
  t.teardown(() => dhcpSrv.close());
  const port = new DhcpPort(await DhcpUdpTransport.open({ serverPort: dhcpSrv.port }), tap);
  const lease = await dora(port, MAC, { baseMs: 200, random: seededRandom(3) });
  await port.close();
  t.ok(lease, 'leased');
  const ip = lease!.yiaddr;

  const tftpData = randomBytes(1500);
  const tftpSrv = await startMiniTftp(tftpData);
  t.teardown(() => tftpSrv.close());
  const tr = await tftpGet({ server: { address: '127.0.0.1', port: tftpSrv.port }, filename: 'SEP000e08abcdef.cnf.xml', localAddress: ip, options: buildOptions({ blksize: 1024 }), tap, phone: MAC });
  t.same(tr.outcome, { ok: true });

  const pki = new LabPki({ dir: join(dir, 'pki') });
  const srv = pki.serverCertificate({ ip: ['127.0.0.1'] });
  const creds = pki.phoneCredentials({ mac: MAC, serial: 'FCH1234', model: 'CP-8841-3PCC', swver: 'x' });
  const ngx = await startNginx({ serverCert: srv.cert, serverKey: srv.key, clientCa: pki.manufacturerCa().cert, files: { 'a.xml': '<flat-profile/>' } });
  t.teardown(() => ngx.stop());
  const h = await phoneHttpRequest({ url: `http://127.0.0.1:${ngx.http}/a.xml`, userAgent: 'Cisco-CP-8841-3PCC/11.3.1 (000e08abcdef)', localAddress: ip, tap, phone: MAC });
  t.equal(h.ok && h.response.status, 200);
  const hs = await phoneHttpRequest({ url: `https://127.0.0.1:${ngx.https}/a.xml`, userAgent: 'x', localAddress: ip, tls: { ca: pki.serverCa().cert, cert: creds.cert, key: creds.key }, tap, phone: MAC });
  t.equal(hs.ok && hs.response.status, 200, hs.ok ? "" : `${hs.reason} ${hs.message}`);
  await new Promise((r) => setTimeout(r, 50)); // close events of the connections
  await rec.close();

  const decodeAs = ['-d', `udp.port==${dhcpSrv.port},dhcp`, '-d', `udp.port==${tftpSrv.port},tftp`, '-d', `tcp.port==${ngx.http},http`, '-d', `tcp.port==${ngx.https},tls`];
  const types = tshark(['-r', path, ...decodeAs, '-Y', 'dhcp', '-T', 'fields', '-e', 'dhcp.option.dhcp']).out.trim().split('\n');
  t.same(types, ['1', '2', '3', '5'], 'DISCOVER OFFER REQUEST ACK');
  const tftpOps = tshark(['-r', path, ...decodeAs, '-Y', 'tftp', '-T', 'fields', '-e', 'tftp.opcode']).out.trim().split('\n');
  t.same(tftpOps.slice(0, 3), ['1', '6', '4'], 'RRQ OACK ACK');
  t.ok(tftpOps.filter((x) => x === '3').length === 2, 'two DATA blocks');
  const http = tshark(['-r', path, ...decodeAs, '-Y', 'http', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.response.code', '-e', 'http.user_agent']).out.trim().split('\n');
  t.same(http.map((l) => l.split('\t').slice(0, 2).join(' ').trim()), ['GET', '200']);
  t.match(http[0], /Cisco-CP-8841-3PCC/);
  const tls = tshark(['-r', path, ...decodeAs, '-Y', 'tls.handshake.type == 11', '-T', 'fields', '-e', 'tls.handshake.type']).out.trim();
  t.ok(tls.length > 0, 'TLS certificate messages dissected');
  const warnings = tshark(['-r', path, ...decodeAs, '-Y', '_ws.expert.severity >= warning || _ws.malformed', '-T', 'fields', '-e', 'frame.number', '-e', '_ws.expert.message']).out.trim();
  t.equal(warnings, '', 'no expert warnings or malformed packets');
  const comments = tshark(['-r', path, '-T', 'fields', '-e', 'frame.comment']).out.trim().split('\n');
  t.ok(comments.every((c) => /phone=(000e08abcdef|-) dir=(phone->server|server->phone) proto=\w+/.test(c)), 'every packet names phone and direction');
  t.ok(comments.filter((c) => c.includes('phone=000e08abcdef')).length >= comments.length - 1, 'phone known on (almost) all packets');
  const info = execFileSync('capinfos', [path], { encoding: 'utf8' });
  t.match(info, new RegExp(SOCKET_LEVEL_USERAPPL), 'shb_userappl marks the file as socket-level');
  t.match(info, /socket-level recording/, 'SHB comment says socket-level');
  t.equal(comments.length, rec.frames, 'frame count matches');
});
