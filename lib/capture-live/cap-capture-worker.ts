/**
 * Capture worker: runs INSIDE a lab namespace (started with `ip netns exec`, see cap-capture.ts),
 * opens the interface with cap (libpcap) and writes every frame to a classic pcap with our
 * writer, one synchronous write per frame so that a stop at any moment leaves a readable file.
 * argv: <iface> <out.pcap> [bpf filter]. Stops on SIGTERM/SIGINT. Exit 2 when cap cannot open.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from '../codec/pcap/writer.js';
import { LINKTYPE } from '../codec/pcap/codes.js';
import { loadCap } from '../emulator/net/cap-loader.js';
import { nowNs } from '../emulator/net/packet-events.js';

const LINK_BY_NAME: Readonly<Record<string, number>> = { ETHERNET: LINKTYPE.ETHERNET, LINKTYPE_LINUX_SLL: LINKTYPE.LINUX_SLL, NULL: LINKTYPE.NULL, RAW: LINKTYPE.RAW };

async function main(argv: readonly string[]): Promise<number> {
  const [iface, out, filter = ''] = argv;
  if (!iface || !out) {
    process.stderr.write('usage: cap-capture-worker <iface> <out.pcap> [filter]\n');
    return 2;
  }
  let Cap;
  try {
    ({ Cap } = await loadCap());
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const cap = new Cap();
  const buffer = Buffer.alloc(262144);
  let linkName: string;
  try {
    linkName = cap.open(iface, filter, 8 * 1024 * 1024, buffer);
  } catch (e) {
    process.stderr.write(`cannot capture on ${iface}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  cap.setMinBytes?.(0);
  const linkType = LINK_BY_NAME[linkName];
  if (linkType === undefined) {
    process.stderr.write(`unsupported link type ${linkName} on ${iface}\n`);
    cap.close();
    return 2;
  }
  const writer = new PcapWriter({ linkType, snaplen: 262144, precision: 'ns' });
  const fd = openSync(out, 'w');
  writeSync(fd, writer.header()); // the header is the readiness signal for the parent
  cap.on('packet', (nbytes) => {
    writeSync(fd, writer.packet({ ts: nowNs(), data: buffer.subarray(0, nbytes) }));
  });
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve());
  });
  cap.close();
  closeSync(fd);
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`capture worker failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
