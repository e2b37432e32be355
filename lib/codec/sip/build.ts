/**
 * Builders for complete, valid SIP messages (style-examples.md #17). Tags, branches and Call-IDs
 * are inputs, never random here: the caller's seeded PRNG provides them.
 */
import { ProvcertError } from '../../errors.js';
import { reasonPhrase } from './codes.js';
import { formatParams, type SipParam } from './params.js';
import { stringToOctets } from './octets.js';
import { headerValues, parseNameAddr } from './views.js';
import type { SipHeader, SipRequest, SipResponse } from './types.js';

const PROTO = 'sip';

export interface AddressInput {
  readonly uri: string;
  readonly displayName?: string;
  readonly tag?: string;
}

export interface ViaInput {
  /** 'UDP' (default), 'TCP', 'TLS' */
  readonly transport?: string;
  /** host[:port] */
  readonly sentBy: string;
  /** Must start with the RFC 3261 magic cookie z9hG4bK (section 8.1.1.7). */
  readonly branch: string;
  readonly rport?: boolean;
}

export interface RequestInput {
  readonly method: string;
  readonly uri: string;
  readonly via: ViaInput;
  readonly from: AddressInput;
  readonly to: AddressInput;
  readonly callId: string;
  readonly cseq: number;
  readonly contact?: AddressInput;
  /** Default 70 (RFC 3261 section 8.1.1.6). */
  readonly maxForwards?: number;
  /** Extra headers, written after Contact in this order. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

function fail(message: string): never {
  throw new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto: PROTO });
}

export function formatAddress(a: AddressInput): string {
  const dn = a.displayName !== undefined ? `"${a.displayName.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${dn}<${a.uri}>${a.tag !== undefined ? `;tag=${a.tag}` : ''}`;
}

export function formatVia(v: ViaInput): string {
  if (!v.branch.startsWith('z9hG4bK')) fail(`Via branch '${v.branch}' lacks the z9hG4bK magic cookie (RFC 3261 section 8.1.1.7)`);
  return `SIP/2.0/${(v.transport ?? 'UDP').toUpperCase()} ${v.sentBy};branch=${v.branch}${v.rport ? ';rport' : ''}`;
}

function bodyBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array();
  return typeof body === 'string' ? stringToOctets(body, PROTO) : body;
}

function checkText(what: string, text: string): void {
  if (/[\r\n]/.test(text)) fail(`${what} contains a line break`);
}

function headersOf(list: ReadonlyArray<readonly [string, string]>): SipHeader[] {
  return list.map(([name, value]) => {
    checkText(`header ${name}`, value);
    if (!/^[-A-Za-z0-9.!%*_+`'~]+$/.test(name)) fail(`'${name}' is not a header name token`);
    return { name, value };
  });
}

export function buildRequest(input: RequestInput): SipRequest {
  if (!/^[-A-Za-z0-9.!%*_+`'~]+$/.test(input.method)) fail(`'${input.method}' is not a method token`);
  if (!Number.isInteger(input.cseq) || input.cseq < 0 || input.cseq > 2 ** 31 - 1) fail(`CSeq ${input.cseq} is outside 0..2^31-1 (RFC 3261 section 8.1.1.5)`);
  checkText('Request-URI', input.uri);
  if (/\s/.test(input.uri)) fail('Request-URI contains whitespace');
  const body = bodyBytes(input.body);
  const list: Array<[string, string]> = [
    ['Via', formatVia(input.via)],
    ['Max-Forwards', String(input.maxForwards ?? 70)],
    ['From', formatAddress(input.from)],
    ['To', formatAddress(input.to)],
    ['Call-ID', input.callId],
    ['CSeq', `${input.cseq} ${input.method}`],
  ];
  if (input.contact) list.push(['Contact', formatAddress(input.contact)]);
  list.push(...(input.headers ?? []).map(([n, v]) => [n, v] as [string, string]));
  if (input.contentType !== undefined) list.push(['Content-Type', input.contentType]);
  // Always written, so that the message frames over TCP too (RFC 3261 section 20.14).
  list.push(['Content-Length', String(body.length)]);
  return { kind: 'request', method: input.method, uri: input.uri, version: 'SIP/2.0', headers: headersOf(list), body };
}

/** Event packages used for remote provisioning (SIP-001, SIP-002, SIP-005, SIP-006). */
export type ProvisioningEvent =
  | { readonly type: 'resync'; readonly profile?: string; readonly params?: readonly SipParam[] }
  | { readonly type: 'check-sync' | 'report' | 'reboot' | (string & {}); readonly params?: readonly SipParam[] };

export interface NotifyInput extends Omit<RequestInput, 'method' | 'headers'> {
  readonly event: ProvisioningEvent;
  /** e.g. 'active;expires=60' or 'terminated;reason=noresource'; omitted when not given (see docs). */
  readonly subscriptionState?: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}

export function formatEvent(e: ProvisioningEvent): string {
  const params: SipParam[] = [];
  if ('profile' in e && e.profile !== undefined) params.push({ name: 'profile', value: e.profile });
  params.push(...(e.params ?? []));
  // The seed writes profile="..." quoted (Event:resync;profile="http://..."), so a URL is always quoted.
  return e.type + params.map((p) => (p.name === 'profile' && p.value !== undefined ? `;profile="${p.value}"` : formatParams([p]))).join('');
}

/** An out-of-dialog NOTIFY asking a phone to resync (or another provisioning event). */
export function buildNotify(input: NotifyInput): SipRequest {
  const headers: Array<readonly [string, string]> = [['Event', formatEvent(input.event)]];
  if (input.subscriptionState !== undefined) headers.push(['Subscription-State', input.subscriptionState]);
  headers.push(...(input.headers ?? []));
  return buildRequest({ ...input, method: 'NOTIFY', headers });
}

export interface ResponseOptions {
  readonly reason?: string;
  /** To-tag added when the request's To has none and status > 100 (RFC 3261 section 8.2.6.2). */
  readonly toTag?: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/**
 * A response to `request` (RFC 3261 section 8.2.6.2): Via (all, in order), From, To, Call-ID
 * and CSeq copied; To gets a tag for status > 100 when it has none.
 */
export function buildResponse(request: SipRequest, status: number, opts: ResponseOptions = {}): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) fail(`status ${status} is outside 100..699`);
  const reason = opts.reason ?? reasonPhrase(status);
  checkText('reason phrase', reason);
  const list: Array<[string, string]> = [];
  for (const v of headerValues(request, 'Via')) list.push(['Via', v]);
  for (const name of ['From', 'To', 'Call-ID', 'CSeq'] as const) {
    let value = headerValues(request, name)[0];
    if (value === undefined) fail(`request has no ${name} header`);
    if (name === 'To' && status > 100 && opts.toTag !== undefined && parseNameAddr(value)?.tag === undefined) {
      value = `${value};tag=${opts.toTag}`;
    }
    list.push([name, value]);
  }
  list.push(...(opts.headers ?? []).map(([n, v]) => [n, v] as [string, string]));
  const body = bodyBytes(opts.body);
  if (opts.contentType !== undefined) list.push(['Content-Type', opts.contentType]);
  list.push(['Content-Length', String(body.length)]);
  return { kind: 'response', version: 'SIP/2.0', status, reason, headers: headersOf(list), body };
}
