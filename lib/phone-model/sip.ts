/**
 * SIP NOTIFY driven resync (SIP-001/002/003, X-SIP-020..022). The Event header grammar is
 * RFC 6665 section 8.4 (event-type *( SEMI event-param )); only `resync` is a resync event
 * on MPP, `check-sync` is other vendors' (SIP-005) and is refused like any unknown package
 * with 489 Bad Event (RFC 6665 section 8.3.1).
 */
import type { StepCtx } from './ctx.js';
import { paramYes } from './params.js';
import { requestExplicitResync } from './resync.js';

export interface ParsedEvent {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses an Event header value: type lower-cased, params with quotes removed. */
export function parseEventHeader(value: string): ParsedEvent {
  const parts = splitParams(value);
  const type = (parts[0] ?? '').trim().toLowerCase();
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    let v = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (name !== '') params[name] = v;
  }
  return { type, params };
}

/** Splits on ';' outside double quotes (a quoted profile URL may hold ';'). */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

export function onSipNotify(ctx: StepCtx, event: string, callId: string, cseq: number): void {
  const ev = parseEventHeader(event);
  const respond = (status: number, reason: string, reqs: readonly string[]) =>
    ctx.emit({ type: 'send-sip-response', callId, cseq, status, reason, reqs });
  if (ev.type === 'resync') {
    if (!paramYes(ctx.s.config, 'Resync_From_SIP')) {
      respond(489, 'Bad Event', ctx.fire('sip.notify.resync.disabled'));
      return;
    }
    respond(200, 'OK', ctx.fire('sip.notify.resync.accepted'));
    const profile = ev.params['profile'];
    requestExplicitResync(ctx, profile !== undefined && profile !== '' ? 'sip.notify.resync.profile' : 'sip.notify.resync', profile !== undefined && profile !== '' ? profile : undefined);
    return;
  }
  if (ev.type === 'check-sync') {
    respond(489, 'Bad Event', ctx.fire('sip.notify.check-sync'));
    return;
  }
  respond(489, 'Bad Event', ctx.fire('sip.notify.other'));
}
