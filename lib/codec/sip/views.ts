/**
 * Typed views over a decoded SipMessage: header lookup by canonical name (compact forms mapped),
 * and parsers for the headers a phone's line needs. A view that cannot parse returns undefined;
 * the message itself stays intact for byte-exact re-encoding.
 */
import { canonicalHeaderName } from './codes.js';
import { paramValue, parseParams, splitCommaList, splitOutside, unquote, type SipParam } from './params.js';
import type { SipMessage } from './types.js';

/** All values of a header, in order, matching canonical name, any case, and compact form. */
export function headerValues(m: SipMessage, name: string): string[] {
  const want = canonicalHeaderName(name).toLowerCase();
  return m.headers.filter((h) => canonicalHeaderName(h.name).toLowerCase() === want).map((h) => h.value);
}

export function headerValue(m: SipMessage, name: string): string | undefined {
  return headerValues(m, name)[0];
}

export interface SipVia {
  /** 'SIP/2.0/UDP' */
  readonly protocol: string;
  readonly transport: string;
  readonly sentBy: string;
  readonly params: readonly SipParam[];
  /** RFC 3261 section 8.1.1.7: starts with the magic cookie z9hG4bK when RFC 3261-compliant. */
  readonly branch?: string;
}

// via-parm = sent-protocol LWS sent-by *( SEMI via-params )   (RFC 3261 section 20.42)
export function parseVia(value: string): SipVia | undefined {
  const [head = '', ...rest] = splitOutside(value, ';');
  const m = /^\s*(SIP\s*\/\s*[\d.]+\s*\/\s*([A-Za-z0-9-]+))\s+(\S+)\s*$/i.exec(head);
  if (!m) return undefined;
  const params = parseParams(rest.join(';'));
  const branch = paramValue(params, 'branch');
  return { protocol: m[1]!.replace(/\s+/g, ''), transport: m[2]!.toUpperCase(), sentBy: m[3]!, params, ...(branch !== undefined ? { branch } : {}) };
}

export function vias(m: SipMessage): SipVia[] {
  return headerValues(m, 'Via').flatMap(splitCommaList).map(parseVia).filter((v): v is SipVia => v !== undefined);
}

export interface SipNameAddr {
  readonly displayName?: string;
  readonly uri: string;
  /** Header parameters (after the <uri> or after an addr-spec without brackets). */
  readonly params: readonly SipParam[];
  readonly tag?: string;
}

function indexOutsideQuotes(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\') { i++; continue; }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) return i;
  }
  return -1;
}

// (name-addr / addr-spec) *( SEMI generic-param );  name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
export function parseNameAddr(value: string): SipNameAddr | undefined {
  const v = value.trim();
  // Tolerance: a display name with unbalanced quotes (seen in captures as \"name\") hides the
  // '<'; fall back to the first '<' that has a '>' after it.
  let open = indexOutsideQuotes(v, '<');
  if (open < 0 && /<[^>]*>/.test(v)) open = v.indexOf('<');
  let displayName: string | undefined;
  let uri: string;
  let paramText: string;
  if (open >= 0) {
    const close = v.indexOf('>', open);
    if (close < 0) return undefined;
    const dn = v.slice(0, open).trim();
    if (dn !== '') displayName = unquote(dn);
    uri = v.slice(open + 1, close).trim();
    paramText = v.slice(close + 1);
  } else {
    // RFC 3261 section 20.10: without <>, parameters after the URI belong to the header.
    const [u = '', ...rest] = splitOutside(v, ';');
    uri = u.trim();
    paramText = rest.length ? `;${rest.join(';')}` : '';
  }
  if (uri === '') return undefined;
  const params = parseParams(paramText);
  const tag = paramValue(params, 'tag');
  return { ...(displayName !== undefined ? { displayName } : {}), uri, params, ...(tag !== undefined ? { tag } : {}) };
}

export interface SipCSeq { readonly seq: number; readonly method: string }

// CSeq = "CSeq" HCOLON 1*DIGIT LWS Method
export function parseCSeq(value: string): SipCSeq | undefined {
  const m = /^(\d{1,10})\s+(\S+)$/.exec(value.trim());
  return m ? { seq: Number(m[1]), method: m[2]! } : undefined;
}

