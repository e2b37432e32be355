/**
 * Rule URLs (PROF-023):  url = [ scheme "://" ] [ server [ ":" port ] ] filepath
 *   scheme   = "tftp" / "http" / "https" / "gds"      ; case-insensitive, printed lower-case
 *   server   = host-name / IPv4 / "[" IPv6 "]" / macro  ; absent: DHCP option 66 (DHCP-005)
 *   filepath = "/" *char                               ; absolute and mandatory (PROF-023)
 * `gds://` (EDOS activation code onboarding, seed 'Onboard Your Phone with the Activation Code')
 * takes no server or path. Defaults: no scheme = TFTP (TFTP-001), ports 69/80/443 (TFTP-002,
 * HTTP-001). Upgrade_Rule URLs must name their server (UPG-007, DHCP-006).
 */
import type { MacroContext, ResolvedUrl, RuleKind, RuleUrl, Scheme } from './types.js';
import { expandMacros } from './macros.js';
import { endOfParenMacro, ruleSyntaxError } from './syntax-error.js';

const SCHEMES: readonly Scheme[] = ['tftp', 'http', 'https', 'gds'];
export const DEFAULT_PORTS: Readonly<Record<Exclude<Scheme, 'gds'>, number>> = { tftp: 69, http: 80, https: 443 };

/** Parses the URL token text[start, end). */
export function parseUrlAt(text: string, start: number, end: number, kind: RuleKind): RuleUrl {
  const token = text.slice(start, end);
  let pos = 0;
  let scheme: Scheme | undefined;
  const sep = token.indexOf('://');
  if (sep >= 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(token.slice(0, sep))) {
    const written = token.slice(0, sep).toLowerCase();
    if (!(SCHEMES as readonly string[]).includes(written)) {
      throw ruleSyntaxError(text, start, `unknown URL scheme '${token.slice(0, sep)}' (tftp, http, https or gds)`, 'PROF-023');
    }
    scheme = written as Scheme;
    pos = sep + 3;
  }
  if (scheme === 'gds') {
    if (kind === 'upgrade') throw ruleSyntaxError(text, start, 'gds:// is not a firmware transport (tftp, http or https)', 'UPG-008');
    if (pos !== token.length) throw ruleSyntaxError(text, start + pos, 'gds:// takes no server or path', 'PROF-023');
    return { scheme, path: '' };
  }
  let host: string | undefined;
  let port: string | undefined;
  if (token[pos] !== '/') {
    const hostStart = pos;
    if (token[pos] === '[') {
      const close = token.indexOf(']', pos);
      if (close < 0) throw ruleSyntaxError(text, start + pos, "unclosed '[' of an IPv6 literal", 'PROF-023');
      if (!/^\[[0-9A-Fa-f:.]+\]$/.test(token.slice(pos, close + 1))) throw ruleSyntaxError(text, start + pos, 'malformed IPv6 literal', 'PROF-023');
      pos = close + 1;
    } else {
      while (pos < token.length && token[pos] !== '/' && token[pos] !== ':') {
        if (token[pos] === '$' && token[pos + 1] === '(') {
          const after = endOfParenMacro(token, pos);
          if (after < 0) throw ruleSyntaxError(text, start + pos, "unclosed '$(' macro", 'PROF-023');
          pos = after;
        } else pos++;
      }
    }
    host = token.slice(hostStart, pos);
    if (host === '') throw ruleSyntaxError(text, start + pos, 'empty server name', 'PROF-023');
    if (token[pos] === ':') {
      const portStart = ++pos;
      while (pos < token.length && token[pos] !== '/') pos++;
      port = token.slice(portStart, pos);
      if (!/^(\d{1,5}|\$[A-Z][A-Z0-9_]*|\$\([A-Z][A-Z0-9_]*(:\d+(:\d+)?)?\))$/.test(port) || (/^\d+$/.test(port) && (Number(port) < 1 || Number(port) > 65535))) {
        throw ruleSyntaxError(text, start + portStart, `port '${port}' is not a number 1..65535 or a macro`, 'PROF-023');
      }
    }
  }
  if (token[pos] !== '/') {
    throw ruleSyntaxError(text, start + pos, 'the file path is mandatory and must be absolute (start with /)', 'PROF-023');
  }
  if (kind === 'upgrade' && host === undefined) {
    throw ruleSyntaxError(text, start, 'an Upgrade_Rule URL must name its server; DHCP option 66 does not apply', 'UPG-007');
  }
  return { ...(scheme !== undefined ? { scheme } : {}), ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}), path: token.slice(pos) };
}

export function printUrl(url: RuleUrl): string {
  if (url.scheme === 'gds') return 'gds://';
  return `${url.scheme !== undefined ? `${url.scheme}://` : ''}${url.host ?? ''}${url.port !== undefined ? `:${url.port}` : ''}${url.path}`;
}

/** Expands macros in the host, port and path (PROF-024); $SA..$SD stay literal (PROF-036). */
export function expandUrl(url: RuleUrl, macros: MacroContext): RuleUrl {
  return {
    ...(url.scheme !== undefined ? { scheme: url.scheme } : {}),
    ...(url.host !== undefined ? { host: expandMacros(url.host, macros) } : {}),
    ...(url.port !== undefined ? { port: expandMacros(url.port, macros) } : {}),
    path: expandMacros(url.path, macros),
  };
}

export interface ResolveContext {
  /** Server from DHCP option 66 (or 150/160 as the model decides), for server-less URLs. */
  readonly tftpServer?: string;
  /** When given, macros are expanded first (expandUrl). */
  readonly macros?: MacroContext;
}

export type ResolveResult = ResolvedUrl | { readonly error: string; readonly requirementId: string };

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Applies the URL defaults; a result with `error` says why no request can be made. */
export function resolveUrl(url: RuleUrl, ctx: ResolveContext = {}): ResolveResult {
  const u = ctx.macros ? expandUrl(url, ctx.macros) : url;
  if (u.scheme === 'gds') return { scheme: 'gds', host: '', port: 0, path: '', text: 'gds://' };
  const scheme = u.scheme ?? 'tftp'; // TFTP-001
  let host = u.host;
  if (host === undefined) {
    // DHCP-005: a server-less URL uses the option 66 TFTP server.
    if (ctx.tftpServer === undefined || ctx.tftpServer === '') return { error: 'URL has no server and no DHCP option 66 TFTP server is known', requirementId: 'DHCP-005' };
    host = ctx.tftpServer;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '' || /[\s/]/.test(host)) return { error: `server '${host}' is not a host name or address after macro expansion`, requirementId: 'PROF-023' };
  const defaultPort = DEFAULT_PORTS[scheme]; // TFTP-002, HTTP-001
  let port = defaultPort;
  if (u.port !== undefined) {
    if (!/^\d{1,5}$/.test(u.port) || Number(u.port) < 1 || Number(u.port) > 65535) return { error: `port '${u.port}' is not a number 1..65535 after macro expansion`, requirementId: 'PROF-023' };
    port = Number(u.port);
  }
  if (!u.path.startsWith('/')) return { error: 'path is not absolute', requirementId: 'PROF-023' };
  const text = `${scheme}://${formatHost(host)}${port === defaultPort ? '' : `:${port}`}${u.path}`;
  return { scheme, host, port, path: u.path, text };
}
