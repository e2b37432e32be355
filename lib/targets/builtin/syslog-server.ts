/** Syslog receiver (RFC 5426 UDP): every datagram becomes one log line, as text. */
import type { RunningService } from './dhcp-server.js';
import type { LogFn } from './log.js';
import { bindUdp, boundPort, closeUdp } from './udp.js';

export async function startSyslog(o: { bind: string; port: number; log: LogFn }): Promise<RunningService> {
  const sock = await bindUdp(o.bind, o.port);
  const port = boundPort(sock);
  sock.on('message', (bytes, rinfo) => {
    // Control characters are shown escaped so that one message stays one log line.
    const text = Buffer.from(bytes).toString('latin1').replace(/[\r\n]+$/, '').replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    o.log('syslog', `${rinfo.address}:${rinfo.port} ${text}`);
  });
  sock.on('error', (e) => o.log('syslog', `socket error: ${e.message}`));
  o.log('syslog', `listening on ${o.bind}:${port}`);
  return { port, stop: () => closeUdp(sock) };
}
