/**
 * An undici connector that opens the TCP (and TLS) connection itself: bound to the phone's
 * address, with the phone's client certificate, timing each phase, and reporting every chunk
 * as a stream event (TLS: the encrypted bytes, so a recording shows what was on the wire). The
 * TLS layer sits on a relay stream over the TCP socket so that its ciphertext can be observed.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket, type PeerCertificate } from 'node:tls';
import { Duplex } from 'node:stream';
import type { buildConnector } from 'undici';
import { newConnId, nowNs, type AppProto, type Endpoint, type PacketTap } from './packet-events.js';

export interface TlsClientOptions {
  /** Trusted CAs (PEM): the target's serverCa. Absent = Node's default store. */
  readonly ca?: string | readonly string[];
  /** Client certificate and key (PEM), per phone (HTTP-019). */
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  /** Default true. False = complete the handshake whatever the chain (the result says authorized: false). */
  readonly verify?: boolean;
  /** Default true; false skips Node's name check so that RFC 6125 checks can be done by the caller. */
  readonly checkServerIdentity?: boolean;
}

export interface ConnectionInfo {
  connId: number;
  local?: Endpoint;
  remote?: Endpoint;
  connectMs?: number;
  tlsMs?: number;
  tls?: {
    authorized: boolean;
    authorizationError?: string;
    protocol?: string;
    cipher?: string;
    /** DER of the server's leaf certificate. */
    peerCertificate?: Uint8Array;
    peerSubject?: Record<string, string | string[]>;
    peerSubjectAltName?: string;
  };
}

export interface ConnectorOptions {
  readonly localAddress?: string;
  readonly tls?: TlsClientOptions;
  readonly tap?: PacketTap;
  readonly phone?: string;
  /** Called once per connection when it is established (for per-request results). */
  readonly onConnection?: (info: ConnectionInfo) => void;
}

function endpoints(s: Socket): { local: Endpoint; remote: Endpoint } {
  return {
    local: { address: s.localAddress ?? '0.0.0.0', port: s.localPort ?? 0 },
    remote: { address: s.remoteAddress ?? '0.0.0.0', port: s.remotePort ?? 0 },
  };
}

/** Passes bytes between TLS and the TCP socket, reporting each chunk. */
class Relay extends Duplex {
  constructor(private readonly sock: Socket, onRx: (b: Uint8Array) => void, private readonly onTx: (b: Uint8Array) => void) {
    super();
    sock.on('data', (d: Buffer) => { onRx(d); if (!this.push(d)) sock.pause(); });
    sock.on('end', () => this.push(null));
    sock.on('error', (e) => this.destroy(e));
  }
  override _read(): void { this.sock.resume(); }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.onTx(chunk);
    this.sock.write(chunk, cb);
  }
  override _final(cb: (e?: Error | null) => void): void { this.sock.end(); cb(); }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void { this.sock.destroy(); cb(err); }
}

function subjectRecord(s: PeerCertificate['subject'] | undefined): Record<string, string | string[]> | undefined {
  if (!s) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
  return out;
}

export function phoneConnector(o: ConnectorOptions): buildConnector.connector {
  return (opts, callback) => {
    const https = opts.protocol === 'https:';
    const proto: AppProto = https ? 'https' : 'http';
    const info: ConnectionInfo = { connId: newConnId() };
    const started = performance.now();
    const sock = tcpConnect({ host: opts.hostname, port: Number(opts.port) || (https ? 443 : 80), localAddress: o.localAddress ?? undefined });
    let done = false;
    const fail = (e: Error) => { if (!done) { done = true; callback(e, null); } };
    const emit = (dir: 'tx' | 'rx', phase: 'open' | 'data' | 'close', bytes: Uint8Array) => {
      if (!o.tap || !info.local || !info.remote) return;
      o.tap.emit({ kind: 'tcp', dir, proto, phone: o.phone, connId: info.connId, phase, local: info.local, remote: info.remote, bytes, ts: nowNs() });
    };
    sock.once('error', fail);
    sock.once('connect', () => {
      info.connectMs = performance.now() - started;
      Object.assign(info, endpoints(sock));
      emit('tx', 'open', new Uint8Array(0));
      sock.once('close', () => emit('tx', 'close', new Uint8Array(0)));
      if (!https) {
        if (o.tap) {
          sock.on('data', (d: Buffer) => emit('rx', 'data', d));
          const write = sock.write;
          // Observe what undici writes; the original write does the work.
          sock.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
            const chunk = args[0];
            emit('tx', 'data', typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
            return write.apply(this, args);
          } as Socket['write'];
        }
        sock.off('error', fail);
        o.onConnection?.(info);
        done = true;
        callback(null, sock);
        return;
      }
      const t = o.tls ?? {};
      const relay = new Relay(sock, (b) => emit('rx', 'data', b), (b) => emit('tx', 'data', b));
      const tlsStart = performance.now();
      const ca = t.ca === undefined ? undefined : typeof t.ca === 'string' ? t.ca : [...t.ca];
      const tls: TLSSocket = tlsConnect({
        // host: the name checkServerIdentity compares with (over a given socket Node would assume 'localhost').
        socket: relay, host: opts.hostname, ca, cert: t.cert, key: t.key,
        servername: t.servername ?? (opts.servername || (/^[\d.]+$|:/.test(opts.hostname) ? undefined : opts.hostname)),
        rejectUnauthorized: t.verify ?? true,
        ...(t.checkServerIdentity === false ? { checkServerIdentity: () => undefined } : {}),
      });
      tls.once('error', (e) => { sock.destroy(); fail(e); });
      tls.once('secureConnect', () => {
        info.tlsMs = performance.now() - tlsStart;
        const peer = tls.getPeerCertificate(false);
        const cipher = tls.getCipher();
        info.tls = {
          authorized: tls.authorized,
          ...(tls.authorizationError ? { authorizationError: String(tls.authorizationError) } : {}),
          protocol: tls.getProtocol() ?? undefined,
          cipher: cipher?.name,
          ...(peer && peer.raw ? { peerCertificate: new Uint8Array(peer.raw), peerSubject: subjectRecord(peer.subject), peerSubjectAltName: peer.subjectaltname } : {}),
        };
        sock.off('error', fail);
        o.onConnection?.(info);
        done = true;
        callback(null, tls);
      });
    });
  };
}
