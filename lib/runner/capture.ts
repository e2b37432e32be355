/**
 * The runner owns each test's capture (style-examples.md #19). Loopback mode: a socket-level pcapng
 * of the test's packet events (lib/capture-live, marked as such in the file and in the report).
 * Frames are looked up by content, so a matcher holding the offending message's bytes gets the
 * frame number Wireshark shows (conventions.md "evidence"). The ladder for index.html comes from the
 * same events.
 */
import { SocketRecorder } from '../capture-live/socket-recorder.js';
import { decode as decodeDhcp, viewOptions } from '../codec/dhcp/index.js';
import { decode as decodeTftp } from '../codec/tftp/index.js';
import { PacketTap, type PacketEvent } from '../emulator/net/packet-events.js';
import type { LadderMessage } from '../report/types.js';
import { contentKey } from './capture-keys.js';
import { WireCapture, type WireTarget } from './wire-capture.js';

/** Ladder rows kept per test (the HTML bounds what it draws anyway). */
const MAX_LADDER = 400;

export { contentKey };

/** A short label for a datagram or stream chunk (best effort; never throws). */
export function labelOf(proto: string, bytes: Uint8Array): string {
  try {
    if (proto === 'dhcp') {
      const m = decodeDhcp(bytes).value;
      const type = viewOptions(m).view.messageTypeName ?? (m.op === 1 ? 'BOOTREQUEST' : 'BOOTREPLY');
      return `${type} xid=0x${m.xid.toString(16).padStart(8, '0')}`;
    }
    if (proto === 'tftp') {
      const p = decodeTftp(bytes).value as { opcode?: string | number; block?: number; filename?: string };
      return `TFTP ${String(p.opcode ?? '?')}${p.filename ? ` ${p.filename}` : ''}${p.block !== undefined ? ` #${p.block}` : ''}`;
    }
  } catch {
    // Undecodable: fall through to the generic label; the matcher says what is wrong with it.
  }
  if (proto === 'http' || proto === 'sip') {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1').split('\r\n')[0] ?? '';
    if (/^[\x20-\x7e]+$/.test(head)) return head.slice(0, 80);
  }
  return `${proto} ${bytes.length} bytes`;
}

export class TestCapture {
  readonly tap = new PacketTap();
  private readonly recorder: SocketRecorder;
  private readonly frames = new Map<string, number>();
  private readonly rows: (LadderMessage & { key: string })[] = [];
  private wire: WireCapture | undefined;
  /** Set when a wire capture was taken: frame numbers then refer to it. */
  private wireIndex: Map<string, number> | undefined;
  private firstNs: bigint | undefined;
  private closed = false;

  constructor(readonly pcapPath: string, testId: string) {
    this.recorder = new SocketRecorder(pcapPath, { note: `test ${testId}` });
    this.tap.on((e) => this.onEvent(e));
  }

  /** Lab mode: also record the wire on the server's interface; evidence then points into that pcap. */
  async startWire(target: WireTarget, log: (line: string) => void): Promise<void> {
    this.wire = await WireCapture.start(target, this.pcapPath.replace(/capture\.pcapng$/, 'wire.pcap'), log);
  }

  /** The pcap evidence points into: the wire capture when there is one. */
  get evidencePcap(): string {
    return this.wireIndex && this.wire ? this.wire.path : this.pcapPath;
  }

  get socketLevel(): boolean {
    return this.wireIndex === undefined;
  }

  private onEvent(e: PacketEvent): void {
    if (this.closed) return;
    const before = this.recorder.frames;
    this.recorder.record(e);
    if (e.bytes.length === 0) return;
    // Data frames of a stream chunk come last among the frames this event added.
    // UDP: one frame per event. TCP data: the chunk's first segment, after a synthesised handshake
    // when the recorder saw no 'open' for the connection (socket-recorder.ts).
    const added = this.recorder.frames - before;
    const frame = e.kind === 'udp' ? this.recorder.frames : before + (added > Math.ceil(e.bytes.length / 16_000) ? 4 : 1);
    const key = contentKey(e.bytes);
    if (!this.frames.has(key)) this.frames.set(key, frame);
    this.firstNs ??= e.ts;
    if (this.rows.length < MAX_LADDER) {
      const local = `${e.local.address}:${e.local.port}`;
      const remote = `${e.remote.address}:${e.remote.port}`;
      const phone = e.phone ? `phone ${e.phone}` : local;
      this.rows.push({
        key, frame, time: Number(e.ts - this.firstNs) / 1e9,
        from: e.dir === 'tx' ? phone : remote, to: e.dir === 'tx' ? remote : phone,
        label: labelOf(e.proto, e.bytes),
      });
    }
  }

  /** Frame number (Wireshark counting) of the first frame that carried exactly `bytes`. */
  frameOf(bytes: Uint8Array): number | undefined {
    const key = contentKey(bytes);
    return this.wireIndex ? this.wireIndex.get(key) : this.frames.get(key);
  }

  ladder(offending: readonly number[] = []): LadderMessage[] {
    const out: LadderMessage[] = [];
    for (const { key, ...row } of this.rows) {
      const frame = this.wireIndex ? this.wireIndex.get(key) : row.frame;
      if (frame === undefined) continue; // not seen on the wire (e.g. a reply lost before the server side)
      out.push(offending.includes(frame) ? { ...row, frame, offending: true } : { ...row, frame });
    }
    return out;
  }

  get frameCount(): number {
    return this.recorder.frames;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.recorder.close();
    if (this.wire) {
      await this.wire.stop();
      this.wireIndex = await this.wire.frameIndex();
    }
  }
}
