/**
 * TFTP read client (RFC 1350, 2347 OACK, 2348 blksize, 2349 timeout/tsize, 7440 windowsize) over
 * a UDP socket bound to the phone's address. Transport mechanics only: it negotiates what it is
 * told to, retransmits on timeout (bounded), checks the server's TID, and logs every packet.
 * Failures of the transfer are results (the model judges them); socket failures throw.
 */
import { decode as decodeTftp, encode as encodeTftp, findOption, numericOption, type TftpOption, type TftpPacket } from '../../codec/tftp/index.js';
import { UdpEndpoint } from '../net/udp-endpoint.js';
import { nowNs, type Endpoint, type PacketTap } from '../net/packet-events.js';

export interface TftpHooks {
  /** Return true to NOT send the ACK for this block on this attempt (the server must retransmit). */
  withholdAck?(block: number, attempt: number): boolean;
  /** Return true to send this ACK twice (sorcerer's apprentice probe, RFC 1123 section 4.2.3.1). */
  duplicateAck?(block: number): boolean;
}

export interface TftpGetOptions {
  readonly server: Endpoint;
  readonly filename: string;
  /** Local address (the phone's lease); default 0.0.0.0. */
  readonly localAddress?: string;
  /** Options to request, in this order, as written (use buildOptions for valid values). */
  readonly options?: readonly TftpOption[];
  readonly mode?: string;
  /** Wall-time wait for each reply before retransmitting; default 1000 ms. */
  readonly timeoutMs?: number;
  /** Retransmissions of one packet before giving up; default 5. */
  readonly retries?: number;
  /** Bound on the bytes accepted; default 64 MiB. */
  readonly maxBytes?: number;
  /** After the last ACK, keep the socket this long to re-ACK a retransmitted last block (RFC 1350 section 6); default 0. */
  readonly dallyMs?: number;
  readonly hooks?: TftpHooks;
  readonly tap?: PacketTap;
  readonly phone?: string;
}

export interface TftpLogEntry {
  readonly dir: 'tx' | 'rx';
  readonly ts: bigint;
  readonly peer: Endpoint;
  /** Undefined when the datagram did not decode. */
  readonly packet?: TftpPacket;
  readonly bytes: Uint8Array;
}

export type TftpOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'error-packet'; readonly code: number; readonly message: string }
  | { readonly ok: false; readonly reason: 'timeout' | 'too-large' | 'protocol'; readonly message: string };

export interface TftpGetResult {
  readonly outcome: TftpOutcome;
  readonly data: Uint8Array;
  /** Options the server acknowledged (OACK), or undefined when it answered with DATA directly. */
  readonly oack?: readonly TftpOption[];
  readonly blksize: number;
  readonly windowsize: number;
  readonly tsize?: number;
  /** The server's transfer ID (address and port of its first reply). */
  readonly serverTid?: Endpoint;
  /** Datagrams from other ports answered with ERROR 5 (RFC 1350 section 4). */
  readonly foreignTidPackets: number;
  readonly retransmissions: number;
  /** Duplicate DATA blocks received (server retransmissions). */
  readonly duplicateBlocks: number;
  readonly log: readonly TftpLogEntry[];
  readonly elapsedMs: number;
}

type Wait = { kind: 'packet'; packet: TftpPacket | undefined; from: Endpoint } | { kind: 'timeout' };

/** Receive queue over one socket: `next(ms)` returns the next datagram or a timeout. */
class Inbox {
  private queue: { bytes: Uint8Array; from: Endpoint }[] = [];
  private waiter: ((w: { bytes: Uint8Array; from: Endpoint } | undefined) => void) | undefined;
  push(item: { bytes: Uint8Array; from: Endpoint }): void {
    if (this.waiter) { const w = this.waiter; this.waiter = undefined; w(item); } else this.queue.push(item);
  }
  next(ms: number): Promise<{ bytes: Uint8Array; from: Endpoint } | undefined> {
    const item = this.queue.shift();
    if (item) return Promise.resolve(item);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiter = undefined; resolve(undefined); }, ms);
      this.waiter = (w) => { clearTimeout(timer); resolve(w); };
    });
  }
}

