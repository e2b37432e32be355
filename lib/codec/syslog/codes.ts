/**
 * Syslog facility and severity codes: RFC 5424 section 6.2.1, Table 1 and Table 2
 * (https://www.rfc-editor.org/rfc/rfc5424#section-6.2.1); the same values as RFC 3164 section 4.1.1.
 * PRI = facility * 8 + severity, 0..191.
 */
export const SYSLOG_FACILITIES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

export const SYSLOG_SEVERITIES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export interface PriParts {
  readonly facility: number;
  readonly severity: number;
  readonly facilityName: string;
  readonly severityName: string;
}

export function splitPri(pri: number): PriParts {
  const facility = pri >> 3;
  const severity = pri & 7;
  return { facility, severity, facilityName: SYSLOG_FACILITIES[facility] ?? `facility${facility}`, severityName: SYSLOG_SEVERITIES[severity]! };
}

export function makePri(facility: number, severity: number): number {
  return facility * 8 + severity;
}
