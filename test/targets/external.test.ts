/**
 * External targets on loopback: a server that is already running (tiny-server.mjs started here as a
 * command target stands in for it), reached by urls; reachability is checked at start, nothing is
 * stopped, actions go to actions.url.
 */
import t from 'tap';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommandTarget } from '../../lib/targets/command.js';
import { endpointOf, probeUrl, startExternalTarget } from '../../lib/targets/external.js';
import { allocateLoopbackPorts, loadTargetFile } from '../../lib/targets/spec/index.js';
import type { TargetEnv } from '../../lib/targets/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/targets/', import.meta.url));

function workdir(t: { teardown(fn: () => void): void }): { dir: string; env: TargetEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-ext-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', 'x.xml'), '<flat-profile/>');
  return { dir, env: { outDir: join(dir, 'out'), content: { dir: join(dir, 'content'), files: new Map() }, seed: 1, phones: [] } };
}

t.test('endpoints: default ports and transports per service', async (t) => {
  t.same(endpointOf('http', 'http://10.0.0.1/cfg'), { host: '10.0.0.1', port: 80, transport: 'tcp' });
  t.same(endpointOf('https', 'https://srv.example:8443/'), { host: 'srv.example', port: 8443, transport: 'tcp' });
  t.same(endpointOf('tftp', 'tftp://10.0.0.1'), { host: '10.0.0.1', port: 69, transport: 'udp' });
  t.same(endpointOf('sip', 'sip:10.0.0.1'), { host: '10.0.0.1', port: 5060, transport: 'udp' });
  t.same(endpointOf('sip', 'sip:pbx@10.0.0.1:5070;transport=tcp'), { host: '10.0.0.1', port: 5070, transport: 'tcp' });
  t.same(endpointOf('sip', 'sips:10.0.0.1'), { host: '10.0.0.1', port: 5061, transport: 'tcp' });
  t.same(endpointOf('syslog', 'syslog://[::1]:1514'), { host: '::1', port: 1514, transport: 'udp' });
  t.same(endpointOf('dns', 'dns://127.0.0.1:5353'), { host: '127.0.0.1', port: 5353, transport: 'udp' });
});

t.test('an external target that runs: reachable, nothing started or stopped, actions by URL', async (t) => {
  const { dir, env } = workdir(t);
  // The "already running" server.
  const ports = await allocateLoopbackPorts();
  writeFileSync(join(dir, 'server.yaml'), `command: [node, ${JSON.stringify(join(FIXTURES, 'tiny-server.mjs'))}]\nserves: [http, tftp]\n`);
  const server = await startCommandTarget(loadTargetFile(join(dir, 'server.yaml'), { serverIp: '127.0.0.1', ports }).spec, env);
  t.teardown(() => server.stop());

  const file = join(dir, 'ext.yaml');
  writeFileSync(file, 'urls:\n  http: "http://${SERVER_IP}:${PORT_HTTP}/"\n  tftp: "tftp://${SERVER_IP}:${PORT_TFTP}"\n  syslog: "syslog://${SERVER_IP}:${PORT_SYSLOG}"\nserves: [http, tftp]\nactions: { url: "http://${SERVER_IP}:${PORT_HTTP}/act" }\n');
  const { spec } = loadTargetFile(file, { serverIp: '127.0.0.1', ports });
  t.equal(spec.kind, 'external');
  const target = await startExternalTarget(spec, env);
  t.equal(target.serverIp, '127.0.0.1');
  t.same(target.ports, { http: ports.http, tftp: ports.tftp }, 'ports of the served URLs');
  t.same(target.logs, []);
  await target.act?.({ type: 'notify-resync', phoneMac: '00562b043615', phoneSip: 'sip:1000@127.0.0.9:5060' });
  const rec = JSON.parse(readFileSync(join(env.outDir, 'state', 'actions.jsonl'), 'utf8')) as Record<string, unknown>;
  t.same(rec, { action: 'notify-resync', phone: { mac: '00562b043615', sip: 'sip:1000@127.0.0.9:5060', ip: '127.0.0.9' }, profileUrl: null });
  await target.stop();
  t.equal((await fetch(`http://127.0.0.1:${ports.http}/env`)).status, 200, 'stop() leaves an external server running');
  const bad = { ...spec, actions: { url: `http://127.0.0.1:${ports.http}/nope-404` } };
  const badTarget = await startExternalTarget(bad, env);
  await t.rejects(badTarget.act!({ type: 'notify-resync', phoneMac: '00562b043615', phoneSip: 'sip:x@1.2.3.4' }), { code: 'PC_ERR_TARGET', message: /POST http:\/\/127\.0\.0\.1:\d+\/nope-404: 404/ });
});

t.test('unreachable URLs fail at start with the reason per URL', async (t) => {
  const { env } = workdir(t);
  const closed = await allocateLoopbackPorts('127.0.0.1', ['http', 'tftp', 'syslog']);
  const spec = {
    name: 'gone', kind: 'external' as const, serves: ['http' as const, 'syslog' as const], serverIp: '127.0.0.1', phones: [],
    urls: { http: `http://127.0.0.1:${closed.http}/`, syslog: `syslog://127.0.0.1:${closed.syslog}` },
  };
  await t.rejects(startExternalTarget(spec, env), {
    code: 'PC_ERR_TARGET',
    message: new RegExp(`external target 'gone' is not reachable: http http://127.0.0.1:${closed.http}/ \\(connect: ECONNREFUSED\\); syslog syslog://127.0.0.1:${closed.syslog} \\(ECONNREFUSED`),
  });
  t.match(await probeUrl('tftp', `tftp://127.0.0.1:${closed.tftp}`), /no TFTP answer in 3000 ms/);
  await t.rejects(startExternalTarget({ ...spec, urls: {} }, env), { code: 'PC_ERR_CONFIG' });
});

t.test('a UDP listener without a protocol answer counts as reachable; a DNS server is probed with a query', async (t) => {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => sock.close());
  const port = sock.address().port;
  t.equal(await probeUrl('syslog', `syslog://127.0.0.1:${port}`), undefined);
  // A DNS "server" that answers every query with REFUSED (RFC 1035 §4.1.1 RCODE 5): an answer is enough.
  const dns = createSocket('udp4');
  dns.on('message', (q, from) => {
    const a = Buffer.from(q);
    a[2] = 0x81; a[3] = 0x05;
    dns.send(a, from.port, from.address);
  });
  await new Promise<void>((r) => dns.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => dns.close());
  t.equal(await probeUrl('dns', `dns://127.0.0.1:${dns.address().port}`), undefined);
});
