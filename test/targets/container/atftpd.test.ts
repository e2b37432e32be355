import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { ifName } from '../../../lib/lab/names.js';
import { startCapture } from '../../../lib/lab/tcpdump-capture.js';
import { iterateFrames } from '../../../lib/capture/index.js';
import { decode as decodeTftp, type TftpPacket } from '../../../lib/codec/tftp/index.js';
import { containerDriver, labLeftovers } from '../../../lib/targets/container/index.js';
import { CONTAINER_CONTENT, CONTAINER_IFACE, CONTAINER_OUT, IMAGE_ATFTPD, prepareRecipe } from '../../../lib/targets/container/server-recipes.js';
import { atftpdArgv } from '../../../lib/targets/process/tftp-argv.js';
import { provisioningOptions, type ConfigInput } from '../../../lib/targets/process/provisioning-options.js';
import { resolveTarget } from '../../../lib/targets/registry.js';
import { runCli, hasStack } from '../../helpers/cli.js';
import type { TargetSpec } from '../../../lib/targets/types.js';
import { makeFixture, tftpGet, type Fixture } from '../process/lab-fixture.js';

const atftpd = containerDriver('atftpd');

t.test('container:atftpd recipe: the process target argv (same builder) on the image binary, container paths', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-atftpd-recipe-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const spec: TargetSpec = { name: 'container:atftpd', kind: 'container', serves: ['tftp'], serverIp: '10.77.201.1', phones: [] };
  const input: ConfigInput = { spec, options: provisioningOptions(spec, '10.77.201.1'), iface: CONTAINER_IFACE, outDir: CONTAINER_OUT, contentDir: CONTAINER_CONTENT };
  const recipe = prepareRecipe('atftpd', spec, input, dir);
  t.equal(recipe.argv[0], IMAGE_ATFTPD, 'the unpacked binary of the image');
  t.same(recipe.argv.slice(1), atftpdArgv(input).slice(1), 'the process target arguments');
  t.equal(recipe.argv[recipe.argv.indexOf('--bind-address') + 1], '10.77.201.1', 'bound to the container address');
  t.equal(recipe.argv.at(-1), CONTAINER_CONTENT, 'serves the mounted content folder');
  t.same(recipe.listens, [{ proto: 'udp', port: 69 }]);
  t.same(recipe.ports, { tftp: 69 });
  t.equal(recipe.version.re.exec('atftp-0.8.0 (server)')?.[1], '0.8.0');
});

t.test('container:atftpd resolves alone and in combinations; provcert targets names it', async (t) => {
  t.same(atftpd.serves, ['tftp']);
  t.equal(atftpd.kind, 'container');
  const one = await resolveTarget('container:atftpd', '/');
  t.same(one.drivers.map((d) => d.name), ['container:atftpd']);
  t.same(one.spec.serves, ['tftp']);
  const combo = await resolveTarget('container:kea+atftpd', '/');
  t.same(combo.drivers.map((d) => [d.kind, d.name]), [['container', 'container:kea+atftpd']], 'the container: prefix applies to both parts, run in one container');
  t.same(combo.spec.serves, ['dhcp', 'tftp']);
  await t.rejects(resolveTarget('isc-dhcp+container:atftpd', '/'), { code: 'PC_ERR_CONFIG', message: /mixes process and container servers.*'container:isc-dhcp\+atftpd'.*'isc-dhcp\+atftpd'/ }, 'a process DHCP server with a container is refused');
  await t.rejects(resolveTarget('container:tftpd-hpa+atftpd', '/'), { code: 'PC_ERR_CONFIG', message: /both serve tftp/ });
  const r = await runCli(['targets', '--json']);
  t.equal(r.code, 0);
  t.notOk(hasStack(r.stdout + r.stderr));
  const doc = JSON.parse(r.stdout) as { forms: { container: string } };
  t.match(doc.forms.container, /\batftpd\b/, 'container:NAME lists atftpd');
});

/** curl's TFTP client in a lab namespace (it sends tsize, and blksize when asked). */
function curlTftp(f: Fixture, host: string, url: string, blksize: number): { code: number; bytes: Buffer; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', f.lab.host(host).netns, 'curl', '-sS', '--max-time', '10', '--tftp-blksize', String(blksize), '-o', '-', url], { timeout: 20_000 });
  return { code: r.status ?? -1, bytes: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? '' };
}

interface Seen { src: string; dst: string; packet: TftpPacket }

async function tftpPackets(path: string): Promise<Seen[]> {
  const out: Seen[] = [];
  for await (const fr of iterateFrames(path)) {
    const ip = fr.layers.ipv4;
    if (!fr.layers.udp || !fr.payload || !ip) continue;
    try {
      out.push({ src: ip.src, dst: ip.dst, packet: decodeTftp(fr.payload).value });
    } catch { /* not TFTP (ARP is not UDP; nothing else runs here): ignore */ }
  }
  return out;
}

