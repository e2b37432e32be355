/**
 * What a --serve rule means on the wire, shared by loopback and lab serving: the served path
 * (PROF-014 macros expanded for the fuzzed phone, TFTP-001 scheme default), which server log lines
 * are fetches of it, and the rule as a lab DHCP server hands it out (option 160, its host replaced
 * by the lab server so that a phone on the lab fetches from us).
 */
import { configError } from '../../errors.js';
import { macroContextFrom, parseRule, printUrl, resolveUrl, type RuleUrl } from '../../profile-rule/index.js';

export type ServeScheme = 'tftp' | 'http' | 'https';

export interface ServedPath {
  /** Key in the server's file map (no leading slash). */
  readonly file: string;
  /** Path as requested: `/00562b043615.xml`. */
  readonly path: string;
  readonly scheme: ServeScheme;
}

/** The macro values of the one fuzzed phone (serial/model fixed: only $MA varies with --mac). */
export const FUZZ_PHONE = { serial: 'FUZZ0000001', model: 'CP-8841-3PCC', swver: 'sip88xx.fuzz' } as const;

function ruleUrl(rule: string): RuleUrl {
  let parsed;
  try {
    parsed = parseRule(rule);
  } catch (e) {
    throw configError(`--rule: ${e instanceof Error ? e.message : String(e)}`);
  }
  const url = parsed.alternatives.find((a) => a.url !== undefined)?.url;
  if (!url) throw configError(`--rule '${rule}' names no URL`);
  return url;
}

/**
 * The path a profile rule makes a phone with this MAC request. `schemes` are those the caller can
 * serve: loopback serves tftp and http; the lab adds https (client certificates from the lab PKI).
 */
export function servedPath(rule: string, mac: string, schemes: readonly ServeScheme[] = ['tftp', 'http']): ServedPath {
  if (!/^[0-9a-f]{12}$/.test(mac)) throw configError(`--mac must be 12 lower-case hex digits, got '${mac}'`);
  const url = ruleUrl(rule);
  const macros = macroContextFrom({ MA: mac, MAU: mac.toUpperCase(), MAC: mac, SN: FUZZ_PHONE.serial, PSN: '8841', PN: FUZZ_PHONE.model });
  const r = resolveUrl(url, { macros, tftpServer: '127.0.0.1' });
  if ('error' in r) throw configError(`--rule: ${r.error}`);
  if (!(schemes as readonly string[]).includes(r.scheme)) {
    throw configError(`--serve serves over ${schemes.join(' and ')}${schemes.includes('https') ? '' : ' (https needs --lab)'}; the rule asks for ${r.scheme}`);
  }
  const path = r.path.split('?')[0] as string;
  return { file: path.replace(/^\/+/, ''), path, scheme: r.scheme as ServeScheme };
}

/**
 * The rule as the lab DHCP server gives it (option 160): same scheme and path template (macros
 * left for the phone to expand, PROF-014), host = the lab server, standard port (the lab child
 * listens on 69/80/443).
 */
export function labProfileRule(rule: string, serverIp: string): string {
  const url = ruleUrl(rule);
  return printUrl({ scheme: url.scheme ?? 'tftp', host: serverIp, path: url.path });
}

/** True when a builtin log line is a request for `p` (HTTP(S) GET/POST/HEAD or a TFTP RRQ). */
export function isFetchOf(line: string, p: ServedPath): boolean {
  const esc = p.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // HTTPS lines carry the client certificate's subject after the peer: `10.77.1.2:5000 cert S=<mac> GET ...`.
  const http = new RegExp(`^\\S+ https? \\S+(?: cert S=\\S*)? (GET|HEAD|POST) /+${esc}(\\?\\S*)? HTTP/`);
  const tftp = new RegExp(`^\\S+ tftp \\S+ (RRQ )?'/*${esc}'`);
  return http.test(line) || tftp.test(line);
}
