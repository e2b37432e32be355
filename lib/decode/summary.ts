/** One text line per frame, in the spirit of tshark's summary: number, time, addresses, protocol, info. */
import type { AppEntry, DecodeRecord } from './record.js';

function appInfo(a: AppEntry): string {
  if (a.error) return `[${a.proto} undecodable: ${a.error.code} at offset ${a.error.offset}: ${a.error.message}]`;
  const f = a.fields!;
  switch (f.proto) {
    case 'dhcp': return `${f.messageTypeName ?? (f.op === 1 ? 'BOOTREQUEST' : 'BOOTREPLY')} xid ${f.xid} chaddr ${f.chaddr}${f.yiaddr !== '0.0.0.0' ? ` yiaddr ${f.yiaddr}` : ''}`;
    case 'tftp':
      if (f.opcode === 'RRQ' || f.opcode === 'WRQ') return `${f.opcode} ${f.file} ${f.mode}${f.options?.length ? ` ${f.options.map((o) => `${o.name}=${o.value}`).join(' ')}` : ''}`;
      if (f.opcode === 'DATA') return `DATA block ${f.block} (${f.dataLength} octets)`;
      if (f.opcode === 'ACK') return `ACK block ${f.block}`;
      if (f.opcode === 'ERROR') return `ERROR ${f.errorCode}: ${f.errorMessage}`;
      if (f.opcode === 'OACK') return `OACK ${f.options?.map((o) => `${o.name}=${o.value}`).join(' ')}`;
      return `opcode ${f.opcode}`;
    case 'http': {
      const line = f.kind === 'request' ? `${f.method} ${f.uri} ${f.version}` : `${f.version} ${f.status} ${f.reason}`;
      const c = f.cwmp;
      return c ? `${line} [cwmp ${c.error ? `undecodable: ${c.error.message}` : `${c.rpc}${c.id !== undefined ? ` ID ${c.id}` : ''}${c.events ? ` events ${c.events.join(', ')}` : ''}`}]` : line;
    }
    case 'sip': {
      const line = f.kind === 'request' ? `Request: ${f.method} ${f.uri}` : `Status: ${f.status} ${f.reason}`;
      return `${line}${f.event ? ` Event: ${f.event.raw}` : ''}`;
    }
    case 'syslog': return `${(f.facilityName ?? '?').toUpperCase()}.${(f.severityName ?? '?').toUpperCase()}: ${f.text}`;
  }
}

/** Control characters would break the one-line format. */
const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\t' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export function summaryLine(r: DecodeRecord): string {
  const src = r.ip?.src ?? r.link?.src ?? '';
  const dst = r.ip?.dst ?? r.link?.dst ?? '';
  const top = r.protocols[r.protocols.length - 1] ?? '-';
  const ports = r.udp ? ` ${r.udp.srcPort} → ${r.udp.dstPort}` : r.tcp ? ` ${r.tcp.srcPort} → ${r.tcp.dstPort}` : '';
  const info = r.app.length ? r.app.map(appInfo).join(' ; ') : r.other ?? (r.tcp ? `len ${r.tcp.payloadLength}` : r.udp ? `len ${r.udp.length - 8}` : '');
  const err = r.error ? ` [undecodable: ${r.error.code} ${r.error.proto} at offset ${r.error.offset}: ${r.error.message}]` : '';
  return oneLine(`${String(r.frame).padStart(5)} ${r.relative} ${src} → ${dst} ${top.toUpperCase()} ${r.len}${ports} ${info}${err}`.replace(/ +$/, ''));
}
