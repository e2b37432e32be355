/**
 * Test driver for lib/phone-model: feeds events on the virtual clock, answers effects from a
 * scripted DHCP server and file-server map, jumps to the next timer when nothing is pending,
 * and records a timeline in spec vocabulary (power-up, DHCPACK, GET /x.xml -> 404, ...).
 *
 * Encryption is simulated (the model only decides *that* and *with what* to decrypt):
 * fakeOpensslEnc(key, text) makes a body starting "Salted__" that decrypts only with `key`,
 * fakeAes128gcm(ikm, text) one that decrypts only with `ikm`; gzip is real (node:zlib).
 */
import { gunzipSync } from 'node:zlib';
import {
  applyTimerEffects, describeEffect, describeEvent, emptyTimerBook, fireTimer, initialState, nextTimer, step,
  type DhcpServerOptions, type Effect, type FetchEffect, type FetchOutcome, type PhoneEvent, type PhoneFacts, type PhoneState, type TimerBook,
} from '../../lib/phone-model/index.js';

export type Reply =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Uint8Array }
  | { readonly tftp: string | Uint8Array }
  | { readonly tftpError: number }
  | { readonly networkError: string };

/** URL text (as the model resolves it) -> reply, or replies in order (the last one repeats). */
export type ServerMap = Readonly<Record<string, Reply | readonly Reply[]>>;

