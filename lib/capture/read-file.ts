/**
 * Reads a capture file as a stream of frame records: node:fs read stream -> CaptureStreamParser
 * -> FramePipeline. Memory stays bounded by the chunk size, one record and the reassembly bounds.
 */
import { createReadStream } from 'node:fs';
import { ProvcertError } from '../errors.js';
import { CaptureStreamParser, type CaptureFormat, type CaptureRecord } from './capture-stream.js';
import { FramePipeline, type PipelineOptions } from './pipeline.js';
import type { FrameFinding, FrameRecord } from './frame.js';
import type { CaptureInvalid, CaptureTruncated } from '../codec/pcap/records.js';

export interface ReadOptions extends PipelineOptions {
  /** Read chunk size (default 64 KiB). */
  readonly chunkSize?: number;
  /** Called for every non-packet record (section/interface/blocks), e.g. to show interfaces. */
  readonly onRecord?: (r: CaptureRecord) => void;
}

export interface CaptureSummary {
  readonly format: CaptureFormat | undefined;
  readonly frames: number;
  /** Why reading stopped early: the file ends inside a record, or cannot be framed further. */
  readonly stop?: CaptureTruncated | CaptureInvalid;
  /** End-of-capture findings (TCP gaps that never filled). */
  readonly findings: readonly FrameFinding[];
}

export type CaptureItem = { readonly kind: 'frame'; readonly frame: FrameRecord } | { readonly kind: 'end'; readonly summary: CaptureSummary };

/** Async iterator over frames, ending with one summary item. Only I/O errors throw (PC_ERR_IO). */
export async function* iterateCapture(path: string, opts: ReadOptions = {}): AsyncGenerator<CaptureItem> {
  const parser = new CaptureStreamParser();
  const pipeline = new FramePipeline(opts);
  let frames = 0;
  let stop: CaptureTruncated | CaptureInvalid | undefined;
  const handle = function* (records: CaptureRecord[]): Generator<CaptureItem> {
    for (const r of records) {
      if (r.kind === 'packet') {
        frames++;
        yield { kind: 'frame', frame: pipeline.process(r) };
      } else if (r.kind === 'truncated' || r.kind === 'invalid') stop = r;
      else opts.onRecord?.(r);
    }
  };
  const stream = createReadStream(path, { highWaterMark: opts.chunkSize ?? 65536 });
  try {
    for await (const chunk of stream) {
      yield* handle(parser.push(chunk as Buffer));
      if (stop) break;
    }
  } catch (e) {
    throw new ProvcertError('PC_ERR_IO', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    stream.destroy();
  }
  if (!stop) yield* handle(parser.end());
  yield { kind: 'end', summary: { format: parser.format, frames, ...(stop ? { stop } : {}), findings: pipeline.finish() } };
}

/** Async iterator over frame records only (the summary is dropped). */
export async function* iterateFrames(path: string, opts: ReadOptions = {}): AsyncGenerator<FrameRecord> {
  for await (const item of iterateCapture(path, opts)) if (item.kind === 'frame') yield item.frame;
}

/** Callback form: calls onFrame for each frame, resolves with the summary. */
export async function readCaptureFile(path: string, opts: ReadOptions & { onFrame: (f: FrameRecord) => void | Promise<void> }): Promise<CaptureSummary> {
  for await (const item of iterateCapture(path, opts)) {
    if (item.kind === 'frame') await opts.onFrame(item.frame);
    else return item.summary;
  }
  throw new ProvcertError('PC_ERR_INTERNAL', 'capture iterator ended without a summary');
}
