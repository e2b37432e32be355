/**
 * The dissector wiring of `provcert decode`: one registration per application protocol, by port
 * or by heuristic, in the order Wireshark would pick them. A fresh registry per capture, because
 * TFTP transfers and HTTP request methods are state that follows the capture.
 *
 *   dhcp    UDP 67/68 (+ --dhcp-port)                      RFC 2131 section 4.1
 *   tftp    UDP 69, and the transfer's TIDs after an RRQ/WRQ  RFC 1350 section 4
 *   sip     UDP/TCP 5060                                   RFC 3261 section 18
 *   syslog  UDP/TCP 514 (TCP: octet counting or LF trailer)  RFC 5426, RFC 6587 section 3.4
 *   http    TCP 80, 443 (when not TLS), 8080, 7547; CWMP inside the body
 *   heuristic  any other UDP/TCP: an HTTP or SIP start line
 */
import { DissectorRegistry, type Dissector, type DissectorContext } from '../capture/dissectors.js';
import { decode as decodeDhcp } from '../codec/dhcp/index.js';
import { decode as decodeTftp } from '../codec/tftp/index.js';
import { decode as decodeSip } from '../codec/sip/index.js';
import { decode as decodeSyslog, decodeFrame } from '../codec/syslog/index.js';
import { decodeRequest, decodeResponse } from '../codec/http/index.js';
import { dhcpRecord } from './app-dhcp.js';
import { syslogRecord, sipRecord, tftpRecord } from './app-text.js';
import { httpRecord } from './app-http.js';
import { headEnd, lengthOrWait, quickHttpLength, startLineKind, type StartLineKind } from './tcp-framing.js';
import { DHCP_PORTS, HTTP_PORTS, SIP_PORT, SYSLOG_PORT, TFTP_PORT, type DecodeOptions } from './ports.js';

const onPort = (ctx: DissectorContext, ports: readonly number[] | ReadonlySet<number>): boolean =>
  'has' in ports ? ports.has(ctx.srcPort) || ports.has(ctx.dstPort) : ports.includes(ctx.srcPort) || ports.includes(ctx.dstPort);

/** A Map that forgets its oldest entry beyond `max` (bounded state for any capture size). */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly max: number) { super(); }
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as string);
    return super.set(key, value);
  }
}

/** Syslog text after the PRI, as tshark's syslog.msg shows it (a TCP LF trailer kept, trailing NULs dropped). */
function afterPri(bytes: Uint8Array): string {
  let s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const p = /^<\d{1,3}>/.exec(s);
  if (p) s = s.slice(p[0].length);
  return s.replace(/\0+$/, '');
}

function syslogFrameText(bytes: Uint8Array): Uint8Array {
  if (bytes[0]! >= 0x31 && bytes[0]! <= 0x39) {
    const sp = bytes.indexOf(0x20);
    return bytes.subarray(sp + 1);
  }
  return bytes;
}

/** HTTP over one connection: remembers request methods so that a HEAD response has no body. */
class HttpState {
  private readonly methods: BoundedMap<string[]>;
  constructor(max: number) { this.methods = new BoundedMap(max); }

  private static key(ctx: DissectorContext, response: boolean): string {
    return response ? `${ctx.dst}|${ctx.dstPort}|${ctx.src}|${ctx.srcPort}` : `${ctx.src}|${ctx.srcPort}|${ctx.dst}|${ctx.dstPort}`;
  }

  frameLength(buf: Uint8Array, ctx: DissectorContext): number {
    const response = buf[0] === 0x48 && Buffer.from(buf.buffer, buf.byteOffset, Math.min(5, buf.length)).toString('latin1') === 'HTTP/';
    const end = headEnd(buf, 'http');
    if (end < 0) return 0;
    const quick = quickHttpLength(buf, end, response);
    if (quick !== undefined) return quick <= buf.length ? quick : 0;
    const requestMethod = this.methods.get(HttpState.key(ctx, true))?.[0];
    return lengthOrWait(() => (response ? decodeResponse(buf, 0, requestMethod ? { requestMethod } : {}) : decodeRequest(buf)).bytesRead);
  }

  decode(payload: Uint8Array, ctx: DissectorContext) {
    if (payload[0] === 0x48 && Buffer.from(payload.buffer, payload.byteOffset, Math.min(5, payload.length)).toString('latin1') === 'HTTP/') {
      const queue = this.methods.get(HttpState.key(ctx, true));
      const d = decodeResponse(payload, 0, queue?.[0] ? { requestMethod: queue[0] } : {});
      if (d.value.status >= 200) queue?.shift(); // 1xx are interim (RFC 9110 section 15.2)
      return { value: httpRecord(d.value), findings: d.findings };
    }
    const d = decodeRequest(payload);
    const key = HttpState.key(ctx, false);
    const queue = this.methods.get(key) ?? [];
    if (queue.length < 64) queue.push(d.value.method);
    this.methods.set(key, queue);
    return { value: httpRecord(d.value), findings: d.findings };
  }
}

