/**
 * A FIFO of pushed chunks for the streaming capture readers. It holds only bytes not yet consumed
 * (at most one partial record plus the newest chunk), so memory stays bounded whatever the file size.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // consumed bytes of chunks[0]
  private size = 0;
  /** Absolute offset (in the whole stream) of the first unconsumed byte. */
  position = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `n` bytes as one contiguous view (copied only when they span chunks). */
  peek(n: number): Uint8Array {
    if (n > this.size) throw new RangeError(`peek(${n}) with ${this.size} buffered`);
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let filled = 0;
    let head = this.head;
    for (const c of this.chunks) {
      const take = Math.min(c.length - head, n - filled);
      out.set(c.subarray(head, head + take), filled);
      filled += take;
      head = 0;
      if (filled === n) break;
    }
    // Replace the spanned chunks by the joined copy so later peeks are cheap.
    this.compact(n, out);
    return out;
  }

  /** Drops `n` bytes from the front. */
  skip(n: number): void {
    if (n > this.size) throw new RangeError(`skip(${n}) with ${this.size} buffered`);
    this.size -= n;
    this.position += n;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const avail = c.length - this.head;
      if (avail > left) { this.head += left; return; }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }

  private compact(n: number, joined: Uint8Array): void {
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const avail = c.length - this.head;
      if (avail > left) {
        // Keep the unconsumed tail of this chunk as its own view, so `head` can apply to `joined`.
        this.chunks[0] = c.subarray(this.head + left);
        break;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
    this.chunks.unshift(joined);
    this.head = 0;
  }
}
