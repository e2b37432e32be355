/**
 * RFC 3164 syslog lines over UDP from the phone's address (the phone's Syslog_Server/Debug_Server
 * output). The timestamp is passed in (the model's clock), formatted 'Mmm dd hh:mm:ss' (RFC 3164
 * section 4.1.2, day space-padded).
 */
import { encode as encodeSyslog, makePri, type Rfc3164Message } from '../../codec/syslog/index.js';
import { UdpEndpoint } from '../net/udp-endpoint.js';
import type { Endpoint, PacketTap } from '../net/packet-events.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function rfc3164Timestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export interface SyslogLine {
  /** RFC 3164 facility (0..23) and severity (0..7). */
  readonly facility: number;
  readonly severity: number;
  readonly time: Date;
  readonly hostname: string;
  readonly tag: string;
  readonly content: string;
}

export class SyslogSender {
  private constructor(private readonly ep: UdpEndpoint, readonly server: Endpoint) {}

  static async open(o: { localAddress: string; server: Endpoint; tap?: PacketTap; phone?: string }): Promise<SyslogSender> {
    return new SyslogSender(await UdpEndpoint.bind({ address: o.localAddress, port: 0, proto: 'syslog', tap: o.tap, phone: o.phone }), o.server);
  }

  get local(): Endpoint {
    return this.ep.local;
  }

  async send(line: SyslogLine): Promise<Uint8Array> {
    const m: Rfc3164Message = {
      format: 'rfc3164', pri: makePri(line.facility, line.severity), timestamp: rfc3164Timestamp(line.time),
      hostname: line.hostname, tag: line.tag, content: line.content,
    };
    const bytes = encodeSyslog(m);
    await this.ep.send(bytes, this.server);
    return bytes;
  }

  close(): Promise<void> {
    return this.ep.close();
  }
}
