/** Small promise helpers around node:dgram shared by the UDP services. */
import { createSocket, type Socket } from 'node:dgram';
import { ProvcertError } from '../../errors.js';

/** `recvBufferBytes`: SO_RCVBUF request (the kernel caps it at net.core.rmem_max); default: the system's. */
export function bindUdp(address: string, port: number, opts: { broadcast?: boolean; reuseAddr?: boolean; recvBufferBytes?: number } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: opts.reuseAddr ?? false, ...(opts.recvBufferBytes !== undefined ? { recvBufferSize: opts.recvBufferBytes } : {}) });
    const onError = (e: Error) => {
      s.close();
      reject(new ProvcertError('PC_ERR_TARGET', `cannot bind UDP ${address}:${port}: ${e.message}`, { cause: e }));
    };
    s.once('error', onError);
    s.bind(port, address, () => {
      s.off('error', onError);
      if (opts.broadcast) s.setBroadcast(true);
      resolve(s);
    });
  });
}

export function closeUdp(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    try { s.close(() => resolve()); } catch { resolve(); }
  });
}

export function sendUdp(s: Socket, bytes: Uint8Array, port: number, address: string): Promise<void> {
  return new Promise((resolve) => {
    // A send error (host unreachable) is a network event, not a server crash: callers log and go on.
    s.send(bytes, port, address, () => resolve());
  });
}

export function boundPort(s: Socket): number {
  return s.address().port;
}
