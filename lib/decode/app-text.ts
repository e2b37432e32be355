/**
 * TFTP, SIP and syslog values -> named record fields. Text fields are octet strings in the codecs;
 * records show them as UTF-8 when they are valid UTF-8 (as tshark does), else as Latin-1.
 */
import type { TftpPacket } from '../codec/tftp/index.js';
import { TFTP_ERROR_CODES } from '../codec/tftp/index.js';
import type { SipMessage } from '../codec/sip/index.js';
import { sipView } from '../codec/sip/index.js';
import type { SyslogFrame, SyslogMessage } from '../codec/syslog/index.js';
import { formatStructuredData, splitPri } from '../codec/syslog/index.js';

export interface TftpRecord {
  readonly proto: 'tftp';
  /** RRQ, WRQ, DATA, ACK, ERROR, OACK, or the number of an unknown opcode. */
  readonly opcode: string;
  readonly opcodeNumber: number;
  readonly file?: string;
  readonly mode?: string;
  readonly options?: readonly { readonly name: string; readonly value: string }[];
  readonly block?: number;
  readonly dataLength?: number;
  readonly errorCode?: number;
  readonly errorName?: string;
  readonly errorMessage?: string;
}

const OPCODE_NUMBERS: Record<string, number> = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Octet string -> UTF-8 text when valid, else kept as Latin-1 (one char per octet). */
export function readable(octets: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(octets)) return octets;
  try {
    return UTF8.decode(Uint8Array.from(octets, (c) => c.charCodeAt(0) & 0xff));
  } catch {
    return octets;
  }
}

export function tftpRecord(p: TftpPacket): TftpRecord {
  switch (p.opcode) {
    case 'RRQ':
    case 'WRQ':
      return { proto: 'tftp', opcode: p.opcode, opcodeNumber: OPCODE_NUMBERS[p.opcode]!, file: readable(p.filename), mode: p.mode, options: p.options.map((o) => ({ ...o })) };
    case 'DATA':
      return { proto: 'tftp', opcode: 'DATA', opcodeNumber: 3, block: p.block, dataLength: p.data.length };
    case 'ACK':
      return { proto: 'tftp', opcode: 'ACK', opcodeNumber: 4, block: p.block };
    case 'ERROR':
      return { proto: 'tftp', opcode: 'ERROR', opcodeNumber: 5, errorCode: p.code, ...(TFTP_ERROR_CODES[p.code] ? { errorName: TFTP_ERROR_CODES[p.code] } : {}), errorMessage: readable(p.message) };
    case 'OACK':
      return { proto: 'tftp', opcode: 'OACK', opcodeNumber: 6, options: p.options.map((o) => ({ ...o })) };
    case 'unknown':
      return { proto: 'tftp', opcode: String(p.code), opcodeNumber: p.code };
  }
}

export interface SipRecord {
  readonly proto: 'sip';
  readonly kind: 'request' | 'response';
  readonly method?: string;
  readonly uri?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly callId?: string;
  readonly cseq?: { readonly seq: number; readonly method: string };
  /** Event header (RFC 6665 section 8.2.1): type and parameters (values unquoted). */
  readonly event?: { readonly type: string; readonly params: Readonly<Record<string, string | null>>; readonly raw: string };
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly bodyLength: number;
}

export function sipRecord(m: SipMessage): SipRecord {
  const v = sipView(m);
  const eventRaw = m.headers.find((h) => /^(event|o)$/i.test(h.name))?.value;
  const start = m.kind === 'request' ? { method: m.method, uri: m.uri } : { status: m.status, reason: readable(m.reason) };
  return {
    proto: 'sip', kind: m.kind, ...start,
    ...(v.callId !== undefined ? { callId: v.callId } : {}),
    ...(v.cseq ? { cseq: { ...v.cseq } } : {}),
    ...(v.event && eventRaw !== undefined ? { event: { type: v.event.type, params: Object.fromEntries(v.event.params.map((p) => [p.name, p.value ?? null])), raw: eventRaw } } : {}),
    headers: m.headers.map((h) => ({ name: h.name, value: readable(h.value) })),
    bodyLength: m.body.length,
  };
}

export interface SyslogRecord {
  readonly proto: 'syslog';
  readonly format: 'rfc3164' | 'rfc5424';
  /** RFC 6587 framing on TCP. */
  readonly framing?: 'octet-counting' | 'non-transparent';
  readonly facility?: number;
  readonly severity?: number;
  readonly facilityName?: string;
  readonly severityName?: string;
  readonly timestamp?: string;
  readonly hostname?: string;
  /** RFC 5424 APP-NAME or RFC 3164 TAG. */
  readonly app?: string;
  readonly procId?: string;
  readonly msgId?: string;
  readonly structuredData?: string;
  /** The text after the PRI, as tshark's syslog.msg shows it. */
  readonly text: string;
  /** MSG / CONTENT only. */
  readonly message: string;
}

export function syslogRecord(m: SyslogMessage, text: string, framing?: SyslogFrame['framing']): SyslogRecord {
  const pri = m.pri !== undefined ? splitPri(m.pri) : undefined;
  const head = {
    proto: 'syslog' as const, format: m.format, ...(framing ? { framing } : {}),
    ...(pri ? { facility: pri.facility, severity: pri.severity, facilityName: pri.facilityName, severityName: pri.severityName } : {}),
    text: readable(text),
  };
  if (m.format === 'rfc5424') {
    return {
      ...head,
      ...(m.timestamp !== null ? { timestamp: m.timestamp } : {}), ...(m.hostname !== null ? { hostname: m.hostname } : {}),
      ...(m.appName !== null ? { app: m.appName } : {}), ...(m.procId !== null ? { procId: m.procId } : {}), ...(m.msgId !== null ? { msgId: m.msgId } : {}),
      ...(m.structuredData !== null ? { structuredData: readable(formatStructuredData(m.structuredData)) } : {}),
      message: readable(m.msg ?? ''),
    };
  }
  return {
    ...head,
    ...(m.timestamp !== undefined ? { timestamp: m.timestamp } : {}), ...(m.hostname !== undefined ? { hostname: m.hostname } : {}),
    ...(m.tag !== undefined ? { app: m.tag } : {}), ...(m.pid !== undefined ? { procId: m.pid } : {}),
    message: readable(m.content),
  };
}
