/**
 * The lab child's control channel: line-delimited JSON over a Unix socket file, which the parent can
 * reach from outside the server namespace (path sockets work across network namespaces). Requests:
 *  - {id, type:'notify-resync', phoneMac, phoneSip, profileUrl?} -> {id, ok:true, status}
 *  - {id, type:'put-file', path, base64} -> {id, ok:true, mark, size}: puts or replaces one served
 *    file (the store reads the map on every request, so the next fetch gets the new bytes); `mark`
 *    is the request log's position at the swap, so "what this input caused" is the log after it
 *    (provcert fuzz --serve --lab swaps the profile per input this way).
 *  - {id, type:'log-since', mark} -> {id, ok:true, lines, next, dropped, more}: log lines after
 *    `mark` (at most LOG_PAGE_LINES; `more` = call again from `next`; `dropped` = lines that fell out
 *    of the bounded buffer).
 * Every error is {id, ok:false, error}. Lines and files are size-bounded.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { ProvcertError, isProvcertError } from '../../errors.js';
import { CLEAR_PREFIX, ROUTES_FILE } from './content.js';
import type { NotifyRequest } from './sip-notify.js';

/** Largest file put-file accepts (fuzz inputs reach 1 MiB values plus markup; 8 MiB leaves room). */
export const PUT_FILE_MAX_BYTES = 8 * 1024 * 1024;
/** Longest request line: the base64 of the largest file plus the JSON around it. */
export const CONTROL_LINE_MAX = Math.ceil(PUT_FILE_MAX_BYTES / 3) * 4 + 4096;
export const LOG_PAGE_LINES = 2000;
/** File name of the lab child's socket in the target's outDir (driver.ts startLab names it so). */
export const CONTROL_SOCKET_FILE = 'builtin-control.sock';
const PATH_MAX = 1024;

export interface NotifyControlRequest extends NotifyRequest {
  readonly id: number;
  readonly type: 'notify-resync';
}
export interface PutFileRequest {
  readonly id: number;
  readonly type: 'put-file';
  /** Relative path as the store keys it (one leading '/' is dropped): `00562b043615.xml`. */
  readonly path: string;
  readonly base64: string;
}
export interface LogSinceRequest {
  readonly id: number;
  readonly type: 'log-since';
  readonly mark: number;
}
export type ControlRequest = NotifyControlRequest | PutFileRequest | LogSinceRequest;

export interface LogPage {
  readonly lines: string[];
  /** Mark of the last line returned (pass it to the next call). */
  readonly next: number;
  /** Lines after the given mark that are no longer kept. */
  readonly dropped: number;
  readonly more: boolean;
}

type ControlAnswer =
  | { id: number; ok: true; status?: number; mark?: number; size?: number; lines?: string[]; next?: number; dropped?: number; more?: boolean }
  | { id: number; ok: false; error: string };

/**
 * The request log as numbered lines (1, 2, ...), bounded: the oldest fall out past `keep`.
 * A mark is the number of the last line seen (0 = none yet).
 */
export class RequestLog {
  private readonly kept: string[] = [];
  private first = 1;

  constructor(private readonly keep = 10_000) {}

  get mark(): number {
    return this.first + this.kept.length - 1;
  }

  append(line: string): void {
    this.kept.push(line);
    const over = this.kept.length - this.keep;
    if (over > 0) {
      this.kept.splice(0, over);
      this.first += over;
    }
  }

  since(mark: number, max = LOG_PAGE_LINES): LogPage {
    let start = Math.max(0, Math.floor(mark)) + 1;
    const dropped = start < this.first ? this.first - start : 0;
    if (start < this.first) start = this.first;
    const from = start - this.first;
    const lines = this.kept.slice(from, from + max);
    const next = start + lines.length - 1;
    return { lines, next, dropped, more: next < this.mark };
  }
}

export interface ControlHandlers {
  notify(r: NotifyRequest): Promise<number>;
  /** The map the server's FileStore reads; put-file writes into it. Absent = put-file refused. */
  readonly files?: Map<string, Uint8Array>;
  readonly log?: RequestLog;
}

/** The store key for a put-file path, or why it is refused (the FileStore's traversal rule, content.ts). */
export function putFileKey(raw: unknown): { key: string } | { error: string } {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > PATH_MAX) return { error: `put-file: path must be 1..${PATH_MAX} characters` };
  const key = raw.replace(/^\/+/, '');
  if (key === '' || key.includes('\0') || key.split(/[/\\]/).some((s) => s === '..' || s === '') || /^[A-Za-z]:/.test(key)) return { error: `put-file: '${raw}' is not a relative path inside the served folder` };
  if (key === ROUTES_FILE || key.startsWith(CLEAR_PREFIX)) return { error: `put-file: '${key}' is reserved` };
  return { key };
}

