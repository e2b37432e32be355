/**
 * The TFTP service (RFC 1350, read-only). Each RRQ gets a transfer on a new socket (a new TID,
 * TFTP-005). The sender keeps its window and retransmits it when the ACK does not come before the
 * timeout, a bounded number of times (TFTP-010); duplicate ACKs never cause a resend (RFC 1123
 * section 4.2.3.1, Sorcerer's Apprentice). A file whose size is a multiple of the block size ends
 * with an empty block (TFTP-006). Missing file: ERROR 1 (TFTP-007); traversal or WRQ: ERROR 2.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { tftpCodec, type TftpPacket, type TftpRequest } from '../../codec/tftp/index.js';
import { isProvcertError } from '../../errors.js';
import type { FileStore } from './content.js';
import type { RunningService } from './dhcp-server.js';
import type { LogFn } from './log.js';
import { negotiate, type TftpLimits } from './tftp-negotiate.js';
import { bindUdp, boundPort, closeUdp, sendUdp } from './udp.js';

export interface TftpServiceOptions {
  readonly bind: string;
  readonly port: number;
  readonly store: FileStore;
  readonly limits: TftpLimits;
  /** Sends of one packet or window before giving up (first send included). */
  readonly maxTries: number;
  readonly log: LogFn;
}

const enc = (p: TftpPacket) => tftpCodec.encode(p);

/** RFC 1350 netascii: LF -> CR LF, CR -> CR NUL. */
function toNetascii(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const c of b) {
    if (c === 0x0a) out.push(0x0d, 0x0a);
    else if (c === 0x0d) out.push(0x0d, 0x00);
    else out.push(c);
  }
  return Uint8Array.from(out);
}

async function sendError(sock: Socket, to: RemoteInfo, code: number, message: string): Promise<void> {
  await sendUdp(sock, enc({ opcode: 'ERROR', code, message }), to.port, to.address);
}

/** One read transfer on its own socket; resolves when it ends (done, error or timed out). */
async function transfer(o: TftpServiceOptions, client: RemoteInfo, filename: string, body: Uint8Array, options: TftpRequest, aborts: Set<() => void>): Promise<void> {
  const sock = await bindUdp(o.bind, 0);
  const tid = boundPort(sock);
  const neg = negotiate(options.options, body.length, o.limits);
  const who = `${client.address}:${client.port} '${filename}' tid=${tid}`;
  // TFTP-006: blocks numbered from 1; a final short (possibly empty) block ends the transfer.
  const blocks = Math.floor(body.length / neg.blksize) + 1;
  const blockBytes = (i: number) => body.subarray((i - 1) * neg.blksize, Math.min(body.length, i * neg.blksize));
  o.log('tftp', `${who}: RRQ ${options.options.map((x) => `${x.name}=${x.value}`).join(' ') || '(no options)'}; blksize=${neg.blksize} windowsize=${neg.windowsize} timeout=${neg.timeoutMs}ms${neg.ignored.length ? `; ignored ${neg.ignored.join(', ')}` : ''}; ${body.length} octets in ${blocks} blocks`);

  return new Promise<void>((resolve) => {
    let acked = neg.oack.length ? -1 : 0; // highest block the client acknowledged (-1: OACK pending)
    let tries = 0;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (why: string) => {
      if (finished) return;
      finished = true;
      aborts.delete(abort);
      if (timer) clearTimeout(timer);
      o.log('tftp', `${who}: ${why}`);
      void closeUdp(sock).then(resolve);
    };
    const sendWindow = () => {
      if (acked < 0) {
        void sendUdp(sock, enc({ opcode: 'OACK', options: neg.oack }), client.port, client.address);
      } else {
        for (let i = acked + 1; i <= Math.min(blocks, acked + neg.windowsize); i++) {
          void sendUdp(sock, enc({ opcode: 'DATA', block: i & 0xffff, data: blockBytes(i) }), client.port, client.address);
        }
      }
      tries++;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (tries >= o.maxTries) return finish(`no ACK after ${tries} sends of ${acked < 0 ? 'OACK' : `block ${acked + 1}`}, transfer abandoned`);
        o.log('tftp', `${who}: timeout, resending ${acked < 0 ? 'OACK' : `from block ${acked + 1}`} (send ${tries + 1}/${o.maxTries})`);
        sendWindow();
      }, neg.timeoutMs);
    };
    sock.on('message', (bytes, from) => {
      if (from.port !== client.port || from.address !== client.address) {
        // RFC 1350 section 4: a packet from an unknown TID gets ERROR 5; the transfer goes on.
        void sendError(sock, from, 5, 'Unknown transfer ID');
        return;
      }
      let p: TftpPacket;
      try { p = tftpCodec.decode(bytes).value; } catch { return; }
      if (p.opcode === 'ERROR') return finish(`client sent ERROR ${p.code} '${p.message}'`);
      if (p.opcode !== 'ACK') return;
      // Map the 16-bit block number into the window (block numbers wrap after 65535).
      const base = acked < 0 ? 0 : acked;
      const hi = acked < 0 ? 0 : Math.min(blocks, acked + neg.windowsize);
      let got = -1;
      for (let i = base; i <= hi; i++) if ((i & 0xffff) === p.block) got = i;
      if (got < 0 || (acked >= 0 && got <= acked)) return; // stale or duplicate ACK: ignore
      acked = got;
      tries = 0;
      if (acked >= blocks) return finish(`done, ${body.length} octets in ${blocks} blocks`);
      sendWindow();
    });
    const abort = () => finish('aborted: server stopping');
    aborts.add(abort);
    sock.on('error', (e) => finish(`socket error ${e.message}`));
    sendWindow();
  });
}

