/**
 * Lab mode: each test's traffic recorded on the wire with libpcap (`cap`) on the server's interface in
 * the server namespace (issue "Wire II" part 2), next to the emulator's socket-level recording. Frames
 * are located in the wire capture by content (UDP payloads and reassembled TCP messages), so evidence
 * frame numbers refer to the real capture. Tests may run in parallel, so a test's wire capture can also
 * hold other tests' packets of the same moments; the located frames are still exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { captureWorkerCommand } from '../capture-live/cap-capture.js';
import { iterateFrames } from '../capture/index.js';
import { contentKey } from './capture-keys.js';

export interface WireTarget {
  /** Network namespace and interface to capture on (the server's side of the lab). */
  readonly netns: string;
  readonly iface: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WireCapture {
  private constructor(readonly path: string, private readonly child: ChildProcess) {}

  /** Starts the capture; undefined (with the reason logged) when it cannot start here. */
  static async start(target: WireTarget, path: string, log: (line: string) => void, startTimeoutMs = 20_000): Promise<WireCapture | undefined> {
    const [cmd, ...args] = captureWorkerCommand();
    const child = spawn('ip', ['netns', 'exec', target.netns, cmd as string, ...args, target.iface, path], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline && !(existsSync(path) && statSync(path).size >= 24)) {
      if (child.exitCode !== null) break;
      await sleep(20);
    }
    if (!(existsSync(path) && statSync(path).size >= 24)) {
      try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      log(`wire capture on ${target.iface} did not start: ${stderr.trim() || 'timeout'}`);
      return undefined;
    }
    await sleep(50); // the filter is attached once the header is written
    return new WireCapture(path, child);
  }

  async stop(): Promise<void> {
    await sleep(150); // let the last replies of the exchange arrive
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 2000);
    await done;
    clearTimeout(timer);
  }

  /** Content key -> first frame (Wireshark numbering) that carried exactly those bytes. */
  async frameIndex(): Promise<Map<string, number>> {
    const index = new Map<string, number>();
    const add = (bytes: Uint8Array | undefined, frame: number) => {
      if (bytes && bytes.length > 0) {
        const k = contentKey(bytes);
        if (!index.has(k)) index.set(k, frame);
      }
    };
    for await (const f of iterateFrames(this.path)) {
      // UDP: the datagram. TCP: the segment and the reassembled messages it completes.
      add(f.payload, f.frame);
      for (const m of f.messages) add(m.bytes, f.frame);
    }
    return index;
  }
}