function decodeBase64(b64: unknown): Uint8Array | { error: string } {
  if (typeof b64 !== 'string' || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { error: 'put-file: base64 must be standard padded base64 (RFC 4648 section 4)' };
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > PUT_FILE_MAX_BYTES) return { error: `put-file: ${bytes.length} bytes is over the ${PUT_FILE_MAX_BYTES}-byte bound` };
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function answerFor(req: ControlRequest, h: ControlHandlers): ControlAnswer | Promise<ControlAnswer> {
  const id = typeof req.id === 'number' ? req.id : 0;
  switch (req.type) {
    case 'notify-resync':
      return h.notify(req).then(
        (status): ControlAnswer => ({ id, ok: true, status }),
        (e: unknown): ControlAnswer => ({ id, ok: false, error: isProvcertError(e) ? e.message : String(e) }),
      );
    case 'put-file': {
      if (!h.files) return { id, ok: false, error: 'put-file: this server has no writable content' };
      const key = putFileKey(req.path);
      if ('error' in key) return { id, ok: false, error: key.error };
      const bytes = decodeBase64(req.base64);
      if (!(bytes instanceof Uint8Array)) return { id, ok: false, error: bytes.error };
      h.files.set(key.key, bytes);
      return { id, ok: true, mark: h.log?.mark ?? 0, size: bytes.length };
    }
    case 'log-since': {
      if (!h.log) return { id, ok: false, error: 'log-since: this server keeps no request log' };
      if (typeof req.mark !== 'number' || !Number.isFinite(req.mark)) return { id, ok: false, error: 'log-since: mark must be a number' };
      return { id, ok: true, ...h.log.since(req.mark) };
    }
    default:
      return { id, ok: false, error: `unknown action '${String((req as { type?: unknown }).type)}'` };
  }
}

/**
 * Splits a stream into lines without rescanning what was buffered (a put-file line is megabytes);
 * a line longer than `max` ends the connection after `onTooLong`.
 */
function onLines(conn: Socket, max: number, onLine: (line: string) => void, onTooLong: () => void): void {
  let parts: string[] = [];
  let size = 0;
  conn.setEncoding('utf8');
  conn.on('data', (chunk: string) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      parts.push(chunk.slice(start, nl));
      const line = parts.join('');
      parts = [];
      size = 0;
      start = nl + 1;
      onLine(line);
    }
    if (start < chunk.length) {
      parts.push(chunk.slice(start));
      size += chunk.length - start;
    }
    if (size > max) {
      parts = [];
      size = 0;
      onTooLong();
      conn.destroy();
    }
  });
}

export function serveControl(path: string, handlers: ControlHandlers): Promise<Server> {
  rmSync(path, { force: true });
  const server = createServer((conn) => {
    const reply = (a: ControlAnswer) => { if (conn.writable) conn.write(`${JSON.stringify(a)}\n`); };
    onLines(conn, CONTROL_LINE_MAX, (line) => {
      let req: ControlRequest;
      try {
        req = JSON.parse(line) as ControlRequest;
      } catch {
        reply({ id: 0, ok: false, error: 'request is not a JSON line' });
        return;
      }
      if (typeof req !== 'object' || req === null) {
        reply({ id: 0, ok: false, error: 'request is not a JSON object' });
        return;
      }
      void Promise.resolve(answerFor(req, handlers)).then(reply);
    }, () => reply({ id: 0, ok: false, error: `request line over ${CONTROL_LINE_MAX} characters` }));
    conn.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

type OkAnswer = Extract<ControlAnswer, { ok: true }>;

/** Parent side: one request on its own connection, one answer (bounded by `timeoutMs`). */
export function controlRequest(path: string, req: Omit<NotifyControlRequest, 'id'> | Omit<PutFileRequest, 'id'> | Omit<LogSinceRequest, 'id'>, timeoutMs: number): Promise<OkAnswer> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(path);
    const id = 1;
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      f();
    };
    const timer = setTimeout(() => settle(() => reject(new ProvcertError('PC_ERR_TARGET', `builtin control: no answer to ${req.type} within ${timeoutMs} ms`))), timeoutMs);
    conn.on('connect', () => conn.write(`${JSON.stringify({ ...req, id })}\n`));
    // Answers are small except log pages (LOG_PAGE_LINES lines); the bound only stops a runaway peer.
    onLines(conn, 64 * 1024 * 1024, (line) => settle(() => {
      let a: ControlAnswer;
      try {
        a = JSON.parse(line) as ControlAnswer;
      } catch {
        return reject(new ProvcertError('PC_ERR_TARGET', 'builtin control: the answer is not JSON'));
      }
      if (a.ok) resolve(a);
      else reject(new ProvcertError('PC_ERR_TARGET', `builtin control: ${a.error}`));
    }), () => settle(() => reject(new ProvcertError('PC_ERR_TARGET', 'builtin control: answer too long'))));
    conn.on('error', (e) => settle(() => reject(new ProvcertError('PC_ERR_TARGET', `builtin control: ${e.message}`))));
    conn.on('close', () => settle(() => reject(new ProvcertError('PC_ERR_TARGET', `builtin control: connection closed before the answer to ${req.type}`))));
  });
}

/** notify-resync: the SIP status the phone answered. */
export async function callControl(path: string, req: Omit<NotifyControlRequest, 'id'>, timeoutMs: number): Promise<number> {
  return (await controlRequest(path, req, timeoutMs)).status ?? 0;
}

/** put-file: replaces one served file; returns the request log mark at the swap. */
export async function putServedFile(path: string, file: string, bytes: Uint8Array, timeoutMs: number): Promise<number> {
  const a = await controlRequest(path, { type: 'put-file', path: file, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') }, timeoutMs);
  return a.mark ?? 0;
}

/** log-since: the request log lines after `mark` (all pages). */
export async function readRequestLog(path: string, mark: number, timeoutMs: number): Promise<LogPage> {
  const lines: string[] = [];
  let dropped = 0;
  let next = mark;
  // Bounded: the buffer holds at most `keep` lines, so a few pages reach its end.
  for (let page = 0; page < 64; page++) {
    const a = await controlRequest(path, { type: 'log-since', mark: next }, timeoutMs);
    lines.push(...(a.lines ?? []));
    if (page === 0) dropped = a.dropped ?? 0;
    next = a.next ?? next;
    if (!a.more) break;
  }
  return { lines, next, dropped, more: false };
}