export interface DhcpScript {
  readonly yiaddr: string;
  readonly options: DhcpServerOptions;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ScriptedEvent = DistributiveOmit<PhoneEvent, 'at'>;

export interface RunOptions {
  readonly seed: number;
  readonly config?: Readonly<Record<string, string>>;
  readonly facts?: Partial<PhoneFacts>;
  /** undefined = a DHCP server with option 66 = tftp.example; null = no DHCP answer at all. */
  readonly dhcp?: DhcpScript | null;
  readonly server?: ServerMap;
  /** Extra events at given virtual times (ms). */
  readonly script?: readonly { readonly at: number; readonly event: ScriptedEvent }[];
  /** Stop when the next thing to happen is later than this (ms). */
  readonly until: number;
  readonly maxSteps?: number;
  /** Power the phone up at t=0 (default true). */
  readonly powerUp?: boolean;
}

export interface TimelineEntry {
  readonly at: number;
  readonly kind: 'event' | 'effect';
  readonly text: string;
}

export interface RunResult {
  readonly state: PhoneState;
  readonly timeline: readonly TimelineEntry[];
  readonly events: readonly PhoneEvent[];
  readonly effects: readonly { readonly at: number; readonly effect: Effect }[];
  readonly fetches: readonly { readonly at: number; readonly fetch: FetchEffect }[];
  readonly fired: readonly { readonly at: number; readonly id: string }[];
  toString(): string;
}

export const DEFAULT_DHCP: DhcpScript = { yiaddr: '10.77.0.10', options: { serverId: '10.77.0.1', leaseSeconds: 86400, tftpServerName: 'tftp.example' } };

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (b: string | Uint8Array | undefined): Uint8Array => (b === undefined ? new Uint8Array() : typeof b === 'string' ? enc.encode(b) : b);

export function fakeOpensslEnc(key: string, text: string): Uint8Array {
  return enc.encode(`Salted__12345678KEY:${key}\n${text}`);
}

export function fakeAes128gcm(ikm: string, text: string): Uint8Array {
  return enc.encode(`IKM:${ikm}\n${text}`);
}

export function profileXml(params: Readonly<Record<string, string>>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<flat-profile>\n${Object.entries(params).map(([k, v]) => `  <${k}>${esc(v)}</${k}>`).join('\n')}\n</flat-profile>\n`;
}

function fakeDecrypt(e: Extract<Effect, { type: 'decrypt' }>, body: Uint8Array): Uint8Array | undefined {
  const text = dec.decode(body);
  const prefix = e.algorithm === 'openssl-enc' ? `Salted__12345678KEY:${e.key}\n` : `IKM:${e.ikm}\n`;
  return text.startsWith(prefix) ? enc.encode(text.slice(prefix.length)) : undefined;
}

function toOutcome(r: Reply): FetchOutcome {
  if ('status' in r) return { kind: 'http', status: r.status, headers: r.headers ?? {}, body: bytes(r.body) };
  if ('tftp' in r) return { kind: 'tftp', body: bytes(r.tftp) };
  if ('tftpError' in r) return { kind: 'tftp-error', code: r.tftpError, message: r.tftpError === 1 ? 'File not found' : 'error' };
  return { kind: 'network-error', message: r.networkError };
}

function outcomeText(o: FetchOutcome): string {
  switch (o.kind) {
    case 'http': return String(o.status);
    case 'tftp': return 'DATA (complete)';
    case 'tftp-error': return `ERROR ${o.code}`;
    case 'network-error': return `no answer (${o.message})`;
  }
}

export function runModel(opts: RunOptions): RunResult {
  let state = initialState({ seed: opts.seed, ...(opts.config ? { config: opts.config } : {}), ...(opts.facts ? { facts: opts.facts } : {}) });
  let book: TimerBook = emptyTimerBook(0);
  const dhcp = opts.dhcp === undefined ? DEFAULT_DHCP : opts.dhcp;
  const queue: PhoneEvent[] = [];
  const script = [...(opts.script ?? [])].sort((a, b) => a.at - b.at);
  let si = 0;
  const served = new Map<string, number>();
  const fetchById = new Map<number, FetchEffect>();
  const bodyById = new Map<number, Uint8Array>();
  const timeline: TimelineEntry[] = [];
  const events: PhoneEvent[] = [];
  const effects: { at: number; effect: Effect }[] = [];
  const fetches: { at: number; fetch: FetchEffect }[] = [];
  const fired: { at: number; id: string }[] = [];
  if (opts.powerUp !== false) queue.push({ type: 'power-up', at: 0 });
  const maxSteps = opts.maxSteps ?? 10_000;

  for (let n = 0; n < maxSteps; n++) {
    let ev = queue.shift();
    if (!ev) {
      const t = nextTimer(book);
      const s = script[si];
      const tAt = t?.at ?? Infinity;
      const sAt = s?.at ?? Infinity;
      if (Math.min(tAt, sAt) > opts.until) break;
      if (s && sAt <= tAt) {
        ev = { ...s.event, at: Math.max(sAt, book.now) } as PhoneEvent;
        si++;
      } else if (t) {
        book = fireTimer(book, t.name);
        ev = { type: 'timer', name: t.name, at: t.at };
      } else break;
    }
    book = { ...book, now: Math.max(book.now, ev.at) };
    events.push(ev);
    timeline.push({ at: ev.at, kind: 'event', text: ev.type === 'fetch-result' ? `${fetchLabel(fetchById.get(ev.id))} -> ${outcomeText(ev.outcome)}` : describeEvent(ev) });
    const r = step(state, ev);
    state = r.state;
    for (const id of r.fired) fired.push({ at: ev.at, id });
    book = applyTimerEffects(book, r.effects);
    for (const e of r.effects) {
      effects.push({ at: ev.at, effect: e });
      if (e.type !== 'log' && e.type !== 'start-timer' && e.type !== 'cancel-timer') timeline.push({ at: ev.at, kind: 'effect', text: describeEffect(e) });
      respond(e, ev.at);
    }
  }

  function fetchLabel(f: FetchEffect | undefined): string {
    if (!f) return 'result';
    return `${f.scheme === 'tftp' ? 'TFTP' : f.method} ${f.url}`;
  }

  function respond(e: Effect, at: number): void {
    switch (e.type) {
      case 'send-dhcp': {
        if (!dhcp) return;
        const d = e.dhcp;
        if (d.message === 'DHCPDISCOVER') queue.push({ type: 'dhcp-offer', at, xid: d.xid, yiaddr: dhcp.yiaddr, options: dhcp.options });
        else queue.push({ type: 'dhcp-ack', at, xid: d.xid, yiaddr: dhcp.yiaddr, options: dhcp.options });
        return;
      }
      case 'fetch': {
        fetches.push({ at, fetch: e });
        fetchById.set(e.id, e);
        const entry = opts.server?.[e.url];
        let reply: Reply;
        if (entry === undefined) reply = e.scheme === 'tftp' ? { tftpError: 1 } : { status: 404 };
        else if (Array.isArray(entry)) {
          const i = served.get(e.url) ?? 0;
          served.set(e.url, i + 1);
          reply = entry[Math.min(i, entry.length - 1)] as Reply;
        } else reply = entry as Reply;
        const outcome = toOutcome(reply);
        if (outcome.kind === 'http' || outcome.kind === 'tftp') bodyById.set(e.id, outcome.body);
        queue.push({ type: 'fetch-result', at, id: e.id, outcome });
        return;
      }
      case 'decrypt': {
        const out = fakeDecrypt(e, bodyById.get(e.id) ?? new Uint8Array());
        if (out) bodyById.set(e.id, out);
        queue.push({ type: 'decrypt-result', at, id: e.id, ok: out !== undefined, ...(out ? { body: out } : {}) });
        return;
      }
      case 'gunzip': {
        let out: Uint8Array | undefined;
        try { out = new Uint8Array(gunzipSync(bodyById.get(e.id) ?? new Uint8Array())); } catch { out = undefined; }
        if (out) bodyById.set(e.id, out);
        queue.push({ type: 'gunzip-result', at, id: e.id, ok: out !== undefined, ...(out ? { body: out } : {}) });
        return;
      }
      case 'reboot':
        queue.push({ type: 'power-up', at });
        return;
      default:
        return;
    }
  }

  return {
    state, timeline, events, effects, fetches, fired,
    toString: () => timeline.map((t) => `${(t.at / 1000).toFixed(3).padStart(12)}s ${t.kind === 'event' ? '<-' : '->'} ${t.text}`).join('\n'),
  };
}

/** Profile fetches only (purpose 'profile'), for gap measurements. */
export function profileFetches(r: RunResult): { at: number; url: string }[] {
  return r.fetches.filter((f) => f.fetch.purpose === 'profile').map((f) => ({ at: f.at, url: f.fetch.url }));
}

export function gapsSeconds(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => (t - (times[i] as number)) / 1000);
}
