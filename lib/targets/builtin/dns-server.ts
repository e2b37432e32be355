/**
 * The lab DNS server (UDP): authoritative for the lab names it is given (A records), NXDOMAIN for
 * any other name, NOTIMP for opcodes other than QUERY, FORMERR for undecodable queries that still
 * carry a header. It never recurses (RA = 0): nothing leaves the lab.
 */
import { dnsCodec, DNS_RCODES, DNS_TYPES, type DnsMessage, type DnsRecord } from '../../codec/dns/index.js';
import { isProvcertError } from '../../errors.js';
import type { LogFn } from './log.js';
import type { RunningService } from './dhcp-server.js';
import { bindUdp, boundPort, closeUdp, sendUdp } from './udp.js';

export interface DnsServiceOptions {
  readonly bind: string;
  readonly port: number;
  /** Lower-case FQDN (no final dot) -> IPv4 address. */
  readonly names: Readonly<Record<string, string>>;
  readonly ttl?: number;
  readonly log: LogFn;
}

/** Pure: the answer to one query. */
export function answerDns(q: DnsMessage, names: Readonly<Record<string, string>>, ttl = 60): DnsMessage {
  const base = { id: q.id, qr: true, opcode: q.opcode, aa: true, tc: false, rd: q.rd, ra: false, z: 0, questions: q.questions, authorities: [], additionals: [] };
  if (q.opcode !== 0) return { ...base, aa: false, rcode: DNS_RCODES.NOTIMP, answers: [] };
  // RFC 1035 section 4.1.2: QDCOUNT is 1 in practice; more or none is a format error here.
  if (q.questions.length !== 1 || q.qr) return { ...base, aa: false, rcode: DNS_RCODES.FORMERR, answers: [] };
  const question = q.questions[0]!;
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const ip = names[name];
  if (ip === undefined) return { ...base, rcode: DNS_RCODES.NXDOMAIN, answers: [] };
  const answers: DnsRecord[] = [];
  if ((question.type === DNS_TYPES.A || question.type === DNS_TYPES.ANY) && (question.class === 1 || question.class === 255)) {
    answers.push({ name: question.name, type: DNS_TYPES.A, class: 1, ttl, data: { kind: 'A', address: ip } });
  }
  // The name exists: other types get NOERROR with no answer (RFC 2308 section 2.2 NODATA).
  return { ...base, rcode: DNS_RCODES.NOERROR, answers };
}

export async function startDns(o: DnsServiceOptions): Promise<RunningService> {
  const sock = await bindUdp(o.bind, o.port);
  const port = boundPort(sock);
  sock.on('message', (bytes, rinfo) => {
    let out: DnsMessage;
    try {
      const q = dnsCodec.decode(bytes).value;
      out = answerDns(q, o.names, o.ttl);
      o.log('dns', `${rinfo.address}:${rinfo.port} ${q.questions.map((x) => `${x.name}/${x.type}`).join(',')} -> rcode ${out.rcode}, ${out.answers.length} answer(s)`);
    } catch (e) {
      if (bytes.length < 12) return;
      o.log('dns', `${rinfo.address}:${rinfo.port} undecodable (${isProvcertError(e) ? e.toLine() : String(e)}) -> FORMERR`);
      out = { id: (bytes[0]! << 8) | bytes[1]!, qr: true, opcode: 0, aa: false, tc: false, rd: false, ra: false, z: 0, rcode: DNS_RCODES.FORMERR, questions: [], answers: [], authorities: [], additionals: [] };
    }
    void sendUdp(sock, dnsCodec.encode(out), rinfo.port, rinfo.address);
  });
  sock.on('error', (e) => o.log('dns', `socket error: ${e.message}`));
  o.log('dns', `listening on ${o.bind}:${port}: ${Object.entries(o.names).map(([n, a]) => `${n}=${a}`).join(' ')}`);
  return { port, stop: () => closeUdp(sock) };
}