export async function startTftp(o: TftpServiceOptions): Promise<RunningService> {
  const sock = await bindUdp(o.bind, o.port);
  const port = boundPort(sock);
  const active = new Set<Promise<void>>();
  const aborts = new Set<() => void>();
  sock.on('message', (bytes, rinfo) => {
    let p: TftpPacket;
    try { p = tftpCodec.decode(bytes).value; } catch (e) {
      o.log('tftp', `${rinfo.address}:${rinfo.port}: undecodable (${isProvcertError(e) ? e.toLine() : String(e)}) -> ERROR 4`);
      void sendError(sock, rinfo, 4, 'Illegal TFTP operation');
      return;
    }
    if (p.opcode === 'WRQ') {
      o.log('tftp', `${rinfo.address}:${rinfo.port} WRQ '${p.filename}' -> ERROR 2 (read-only server)`);
      void sendError(sock, rinfo, 2, 'Access violation: read-only server');
      return;
    }
    if (p.opcode !== 'RRQ') {
      o.log('tftp', `${rinfo.address}:${rinfo.port} ${p.opcode} on the request port -> ERROR 4`);
      void sendError(sock, rinfo, 4, 'Illegal TFTP operation');
      return;
    }
    const mode = p.mode.toLowerCase();
    if (mode !== 'octet' && mode !== 'netascii') {
      o.log('tftp', `${rinfo.address}:${rinfo.port} RRQ '${p.filename}' mode '${p.mode}' -> ERROR 4`);
      void sendError(sock, rinfo, 4, `Illegal TFTP operation: mode '${p.mode}' not supported`);
      return;
    }
    const found = o.store.lookup(p.filename);
    if (found.kind === 'traversal') {
      o.log('tftp', `${rinfo.address}:${rinfo.port} RRQ '${p.filename}' -> ERROR 2 (outside the served folder)`);
      void sendError(sock, rinfo, 2, 'Access violation');
      return;
    }
    if (found.kind === 'missing') {
      o.log('tftp', `${rinfo.address}:${rinfo.port} RRQ '${p.filename}' -> ERROR 1 (not found)`);
      void sendError(sock, rinfo, 1, 'File not found');
      return;
    }
    const body = mode === 'netascii' ? toNetascii(found.bytes) : found.bytes;
    const run = transfer(o, rinfo, p.filename, body, p, aborts).catch((e: unknown) => o.log('tftp', `transfer failed: ${String(e)}`));
    active.add(run);
    void run.finally(() => active.delete(run));
  });
  sock.on('error', (e) => o.log('tftp', `socket error: ${e.message}`));
  o.log('tftp', `listening on ${o.bind}:${port}, ${o.store.size} files, max blksize ${o.limits.maxBlksize}`);
  return {
    port,
    stop: async () => {
      for (const abort of [...aborts]) abort();
      await Promise.all([...active]);
      await closeUdp(sock);
    },
  };
}
