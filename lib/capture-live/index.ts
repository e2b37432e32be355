/** Live capture: cap in a lab namespace (root), or the socket-level pcapng recorder (no root). */
export { SocketRecorder, SOCKET_LEVEL_USERAPPL, SOCKET_LEVEL_COMMENT } from './socket-recorder.js';
export type { SocketRecorderOptions } from './socket-recorder.js';
export { startCapCapture, captureWorkerCommand } from './cap-capture.js';
export type { LiveCapture, LiveCaptureOptions } from './cap-capture.js';