function sipDecode(payload: Uint8Array) {
  const d = decodeSip(payload);
  return { value: sipRecord(d.value), findings: d.findings };
}

function sipFrameLength(buf: Uint8Array): number {
  if (headEnd(buf, 'sip') < 0) return 0;
  return lengthOrWait(() => decodeSip(buf).bytesRead);
}

export function createDissectors(opts: DecodeOptions = {}): DissectorRegistry {
  const reg = new DissectorRegistry();
  const dhcpPorts = new Set([...DHCP_PORTS, ...(opts.dhcpPorts ?? [])]);
  const tftpTransfers = new BoundedMap<true>(opts.maxTftpTransfers ?? 4096);
  const tid = (addr: string, port: number, server: string): string => `${addr}|${port}|${server}`;
  const http = new HttpState(opts.maxHttpConnections ?? 4096);
  const heuristicKinds = new BoundedMap<StartLineKind>(4096);

  const dhcp: Dissector = {
    name: 'dhcp',
    match: (ctx) => ctx.proto === 'udp' && onPort(ctx, dhcpPorts),
    decode: (payload) => {
      const d = decodeDhcp(payload);
      return { value: dhcpRecord(d.value), findings: d.findings };
    },
  };

  const tftp: Dissector = {
    name: 'tftp',
    // Like Wireshark, a request to port 69 opens a conversation with the client's endpoint: DATA,
    // ACK, OACK and ERROR from the server's new TID are TFTP too (RFC 1350 section 4).
    match: (ctx) => ctx.proto === 'udp' && (ctx.srcPort === TFTP_PORT || ctx.dstPort === TFTP_PORT
      || tftpTransfers.has(tid(ctx.src, ctx.srcPort, ctx.dst)) || tftpTransfers.has(tid(ctx.dst, ctx.dstPort, ctx.src))),
    decode: (payload, ctx) => {
      const d = decodeTftp(payload);
      if ((d.value.opcode === 'RRQ' || d.value.opcode === 'WRQ') && ctx.dstPort === TFTP_PORT) tftpTransfers.set(tid(ctx.src, ctx.srcPort, ctx.dst), true);
      return { value: tftpRecord(d.value), findings: d.findings };
    },
  };

  const sip: Dissector = {
    name: 'sip',
    match: (ctx) => onPort(ctx, [SIP_PORT]),
    decode: sipDecode,
    frameLength: sipFrameLength,
  };

  const syslog: Dissector = {
    name: 'syslog',
    match: (ctx) => onPort(ctx, [SYSLOG_PORT]),
    decode: (payload, ctx) => {
      if (ctx.proto === 'udp') {
        const d = decodeSyslog(payload);
        return { value: syslogRecord(d.value, afterPri(payload)), findings: d.findings };
      }
      const d = decodeFrame(payload);
      return { value: syslogRecord(d.value.message, afterPri(syslogFrameText(payload)), d.value.framing), findings: d.findings };
    },
    frameLength: (buf) => lengthOrWait(() => decodeFrame(buf).bytesRead),
  };

  const httpPorts: Dissector = {
    name: 'http',
    match: (ctx) => ctx.proto === 'tcp' && onPort(ctx, HTTP_PORTS),
    decode: (payload, ctx) => http.decode(payload, ctx),
    frameLength: (buf, ctx) => http.frameLength(buf, ctx),
  };

  const dirKey = (ctx: DissectorContext): string => `${ctx.src}|${ctx.srcPort}|${ctx.dst}|${ctx.dstPort}`;
  const heuristic: Dissector = {
    name: 'heuristic',
    match: () => true,
    decode: (payload, ctx) => {
      const kind = ctx.proto === 'tcp' ? heuristicKinds.get(dirKey(ctx)) ?? 'none' : startLineKind(payload, true);
      if (kind === 'http' && ctx.proto === 'tcp') return http.decode(payload, ctx);
      if (kind === 'sip') return sipDecode(payload);
      return { value: null };
    },
    frameLength: (buf, ctx) => {
      const key = dirKey(ctx);
      let kind = heuristicKinds.get(key);
      if (kind === undefined || kind === 'wait') {
        kind = startLineKind(buf, false);
        if (kind === 'wait') return 0;
        heuristicKinds.set(key, kind);
      }
      if (kind === 'http') return http.frameLength(buf, ctx);
      if (kind === 'sip') return sipFrameLength(buf);
      return buf.length;
    },
  };

  for (const d of [dhcp, tftp, sip, syslog, httpPorts, heuristic]) reg.register(d);
  return reg;
}
