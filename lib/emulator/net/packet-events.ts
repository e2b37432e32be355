/**
 * Typed events for every datagram and stream chunk the emulator's clients send or receive. The
 * socket-level recorder (lib/capture-live) turns them into pcapng frames, and tests match on them.
 * Events are data: listeners must not throw (a throwing listener is isolated, see PacketTap.emit).
 */

export type Direction = 'tx' | 'rx';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** Application protocol a datagram or stream carries, for the recorder's comments and tests. */
export type AppProto = 'dhcp' | 'tftp' | 'sip' | 'syslog' | 'http' | 'https' | 'udp' | 'tcp';

export interface DatagramEvent {
  readonly kind: 'udp';
  readonly dir: Direction;
  readonly proto: AppProto;
  /** Phone the packet belongs to (MAC, 12 lower-case hex digits), when known. */
  readonly phone?: string;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly bytes: Uint8Array;
  /** Wall time in nanoseconds since the epoch. */
  readonly ts: bigint;
}

export interface StreamEvent {
  readonly kind: 'tcp';
  readonly dir: Direction;
  readonly proto: AppProto;
  readonly phone?: string;
  /** One id per TCP connection, unique within the process. */
  readonly connId: number;
  /** open = connection established, data = payload chunk, close = connection ended (either side). */
  readonly phase: 'open' | 'data' | 'close';
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly bytes: Uint8Array;
  readonly ts: bigint;
}

export type PacketEvent = DatagramEvent | StreamEvent;
export type PacketListener = (e: PacketEvent) => void;

/** A tiny synchronous fan-out, cheaper than EventEmitter for thousands of packets per second. */
export class PacketTap {
  private listeners: PacketListener[] = [];

  on(listener: PacketListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => { this.listeners = this.listeners.filter((l) => l !== listener); };
  }

  get active(): boolean {
    return this.listeners.length > 0;
  }

  emit(e: PacketEvent): void {
    for (const l of this.listeners) {
      try { l(e); } catch { /* a broken observer must not break the phone's I/O */ }
    }
  }
}

const originNs = BigInt(Math.round(performance.timeOrigin * 1000)) * 1000n;

/** Wall time in nanoseconds with sub-millisecond resolution (performance.now based). */
export function nowNs(): bigint {
  return originNs + BigInt(Math.round(performance.now() * 1e6));
}

let nextConnId = 1;
export function newConnId(): number {
  return nextConnId++;
}
