/** Public surface of the capture pipeline (used by `provcert decode` and the lab). */
export { iterateCapture, iterateFrames, readCaptureFile, type CaptureItem, type CaptureSummary, type ReadOptions } from './read-file.js';
export { CaptureFileWriter, type CaptureFileOptions, type WritePacket } from './write-file.js';
export { CaptureStreamParser, type CaptureFormat, type CaptureRecord } from './capture-stream.js';
export { FramePipeline, type PipelineOptions } from './pipeline.js';
export { DissectorRegistry, defaultDissectors, registerDissector, type Dissector, type DissectorContext, type DissectorResult } from './dissectors.js';
export type { AppMessage, FrameError, FrameFinding, FrameLayers, FrameRecord } from './frame.js';
