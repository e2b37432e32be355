/**
 * One cap handle on one interface that sends and receives whole Ethernet frames. Any source MAC
 * can be sent, so one process is many phones (platform-facts.md); a handle does not see the
 * frames it injected itself, so nothing sent comes back as received.
 */
import { ProvcertError } from '../../errors.js';
import { loadCap, type CapHandle } from './cap-loader.js';

export type FrameHandler = (frame: Uint8Array) => void;

export class RawEthernet {
  private closed = false;
  private handler: FrameHandler | undefined;

  private constructor(private readonly cap: CapHandle, private readonly buffer: Buffer, readonly iface: string, readonly linkType: string) {
    cap.on('packet', (nbytes) => {
      // Copy: cap reuses the buffer for the next packet.
      this.handler?.(Uint8Array.prototype.slice.call(this.buffer, 0, nbytes));
    });
  }

  /** Opens `iface` with a BPF filter (e.g. 'udp port 68'); the interface must be in this process's netns. */
  static async open(iface: string, filter: string, bufSize = 4 * 1024 * 1024): Promise<RawEthernet> {
    const { Cap } = await loadCap();
    const cap = new Cap();
    const buffer = Buffer.alloc(65535);
    let linkType: string;
    try {
      linkType = cap.open(iface, filter, bufSize, buffer);
    } catch (e) {
      throw new ProvcertError('PC_ERR_LAB', `cannot open ${iface} for raw frames (needs root and the interface in this namespace): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (linkType !== 'ETHERNET') {
      cap.close();
      throw new ProvcertError('PC_ERR_LAB', `${iface} has link type ${linkType}, raw DHCP needs Ethernet`);
    }
    cap.setMinBytes?.(0); // deliver each frame at once, do not batch
    return new RawEthernet(cap, buffer, iface, linkType);
  }

  onFrame(handler: FrameHandler | undefined): void {
    this.handler = handler;
  }

  send(frame: Uint8Array): void {
    if (this.closed) throw new ProvcertError('PC_ERR_LAB', `raw handle on ${this.iface} is closed`);
    // IEEE 802.3 minimum frame: pad to 60 octets before the FCS the NIC adds.
    const out = Buffer.alloc(Math.max(60, frame.length));
    out.set(frame);
    try {
      this.cap.send(out, out.length);
    } catch (e) {
      throw new ProvcertError('PC_ERR_LAB', `raw send on ${this.iface} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cap.removeAllListeners('packet');
    this.cap.close();
  }
}