export interface SipEvent {
  /** event-type as written: 'resync', 'check-sync', 'report', 'reboot', 'message-summary', ... */
  readonly type: string;
  readonly params: readonly SipParam[];
  /** Cisco MPP `Event: resync;profile="http://host/x.xml"` (seed text; SIP-002). */
  readonly profile?: string;
}

// Event = ( "Event" / "o" ) HCOLON event-type *( SEMI event-param )   (RFC 6665 section 8.4)
export function parseEvent(value: string): SipEvent | undefined {
  const [type = '', ...rest] = splitOutside(value, ';');
  const t = type.trim();
  if (!/^[-A-Za-z0-9.!%*_+`'~]+$/.test(t)) return undefined;
  const params = parseParams(rest.join(';'));
  const profile = paramValue(params, 'profile');
  return { type: t, params, ...(profile !== undefined ? { profile } : {}) };
}

export interface SipSubscriptionState {
  readonly state: string;
  readonly params: readonly SipParam[];
  readonly expires?: number;
  readonly reason?: string;
}

// Subscription-State = "Subscription-State" HCOLON substate-value *( SEMI subexp-params )  (RFC 6665 section 8.4)
export function parseSubscriptionState(value: string): SipSubscriptionState | undefined {
  const ev = parseEvent(value);
  if (!ev) return undefined;
  const expires = paramValue(ev.params, 'expires');
  const reason = paramValue(ev.params, 'reason');
  return {
    state: ev.type.toLowerCase(), params: ev.params,
    ...(expires !== undefined && /^\d+$/.test(expires) ? { expires: Number(expires) } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** The typed view of everything a phone line uses. Missing or unparsable headers are absent. */
export interface SipView {
  readonly via: readonly SipVia[];
  readonly from?: SipNameAddr;
  readonly to?: SipNameAddr;
  readonly callId?: string;
  readonly cseq?: SipCSeq;
  readonly contact: readonly SipNameAddr[];
  readonly contentLength?: number;
  readonly contentType?: string;
  readonly event?: SipEvent;
  readonly subscriptionState?: SipSubscriptionState;
  readonly maxForwards?: number;
  /** Raw credentials / challenges (RFC 3261 section 22); digest is not computed here. */
  readonly authorization: readonly string[];
  readonly wwwAuthenticate: readonly string[];
}

function numberOf(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,10}$/.test(v) ? Number(v) : undefined;
}

export function sipView(m: SipMessage): SipView {
  const from = headerValue(m, 'From');
  const to = headerValue(m, 'To');
  const callId = headerValue(m, 'Call-ID');
  const cseq = headerValue(m, 'CSeq');
  const event = headerValue(m, 'Event');
  const subState = headerValue(m, 'Subscription-State');
  const contentType = headerValue(m, 'Content-Type');
  const contentLength = numberOf(headerValue(m, 'Content-Length'));
  const maxForwards = numberOf(headerValue(m, 'Max-Forwards'));
  const parsed = {
    from: from !== undefined ? parseNameAddr(from) : undefined,
    to: to !== undefined ? parseNameAddr(to) : undefined,
    cseq: cseq !== undefined ? parseCSeq(cseq) : undefined,
    event: event !== undefined ? parseEvent(event) : undefined,
    subscriptionState: subState !== undefined ? parseSubscriptionState(subState) : undefined,
  };
  const view: Record<string, unknown> = {
    via: vias(m),
    contact: headerValues(m, 'Contact').flatMap(splitCommaList).map(parseNameAddr).filter((c): c is SipNameAddr => c !== undefined),
    authorization: [...headerValues(m, 'Authorization'), ...headerValues(m, 'Proxy-Authorization')],
    wwwAuthenticate: [...headerValues(m, 'WWW-Authenticate'), ...headerValues(m, 'Proxy-Authenticate')],
  };
  const optional = { ...parsed, callId, contentType, contentLength, maxForwards };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) view[k] = v;
  return view as unknown as SipView;
}
