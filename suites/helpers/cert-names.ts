/**
 * Server certificate name checks (HTTP-017, RFC 6125 section 6, RFC 2818 section 3.1), as provcert
 * decides them: an IP host matches only a SAN iPAddress entry; a DNS host matches the SAN dNSName
 * entries (case-insensitive, a wildcard only as the whole left-most label, section 6.4.3) and, only
 * when the certificate has no dNSName entry, the CN (section 6.4.4), which HTTP-017 allows to be
 * followed by '/' and extra text.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface CertNames {
  readonly cn?: string;
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

export function certNames(der: Uint8Array): CertNames {
  const x = new X509Certificate(Buffer.from(der));
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1];
  const san = (x.subjectAltName ?? '').split(/,\s*/).filter((s) => s !== '');
  return {
    ...(cn !== undefined ? { cn } : {}),
    dns: san.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
    ips: san.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11)),
  };
}

function dnsMatch(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const rest = p.slice(1);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === rest && rest.split('.').length > 2;
}

/** true, or why the certificate does not name `host`. */
export function namesHost(names: CertNames, host: string): true | string {
  if (isIP(host) !== 0) {
    return names.ips.includes(host) ? true : `no SAN iPAddress ${host} (SAN IPs: ${names.ips.join(', ') || 'none'}; CN ${names.cn ?? 'none'} is not consulted for addresses)`;
  }
  if (names.dns.length > 0) return names.dns.some((d) => dnsMatch(d, host)) ? true : `no SAN dNSName matches ${host} (${names.dns.join(', ')})`;
  const cnHost = names.cn?.split('/')[0];
  return cnHost !== undefined && dnsMatch(cnHost, host) ? true : `CN ${names.cn ?? '(none)'} does not name ${host} and there is no SAN dNSName`;
}

export function describeNames(n: CertNames): string {
  return `CN=${n.cn ?? '-'} SAN DNS=[${n.dns.join(', ')}] IP=[${n.ips.join(', ')}]`;
}
