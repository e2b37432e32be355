/**
 * The shared DHCP socket of a loopback fleet asks for a large receive buffer, so that a burst of
 * replies that arrives while the event loop is busy is queued, not dropped (measured before: 6 of
 * 1000 phones lost a reply in a 208 KiB default buffer and waited out RFC 2131 retransmissions).
 * Functional, not timed: the burst is sent by a child process while this process is blocked in
 * spawnSync, so every datagram must sit in the socket buffer until we read it.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DHCP_RECV_BUFFER_BYTES, DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { freePortPair } from '../clients/fixtures/loopback-dhcp-responder.js';

function sysctl(name: string): number | undefined {
  try { return Number(readFileSync(`/proc/sys/net/core/${name}`, 'utf8').trim()); } catch { return undefined; }
}
const rmemMax = sysctl('rmem_max');
const rmemDefault = sysctl('rmem_default');

const BURST = 3000;
const SIZE = 548; // RFC 2131 section 2: the minimum a DHCP message is padded to

/** A child process sends BURST datagrams of SIZE bytes to 127.0.0.1:port; we are blocked meanwhile. */
function burstWhileBlocked(port: number): void {
  const code = `
    const s = require('node:dgram').createSocket('udp4');
    const buf = Buffer.alloc(${SIZE}, 1);
    let left = ${BURST};
    for (let i = 0; i < ${BURST}; i++) s.send(buf, ${port}, '127.0.0.1', () => { if (--left === 0) s.close(); });`;
  const r = spawnSync(process.execPath, ['-e', code], { timeout: 30_000, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`burst sender failed (${r.status ?? r.signal})`);
}

async function received(recvBufferBytes: number | undefined): Promise<{ count: number; buffer: number }> {
  const serverPort = await freePortPair();
  const tr = await DhcpUdpTransport.open({ serverPort, ...(recvBufferBytes !== undefined ? { recvBufferBytes } : {}) });
  let count = 0;
  tr.onReceive(() => { count++; });
  burstWhileBlocked(serverPort + 1);
  // Drain what the kernel queued: bounded, stops once nothing more arrives.
  for (let i = 0, last = -1; i < 100 && count !== last && count < BURST; i++) {
    last = count;
    await new Promise((r) => setTimeout(r, 20));
  }
  const buffer = tr.recvBufferBytes;
  await tr.close();
  return { count, buffer };
}

t.test('the shared DHCP socket asks for DHCP_RECV_BUFFER_BYTES (the kernel caps it at rmem_max)', { skip: rmemMax === undefined ? 'no /proc/sys/net/core/rmem_max' : false }, async (t) => {
  const serverPort = await freePortPair();
  const tr = await DhcpUdpTransport.open({ serverPort });
  t.teardown(() => tr.close());
  // Linux reports twice the granted size (the doubling covers its bookkeeping, socket(7)).
  t.ok(tr.recvBufferBytes >= Math.min(DHCP_RECV_BUFFER_BYTES, rmemMax!), `SO_RCVBUF ${tr.recvBufferBytes} >= min(4 MiB, rmem_max ${rmemMax})`);
  const small = await DhcpUdpTransport.open({ serverPort: await freePortPair(), recvBufferBytes: 4096 });
  t.teardown(() => small.close());
  t.ok(small.recvBufferBytes < tr.recvBufferBytes, 'an explicit smaller request is honoured');
});

const roomy = rmemMax !== undefined && rmemMax >= 2 * 1024 * 1024;
t.test(`${BURST} replies arriving while the event loop is blocked all reach the shared DHCP socket`, { skip: roomy ? false : `net.core.rmem_max ${rmemMax ?? '?'} < 2 MiB: the kernel would cap the buffer` }, async (t) => {
  const big = await received(undefined);
  t.equal(big.count, BURST, `all ${BURST} datagrams queued (buffer ${big.buffer} bytes)`);
  // The control shows the test can fail: with the system default (half of rmem_default requested,
  // the kernel doubles it) part of the burst is dropped.
  const small = await received(rmemDefault !== undefined ? Math.floor(rmemDefault / 2) : 4096);
  if (rmemDefault !== undefined && rmemDefault <= 256 * 1024) t.ok(small.count < BURST, `with a ${small.buffer}-byte buffer only ${small.count} of ${BURST} arrive`);
  else t.comment(`control: ${small.count} of ${BURST} with a ${small.buffer}-byte buffer`);
});