export async function tftpGet(o: TftpGetOptions): Promise<TftpGetResult> {
  const started = Date.now();
  const ep = await UdpEndpoint.bind({ address: o.localAddress ?? '0.0.0.0', port: 0, proto: 'tftp', tap: o.tap, phone: o.phone });
  const inbox = new Inbox();
  ep.onDatagram((bytes, from) => inbox.push({ bytes, from }));
  const log: TftpLogEntry[] = [];
  const timeoutMs = o.timeoutMs ?? 1000;
  const retries = o.retries ?? 5;
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  const requested = o.options ?? [];
  let blksize = 512;
  let windowsize = 1;
  let tsize: number | undefined;
  let oack: readonly TftpOption[] | undefined;
  let serverTid: Endpoint | undefined;
  let foreignTidPackets = 0;
  let retransmissions = 0;
  let duplicateBlocks = 0;
  const chunks: Uint8Array[] = [];
  let total = 0;

  const send = async (p: TftpPacket, to: Endpoint) => {
    const bytes = encodeTftp(p);
    log.push({ dir: 'tx', ts: nowNs(), peer: to, packet: p, bytes });
    await ep.send(bytes, to);
  };
  const finish = (outcome: TftpOutcome): TftpGetResult => ({
    outcome, data: concat(chunks, total), oack, blksize, windowsize, tsize, serverTid, foreignTidPackets, retransmissions, duplicateBlocks, log,
    elapsedMs: Date.now() - started,
  });

  // What to resend on timeout: the RRQ until the first reply, then the last ACK.
  let lastSent: { packet: TftpPacket; to: Endpoint } = { packet: { opcode: 'RRQ', filename: o.filename, mode: o.mode ?? 'octet', options: requested }, to: o.server };
  const ackCount = new Map<number, number>();
  const ack = async (block: number) => {
    const attempt = (ackCount.get(block) ?? 0) + 1;
    ackCount.set(block, attempt);
    const p: TftpPacket = { opcode: 'ACK', block };
    lastSent = { packet: p, to: serverTid! };
    if (o.hooks?.withholdAck?.(block, attempt)) return;
    await send(p, serverTid!);
    if (o.hooks?.duplicateAck?.(block)) await send(p, serverTid!);
  };

  try {
    await send(lastSent.packet, o.server);
    let expected = 1; // next block number, modulo 65536 (rollover to 0, as tftpd-hpa does)
    let inWindow = 0;
    let misses = 0;
    for (;;) {
      const w = await receive(inbox, timeoutMs, log);
      if (w.kind === 'timeout') {
        if (++misses > retries) return finish({ ok: false, reason: 'timeout', message: `no reply after ${retries} retransmissions of ${lastSent.packet.opcode}` });
        retransmissions++;
        inWindow = 0;
        if (lastSent.packet.opcode === 'ACK') await ack(lastSent.packet.block); // hooks see re-ACKs too
        else await send(lastSent.packet, lastSent.to);
        continue;
      }
      const { packet, from } = w;
      if (serverTid === undefined) {
        serverTid = from; // RFC 1350 section 4: the server's first reply fixes its TID
      } else if (from.port !== serverTid.port || from.address !== serverTid.address) {
        foreignTidPackets++;
        await send({ opcode: 'ERROR', code: 5, message: 'Unknown transfer ID' }, from);
        continue;
      }
      if (!packet) return finish({ ok: false, reason: 'protocol', message: 'undecodable datagram from the server' });
      misses = 0;
      if (packet.opcode === 'ERROR') return finish({ ok: false, reason: 'error-packet', code: packet.code, message: packet.message });
      if (packet.opcode === 'OACK') {
        if (oack !== undefined || expected !== 1) continue; // a repeated OACK: our ACK 0 was lost or late, it is resent on timeout
        oack = packet.options;
        blksize = numericOption(packet.options, 'blksize') ?? 512;
        windowsize = numericOption(packet.options, 'windowsize') ?? 1;
        tsize = numericOption(packet.options, 'tsize');
        if (requested.length === 0 || packet.options.some((x) => !findOption(requested, x.name))) {
          // RFC 2347: an OACK may only carry options the client asked for. Refuse with ERROR 8.
          await send({ opcode: 'ERROR', code: 8, message: 'Unrequested option in OACK' }, serverTid);
          return finish({ ok: false, reason: 'protocol', message: 'OACK carries an option that was not requested' });
        }
        await ack(0);
        continue;
      }
      if (packet.opcode !== 'DATA') return finish({ ok: false, reason: 'protocol', message: `unexpected ${packet.opcode} from the server` });
      if (packet.block !== (expected & 0xffff)) {
        duplicateBlocks++;
        // RFC 7440 section 4: on a gap or repeat, acknowledge the last block received in order.
        if (windowsize > 1 || packet.block === ((expected - 1) & 0xffff)) await ack((expected - 1) & 0xffff);
        inWindow = 0;
        continue;
      }
      if (packet.data.length > blksize) return finish({ ok: false, reason: 'protocol', message: `DATA ${packet.block} has ${packet.data.length} octets, more than blksize ${blksize}` });
      total += packet.data.length;
      if (total > maxBytes) return finish({ ok: false, reason: 'too-large', message: `more than ${maxBytes} octets` });
      chunks.push(packet.data);
      expected++;
      inWindow++;
      const last = packet.data.length < blksize;
      if (last || inWindow >= windowsize) {
        await ack(packet.block);
        inWindow = 0;
      }
      if (last) {
        await dally(inbox, o.dallyMs ?? 0, log, serverTid, packet.block, send);
        return finish({ ok: true });
      }
    }
  } finally {
    await ep.close();
  }
}

async function receive(inbox: Inbox, ms: number, log: TftpLogEntry[]): Promise<Wait> {
  const item = await inbox.next(ms);
  if (!item) return { kind: 'timeout' };
  let packet: TftpPacket | undefined;
  try { packet = decodeTftp(item.bytes).value; } catch { packet = undefined; }
  log.push({ dir: 'rx', ts: nowNs(), peer: item.from, packet, bytes: item.bytes });
  return { kind: 'packet', packet, from: item.from };
}

/** RFC 1350 section 6: the final ACK may be lost; re-ACK a retransmitted last DATA while dallying. */
async function dally(inbox: Inbox, ms: number, log: TftpLogEntry[], tid: Endpoint, block: number, send: (p: TftpPacket, to: Endpoint) => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const w = await receive(inbox, until - Date.now(), log);
    if (w.kind === 'timeout') return;
    if (w.packet?.opcode === 'DATA' && w.packet.block === block && w.from.port === tid.port) await send({ opcode: 'ACK', block }, tid);
  }
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
