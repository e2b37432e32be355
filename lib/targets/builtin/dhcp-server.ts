/**
 * The DHCP service (RFC 2131) on a UDP socket. Lab mode: 0.0.0.0:67, replies broadcast to
 * 255.255.255.255:68 (or unicast to ciaddr:68), because a dgram socket cannot unicast to a client
 * that has no address yet (RFC 2131 section 4.1 allows the broadcast). Loopback mode (no root):
 * 127.0.0.1:<port>, replies to the sender's address at port + 1.
 */
import type { Socket } from 'node:dgram';
import { dhcpCodec } from '../../codec/dhcp/index.js';
import { isProvcertError } from '../../errors.js';
import { LeaseTable } from './dhcp-leases.js';
import { answerDhcp, type DhcpPolicy } from './dhcp-reply.js';
import type { LogFn } from './log.js';
import { bindUdp, boundPort, closeUdp, sendUdp } from './udp.js';

export interface DhcpServiceOptions {
  readonly mode: 'lab' | 'loopback';
  readonly bind: string;
  readonly port: number;
  readonly pool: { readonly start: string; readonly end: string };
  readonly leaseSeconds: number;
  readonly policy: DhcpPolicy;
  readonly log: LogFn;
  /** SO_RCVBUF request; default DHCP_SERVER_RECV_BUFFER_BYTES. */
  readonly recvBufferBytes?: number;
}

/**
 * 4 MiB (capped by net.core.rmem_max): every phone of a fleet can DISCOVER within the same
 * millisecond; with the system default (208 KiB) a burst from thousands of phones would be dropped
 * in our socket before the server saw it, and the phone would wait out RFC 2131 retransmissions.
 */
export const DHCP_SERVER_RECV_BUFFER_BYTES = 4 * 1024 * 1024;

export interface RunningService {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startDhcp(o: DhcpServiceOptions): Promise<RunningService & { readonly leases: LeaseTable }> {
  const leases = new LeaseTable(o.pool.start, o.pool.end, o.leaseSeconds);
  const sock: Socket = await bindUdp(o.bind, o.port, { broadcast: o.mode === 'lab', recvBufferBytes: o.recvBufferBytes ?? DHCP_SERVER_RECV_BUFFER_BYTES });
  const port = boundPort(sock);
  const clientPort = o.mode === 'lab' ? 68 : port + 1;
  sock.on('message', (bytes, rinfo) => {
    let decision;
    try {
      const req = dhcpCodec.decode(bytes).value;
      decision = answerDhcp(req, leases, o.policy, Date.now());
    } catch (e) {
      o.log('dhcp', `from ${rinfo.address}:${rinfo.port}: undecodable (${isProvcertError(e) ? e.toLine() : String(e)}), dropped`);
      return;
    }
    if (!decision.reply) {
      o.log('dhcp', decision.note);
      return;
    }
    let to: string;
    if (o.mode === 'loopback') to = rinfo.address;
    else to = decision.to === 'ciaddr' && decision.reply.ciaddr !== '0.0.0.0' ? decision.reply.ciaddr : '255.255.255.255';
    o.log('dhcp', `${decision.note} -> ${to}:${clientPort}`);
    void sendUdp(sock, dhcpCodec.encode(decision.reply), clientPort, to);
  });
  sock.on('error', (e) => o.log('dhcp', `socket error: ${e.message}`));
  o.log('dhcp', `listening on ${o.bind}:${port} (${o.mode}), pool ${o.pool.start}-${o.pool.end}, replies to port ${clientPort}, receive buffer ${sock.getRecvBufferSize()} bytes`);
  return { port, leases, stop: () => closeUdp(sock) };
}
