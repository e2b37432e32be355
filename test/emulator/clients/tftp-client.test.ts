import t from 'tap';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { tftpGet } from '../../../lib/emulator/clients/tftp-client.js';
import { buildOptions } from '../../../lib/codec/tftp/index.js';
import { PacketTap, type PacketEvent } from '../../../lib/emulator/net/packet-events.js';
import { hasCommand } from '../../../lib/lab/sys.js';
import { startMiniTftp, startTftpdHpa } from './fixtures/tftp-servers.js';

const noTftpd = hasCommand('in.tftpd') ? false : 'tftpd-hpa (in.tftpd) not installed';
const file = randomBytes(5000);
const exact = randomBytes(1024); // a multiple of the block size: ends with an empty DATA

t.test('tftpd-hpa on loopback: RRQ with blksize/tsize/timeout, OACK, ACK 0, bytes intact', { skip: noTftpd }, async (t) => {
  const srv = await startTftpdHpa({ 'f.bin': file, 'e.bin': exact });
  t.teardown(() => srv.stop());
  const tap = new PacketTap();
  const events: PacketEvent[] = [];
  tap.on((e) => events.push(e));
  const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, localAddress: '127.77.0.9', filename: 'f.bin', options: buildOptions({ blksize: 1428, tsize: 0, timeout: 1 }), tap, phone: '020000000009' });
  t.same(r.outcome, { ok: true });
  t.equal(Buffer.compare(Buffer.from(r.data), file), 0, 'same bytes');
  t.equal(r.blksize, 1428);
  t.equal(r.tsize, 5000, 'tsize answered with the file size (RFC 2349)');
  t.same(r.log.map((e) => `${e.dir}:${e.packet?.opcode}`).slice(0, 3), ['tx:RRQ', 'rx:OACK', 'tx:ACK']);
  t.equal(r.log.filter((e) => e.packet?.opcode === 'DATA').length, 4, '5000 / 1428 -> 4 blocks');
  t.not(r.serverTid?.port, srv.port, 'server replied from a new TID');
  t.ok(events.every((e) => e.kind === 'udp' && e.local.address === '127.77.0.9'), 'bound to the phone address');
  t.equal(events.length, r.log.length, 'one event per logged packet');
  const e = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'e.bin' });
  t.same(e.outcome, { ok: true });
  t.equal(e.data.length, 1024);
  t.equal(e.log.filter((x) => x.packet?.opcode === 'DATA').length, 3, 'two full blocks and an empty one (RFC 1350 section 6)');
  t.equal(e.oack, undefined, 'no options, no OACK');
});

t.test('tftpd-hpa: missing file is an ERROR result, not an exception', { skip: noTftpd }, async (t) => {
  const srv = await startTftpdHpa({ 'f.bin': file });
  t.teardown(() => srv.stop());
  const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'nope.bin' });
  t.equal(r.outcome.ok, false);
  t.match(r.outcome, { reason: 'error-packet', code: 1 });
});

t.test('tftpd-hpa: a withheld ACK makes the server retransmit that DATA', { skip: noTftpd }, async (t) => {
  const srv = await startTftpdHpa({ 'f.bin': file });
  t.teardown(() => srv.stop());
  const r = await tftpGet({
    server: { address: '127.0.0.1', port: srv.port }, filename: 'f.bin', options: buildOptions({ blksize: 1024, timeout: 1 }), timeoutMs: 3000,
    hooks: { withholdAck: (block, attempt) => block === 2 && attempt === 1 },
  });
  t.same(r.outcome, { ok: true });
  t.equal(Buffer.compare(Buffer.from(r.data), file), 0);
  t.ok(r.duplicateBlocks >= 1, `server retransmitted DATA 2 (${r.duplicateBlocks} duplicate)`);
  t.equal(r.retransmissions, 0, 'the client did not time out');
});

t.test('windowsize (RFC 7440): ACK once per window', async (t) => {
  const data = randomBytes(512 * 7 + 100);
  const srv = await startMiniTftp(data);
  t.teardown(() => srv.close());
  const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'x', options: buildOptions({ blksize: 512, windowsize: 4 }) });
  t.same(r.outcome, { ok: true });
  t.equal(r.windowsize, 4);
  t.equal(Buffer.compare(Buffer.from(r.data), data), 0);
  for (let i = 0; i < 50 && srv.acks.length < 3; i++) await new Promise((r) => setTimeout(r, 10)); // the last ACK is in flight
  t.same(srv.acks, [0, 4, 8], 'ACK 0 for the OACK, then one per window of 4 and the last block');
});

t.test('a datagram from a foreign TID gets ERROR 5 and the transfer goes on', async (t) => {
  const data = randomBytes(2000);
  const srv = await startMiniTftp(data, { foreignAfterBlock: 1 });
  t.teardown(() => srv.close());
  const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'x' });
  t.same(r.outcome, { ok: true });
  t.equal(Buffer.compare(Buffer.from(r.data), data), 0);
  t.equal(r.foreignTidPackets, 1);
  t.ok(r.log.some((e) => e.dir === 'tx' && e.packet?.opcode === 'ERROR' && e.packet.code === 5), 'ERROR 5 Unknown transfer ID (RFC 1350 section 4)');
});

t.test('an ignored RRQ is retransmitted; no server at all ends in a bounded timeout', async (t) => {
  const srv = await startMiniTftp(randomBytes(10), { ignoreRrqs: 2 });
  t.teardown(() => srv.close());
  const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'x', timeoutMs: 100 });
  t.same(r.outcome, { ok: true });
  t.equal(r.retransmissions, 2);
  t.equal(srv.rrqs, 3);
  const dead = await startMiniTftp(randomBytes(1), { ignoreRrqs: 100 });
  t.teardown(() => dead.close());
  const d = await tftpGet({ server: { address: '127.0.0.1', port: dead.port }, filename: 'x', timeoutMs: 30, retries: 3 });
  t.match(d.outcome, { ok: false, reason: 'timeout' });
  t.equal(dead.rrqs, 4, 'first RRQ and three retransmissions');
});

t.test('property: any size and block/window size transfers intact', async (t) => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 8, max: 1500 }), fc.integer({ min: 1, max: 8 }), async (size, blksize, windowsize) => {
    const data = randomBytes(size);
    const srv = await startMiniTftp(data);
    try {
      const r = await tftpGet({ server: { address: '127.0.0.1', port: srv.port }, filename: 'x', options: buildOptions({ blksize, windowsize }) });
      return r.outcome.ok && Buffer.compare(Buffer.from(r.data), data) === 0;
    } finally { await srv.close(); }
  }), { seed: 1350, numRuns: 25 });
  t.pass('property held');
});