const opt = (p: TftpPacket, name: string) => ('options' in p ? p.options.find((o) => o.name.toLowerCase() === name)?.value : undefined);

const can = canUseNetns();
const missingTool = ['curl', 'tftp', 'tcpdump'].find((c) => !hasCommand(c));
const skip = !can.ok ? can.reason : atftpd.unavailable?.() ?? (missingTool ? `${missingTool} not installed` : false);

t.test('container:atftpd in the lab: blksize/tsize negotiated with curl, ERROR for a missing file, tftp-hpa get; cleanup is complete', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  const target = await atftpd.start(f.spec('container:atftpd', ['tftp']), f.env);
  t.teardown(() => target.stop());
  t.match(target.serverIp, /^10\.77\.(2[0-4]\d|25[0-4])\.1$/, 'server in the podman range');
  t.same(target.ports, { tftp: 69 });
  t.match(target.versions['atftpd'], /^\d+\.\d+/, `version ${JSON.stringify(target.versions)}`);
  const subnet = target.serverIp.replace(/\.1$/, '.0/24');
  const cliIp = target.serverIp.replace(/\.1$/, '.52');
  f.lab.exec('cli', ['ip', 'addr', 'add', `${cliIp}/24`, 'dev', f.lab.host('cli').iface]);

  const cap = await startCapture(f.lab, 'cli', join(f.dir, 'cli.pcap'), { filter: 'udp' });
  const big = curlTftp(f, 'cli', `tftp://${target.serverIp}/big.bin`, 1024);
  const missing = curlTftp(f, 'cli', `tftp://${target.serverIp}/missing.xml`, 1024);
  await cap.stop();
  t.equal(big.code, 0, `curl get big.bin ${big.stderr}`);
  t.same(new Uint8Array(big.bytes), f.files.get('big.bin'), 'big.bin intact over 1024-octet blocks');
  t.not(missing.code, 0, `curl fails on a missing file (${missing.stderr.trim()})`);

  const seen = await tftpPackets(cap.path);
  const fromServer = seen.filter((s) => s.src === target.serverIp).map((s) => s.packet);
  const rrq = seen.find((s) => s.dst === target.serverIp && s.packet.opcode === 'RRQ' && s.packet.filename === 'big.bin')?.packet;
  t.ok(rrq, 'RRQ for big.bin captured');
  t.equal(rrq && opt(rrq, 'blksize'), '1024', 'the client asked for blksize 1024 (RFC 2348)');
  t.equal(rrq && opt(rrq, 'tsize'), '0', 'and for tsize (RFC 2349)');
  const oack = fromServer.find((p) => p.opcode === 'OACK');
  t.ok(oack, 'the server answered with an OACK (RFC 2347)');
  t.equal(oack && opt(oack, 'blksize'), '1024', 'OACK blksize 1024');
  t.equal(oack && opt(oack, 'tsize'), '5000', 'OACK tsize = the file size');
  const data = fromServer.flatMap((p) => (p.opcode === 'DATA' ? [p] : []));
  t.same(data.map((d) => d.data.length), [1024, 1024, 1024, 1024, 904], 'five DATA blocks of the negotiated size');
  const err = fromServer.find((p) => p.opcode === 'ERROR');
  t.equal(err?.opcode === 'ERROR' ? err.code : undefined, 1, 'ERROR 1 (file not found, RFC 1350) for missing.xml');

  // The other real client (tftp-hpa, no options): plain 512-octet transfer and a failing missing file.
  const got = tftpGet(f, 'cli', target.serverIp, 'CP-8841-3PCC.xml');
  t.ok(got.ok, `tftp-hpa get ${got.text}`);
  t.same(new Uint8Array(got.bytes), f.files.get('CP-8841-3PCC.xml'));
  t.notOk(tftpGet(f, 'cli', target.serverIp, 'missing.xml').ok, 'tftp-hpa: missing file fails');
  const log = readFileSync(target.logs[0] ?? '', 'utf8');
  t.match(log, /big\.bin/, 'daemon log on the host names the served file');

  await target.stop();
  t.match(await target.exited, /stopped/);
  t.same(labLeftovers(f.lab.id), { containers: [], networks: [] }, 'no container or network left');
  t.not(spawnSync('ip', ['link', 'show', 'dev', ifName(f.lab.id, 'c0')]).status, 0, 'the lab-to-podman veth is gone');
  const rules = ['filter', 'nat'].map((tb) => spawnSync('iptables', ['-w', '-t', tb, '-S'], { encoding: 'utf8' }).stdout).join('\n');
  t.notOk(rules.includes(subnet), 'no iptables rule for the subnet left');
  t.notMatch(spawnSync('ip', ['-4', 'addr'], { encoding: 'utf8' }).stdout, new RegExp(`${target.serverIp.replace(/\.1$/, '').replace(/\./g, '\\.')}\\.`), 'no address of the podman subnet left in the host namespace');
});
