/**
 * Runs inside a lab namespace (ip netns exec): DORA over raw frames for each MAC given, one
 * process and one cap handle for all of them, then prints one JSON line with the leases.
 * argv: <iface> <mac>...; env PROBE_TFTP=<server ip> adds a TFTP fetch per phone from its lease.
 */
import { DhcpRawTransport } from '../../../../lib/emulator/net/dhcp-raw-transport.js';
import { DhcpPort } from '../../../../lib/emulator/clients/dhcp-port.js';
import { dora, seededRandom } from '../../../../lib/emulator/clients/dhcp-dora.js';
import { InterfaceAddresses } from '../../../../lib/emulator/net/source-addresses.js';
import { execFileSync } from 'node:child_process';
import { tftpGet } from '../../../../lib/emulator/clients/tftp-client.js';
import { buildOptions } from '../../../../lib/codec/tftp/index.js';

const [iface, ...macs] = process.argv.slice(2);
const port = new DhcpPort(await DhcpRawTransport.open(iface!));
const results = await Promise.all(macs.map((mac, i) => dora(port, mac, { baseMs: 1000, jitterMs: 100, random: seededRandom(i + 1), vendorClass: 'CP-8841-3PCC' })));
await port.close();
// Source addresses after the lease: secondary addresses on the interface, removed again.
const addrs = new InterfaceAddresses(iface!);
for (const r of results) if (r) addrs.add(r.yiaddr, 24);
const shown = execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', iface!], { encoding: 'utf8' });
// With PROBE_TFTP=<server ip>: each phone fetches f.bin from tftpd-hpa from its own lease.
const tftp: number[] = [];
if (process.env['PROBE_TFTP']) {
  for (const r of results) {
    if (!r) continue;
    const g = await tftpGet({ server: { address: process.env['PROBE_TFTP'], port: 69 }, localAddress: r.yiaddr, filename: 'f.bin', options: buildOptions({ blksize: 1428, tsize: 0 }) });
    tftp.push(g.outcome.ok ? g.data.length : -1);
  }
}
addrs.clear();
const after = execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', iface!], { encoding: 'utf8' });
process.stdout.write(`${JSON.stringify({ tftp, leases: results.map((r) => r?.yiaddr ?? null), discovers: results.map((r) => r?.discovers ?? 0), shown, after })}\n`);
