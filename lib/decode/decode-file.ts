/**
 * Streams a capture file as decode records: the frame pipeline with this folder's dissectors.
 * Memory is bounded by the pipeline's bounds (docs/codecs-capture.md) and the bounded state here.
 */
import { iterateCapture, type CaptureSummary } from '../capture/read-file.js';
import { createDissectors } from './dissectors.js';
import { toRecord, type DecodeRecord } from './record.js';
import type { DecodeOptions } from './ports.js';

export type DecodeItem = { readonly kind: 'record'; readonly record: DecodeRecord } | { readonly kind: 'end'; readonly summary: CaptureSummary };

/** Records in frame order, then one summary. Only I/O errors throw (PC_ERR_IO). */
export async function* decodeCapture(path: string, opts: DecodeOptions & { readonly chunkSize?: number } = {}): AsyncGenerator<DecodeItem> {
  let first: bigint | undefined;
  const { chunkSize, ...decodeOpts } = opts;
  for await (const item of iterateCapture(path, { dissectors: createDissectors(decodeOpts), ...(chunkSize ? { chunkSize } : {}) })) {
    if (item.kind === 'end') {
      yield item;
      return;
    }
    first ??= item.frame.tsNs;
    yield { kind: 'record', record: toRecord(item.frame, first) };
  }
}
