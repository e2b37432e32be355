/**
 * A tiny DHCP responder on 127.0.0.1 written with our codec (the "builtin-like" server of the
 * brief): OFFER/ACK with leases from 127.77.0.0/16, replies to 127.0.0.1:serverPort+1. Options
 * lost/dropping hooks let tests exercise retransmission. Not a conformance reference.
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  DHCPACK, DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, MAGIC_COOKIE, decode, encode, opt, viewOptions, type DhcpMessage,
} from '../../../../lib/codec/dhcp/index.js';

export interface Responder {
  readonly port: number;
  readonly received: DhcpMessage[];
  /** Drop the next n requests (to provoke retransmission). */
  dropNext(n: number): void;
  close(): Promise<void>;
}

function bindSocket(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => { s.close(); resolve(undefined); });
    s.bind({ address: '127.0.0.1', port, exclusive: true }, () => resolve(s));
  });
}

/** Finds a port P where P and P+1 are both free on 127.0.0.1 (bounded tries). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const a = await bindSocket(0);
    if (!a) continue;
    const p = a.address().port;
    const b = p < 65535 ? await bindSocket(p + 1) : undefined;
    await new Promise<void>((r) => a.close(() => r()));
    if (b) { await new Promise<void>((r) => b.close(() => r())); return p; }
  }
  throw new Error('no free port pair on 127.0.0.1');
}

export async function startResponder(opts: { port?: number; tftpServer?: string } = {}): Promise<Responder> {
  const port = opts.port ?? await freePortPair();
  const sock = await bindSocket(port);
  if (!sock) throw new Error(`cannot bind 127.0.0.1:${port}`);
  const leases = new Map<string, string>();
  const received: DhcpMessage[] = [];
  let drop = 0;
  sock.on('message', (buf) => {
    const m = decode(new Uint8Array(buf)).value;
    received.push(m);
    if (drop > 0) { drop--; return; }
    const v = viewOptions(m).view;
    const key = Buffer.from(m.chaddr.subarray(0, 6)).toString('hex');
    let ip = leases.get(key);
    if (!ip) { const n = leases.size; ip = `127.77.${Math.floor(n / 254)}.${(n % 254) + 1}`; leases.set(key, ip); }
    const type = v.messageType === DHCPDISCOVER ? DHCPOFFER : v.messageType === DHCPREQUEST ? DHCPACK : undefined;
    if (type === undefined) return;
    const reply: DhcpMessage = {
      op: 2, htype: 1, hlen: 6, hops: 0, xid: m.xid, secs: 0, flags: m.flags, ciaddr: '0.0.0.0', yiaddr: ip,
      siaddr: '127.0.0.1', giaddr: '0.0.0.0', chaddr: m.chaddr, sname: new Uint8Array(0), file: new Uint8Array(0), cookie: MAGIC_COOKIE,
      options: [opt.messageType(type), opt.serverId('127.0.0.1'), opt.leaseTime(3600), opt.subnetMask('255.255.0.0'),
        opt.tftpServerName(opts.tftpServer ?? '127.0.0.1')],
    };
    sock.send(encode(reply), port + 1, '127.0.0.1');
  });
  return {
    port, received,
    dropNext(n) { drop += n; },
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}
