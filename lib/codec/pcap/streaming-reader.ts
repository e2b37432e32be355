/**
 * The push loop both capture readers share (pcap, pcapng): buffer the chunk, take every complete
 * record, and stop for good at the first invalid one (a broken length field makes the rest
 * unframeable). Subclasses only say how to take the next record and how to report the tail.
 */
import { ByteQueue } from './byte-queue.js';

export abstract class StreamingRecordReader<R extends { readonly kind: string }> {
  protected readonly queue = new ByteQueue();
  protected stopped = false;

  push(chunk: Uint8Array): R[] {
    if (this.stopped) return [];
    this.queue.push(chunk);
    const out: R[] = [];
    for (;;) {
      const r = this.next();
      if (!r) break;
      out.push(r);
      if (r.kind === 'invalid') { this.stopped = true; break; }
    }
    return out;
  }

  /** Input is over: reports a record cut short (never throws). */
  end(): R[] {
    if (this.stopped) return [];
    this.stopped = true;
    return this.tail();
  }

  /** The next complete record, or undefined when more bytes are needed. */
  protected abstract next(): R | undefined;
  /** What is left in the queue at the end, as truncated records. */
  protected abstract tail(): R[];
}
