/**
 * A SIP user agent over UDP for one phone line (RFC 3261): REGISTER (digest when challenged),
 * NOTIFY handed to a callback whose answer (the phone model's: 200, or 489 Bad Event for check-sync
 * or Resync_From_SIP=No, SIP-001/002/005) is sent back; 200 when no callback answers. Calls are taken so that
 * "idle" is real: INVITE -> 100, 180, 200 (retransmitted until ACK, section 13.3.1.4), ACK, BYE -> 200,
 * CANCEL -> 200 + 487. One call at a time; a second INVITE gets 486. Reports line state changes.
 * Randomness (tags, branches, Call-IDs) comes from the caller's seeded source.
 */
import { buildRequest, buildResponse, decode as decodeSip, encode as encodeSip, headerValue, sipView, type SipEvent, type SipMessage, type SipRequest, type SipResponse } from '../../codec/sip/index.js';
import { UdpEndpoint } from '../net/udp-endpoint.js';
import type { Endpoint, PacketTap } from '../net/packet-events.js';
import { digestAuthorization, parseDigestChallenge } from './sip-digest.js';

export type LineState = 'idle' | 'ringing' | 'connected';

export interface SipUaOptions {
  /** The phone's address (lease) and SIP port (0 = ephemeral). */
  readonly localAddress: string;
  readonly localPort?: number;
  /** Registrar / proxy. */
  readonly server: Endpoint;
  /** User part of the AOR, e.g. the extension '1001'. */
  readonly user: string;
  /** Domain of the AOR; default the server address. */
  readonly domain?: string;
  readonly password?: string;
  /** [0,1) source for tags/branches/Call-IDs (seeded). */
  readonly random: () => number;
  /** RFC 3261 T1; default 500 ms. */
  readonly t1Ms?: number;
  /** Delay between 180 and 200; default 0. */
  readonly answerAfterMs?: number;
  readonly userAgent?: string;
  /**
   * Called for every NOTIFY before it is answered; the returned status (and reason) is the answer,
   * so that the phone model, not the UA, decides (RFC 6665 section 8.3.1: 489 for an unsupported
   * event package). No return value = 200.
   */
  readonly onNotify?: (event: SipEvent | undefined, request: SipRequest) => NotifyAnswer | void | Promise<NotifyAnswer | void>;
  readonly onLineState?: (state: LineState, callId: string | undefined) => void;
  readonly tap?: PacketTap;
  readonly phone?: string;
}

export interface NotifyAnswer {
  /** Final status, 200..699. */
  readonly status: number;
  readonly reason?: string;
}

export interface RegisterResult {
  readonly status: number | undefined;
  /** Expires granted (Contact or Expires header), when 2xx. */
  readonly expires?: number;
  /** Requests sent, including retransmissions and the authenticated retry. */
  readonly sent: number;
}

interface Call {
  readonly callId: string;
  readonly invite: SipRequest;
  readonly from: Endpoint;
  readonly toTag: string;
  lastResponse?: SipResponse;
  acked: boolean;
  timer?: NodeJS.Timeout;
}

interface Pending { match: (r: SipResponse) => boolean; resolve: (r: SipResponse) => void }

export class SipUserAgent {
  private state: LineState = 'idle';
  private call: Call | undefined;
  private readonly pending = new Set<Pending>();
  /** Final answers to recent NOTIFYs by Call-ID + CSeq, for retransmissions (at most 64). */
  private readonly notifyAnswers = new Map<string, SipResponse>();
  private cseq = 1;
  private readonly callIdReg: string;

  private constructor(private readonly ep: UdpEndpoint, private readonly o: SipUaOptions) {
    this.callIdReg = `${this.token(16)}@${o.localAddress}`;
    ep.onDatagram((bytes, from) => this.receive(bytes, from));
  }

  static async start(o: SipUaOptions): Promise<SipUserAgent> {
    const ep = await UdpEndpoint.bind({ address: o.localAddress, port: o.localPort ?? 0, proto: 'sip', tap: o.tap, phone: o.phone });
    return new SipUserAgent(ep, o);
  }

  get local(): Endpoint { return this.ep.local; }
  get lineState(): LineState { return this.state; }
  private get domain(): string { return this.o.domain ?? this.o.server.address; }
  private get contactUri(): string { return `sip:${this.o.user}@${this.ep.local.address}:${this.ep.local.port}`; }
  private get t1(): number { return this.o.t1Ms ?? 500; }

  private token(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.o.random() * 36).toString(36);
    return s;
  }

  private send(m: SipMessage, to: Endpoint): Promise<void> {
    return this.ep.send(encodeSip(m), to);
  }

  private setState(s: LineState, callId: string | undefined): void {
    if (s === this.state) return;
    this.state = s;
    this.o.onLineState?.(s, callId);
  }

  /** REGISTER with retransmission (Timer E: T1 doubling to 4 s, give up after 64*T1) and one digest retry. */
  async register(expires = 3600): Promise<RegisterResult> {
    let sent = 0;
    let auth: [string, string] | undefined;
    for (let round = 0; round < 2; round++) {
      const cseq = this.cseq++;
      const req = buildRequest({
        method: 'REGISTER', uri: `sip:${this.domain}`, via: { sentBy: `${this.ep.local.address}:${this.ep.local.port}`, branch: `z9hG4bK${this.token(12)}`, rport: true },
        from: { uri: `sip:${this.o.user}@${this.domain}`, tag: this.token(8) }, to: { uri: `sip:${this.o.user}@${this.domain}` },
        callId: this.callIdReg, cseq, contact: { uri: this.contactUri },
        headers: [['Expires', String(expires)], ...(this.o.userAgent ? [['User-Agent', this.o.userAgent] as [string, string]] : []), ...(auth ? [auth] : [])],
      });
      const { response, count } = await this.transact(req, cseq);
      sent += count;
      if (!response) return { status: undefined, sent };
      if ((response.status === 401 || response.status === 407) && round === 0 && this.o.password !== undefined) {
        const challenge = parseDigestChallenge(headerValue(response, response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ?? '');
        if (!challenge) return { status: response.status, sent };
        const value = digestAuthorization({ challenge, username: this.o.user, password: this.o.password, method: 'REGISTER', uri: `sip:${this.domain}`, cnonce: this.token(16) });
        auth = [response.status === 401 ? 'Authorization' : 'Proxy-Authorization', value];
        continue;
      }
      const granted = /expires=(\d+)/i.exec(headerValue(response, 'Contact') ?? '')?.[1] ?? headerValue(response, 'Expires');
      return { status: response.status, ...(response.status < 300 && granted !== undefined && /^\d+$/.test(granted) ? { expires: Number(granted) } : {}), sent };
    }
    return { status: undefined, sent };
  }

  /** Sends a non-INVITE request until a final response (RFC 3261 section 17.1.2.2). */
  private async transact(req: SipRequest, cseq: number): Promise<{ response?: SipResponse; count: number }> {
    let final: SipResponse | undefined;
    const p: Pending = {
      match: (r) => sipView(r).callId === this.callIdReg && sipView(r).cseq?.seq === cseq && r.status >= 200,
      resolve: (r) => { final = r; },
    };
    this.pending.add(p);
    let count = 0;
    const deadline = Date.now() + 64 * this.t1;
    let interval = this.t1;
    try {
      while (!final && Date.now() < deadline) {
        await this.send(req, this.o.server);
        count++;
        const until = Date.now() + interval;
        while (!final && Date.now() < until) await new Promise((r) => setTimeout(r, Math.min(10, interval)));
        interval = Math.min(interval * 2, 4000);
      }
    } finally {
      this.pending.delete(p);
    }
    return { response: final, count };
  }

  private receive(bytes: Uint8Array, from: Endpoint): void {
    let m: SipMessage;
    try { m = decodeSip(bytes).value; } catch { return; } // keep-alives and junk are not for the UA
    if (m.kind === 'response') {
      for (const p of this.pending) if (p.match(m)) p.resolve(m);
      return;
    }
    void this.request(m, from).catch(() => undefined);
  }

  private async request(req: SipRequest, from: Endpoint): Promise<void> {
    const v = sipView(req);
    const reply = (status: number, opts: Parameters<typeof buildResponse>[2] = {}) => this.send(buildResponse(req, status, { toTag: this.token(8), ...opts }), from);
    switch (req.method) {
      case 'NOTIFY': {
        // RFC 3261 section 17.2.2: a retransmitted NOTIFY gets the same final response again and is
        // not handed to the model a second time (one resync per NOTIFY).
        const key = `${v.callId ?? ''} ${v.cseq?.seq ?? ''}`;
        const previous = this.notifyAnswers.get(key);
        if (previous) { await this.send(previous, from); return; }
        let answer: NotifyAnswer | void = undefined;
        try {
          answer = await this.o.onNotify?.(v.event, req);
        } catch {
          answer = { status: 500, reason: 'Server Internal Error' }; // the hook failed: say so rather than stay silent
        }
        const status = answer && Number.isInteger(answer.status) && answer.status >= 200 && answer.status <= 699 ? answer.status : 200;
        const response = buildResponse(req, status, { toTag: this.token(8), ...(answer?.reason !== undefined ? { reason: answer.reason } : {}) });
        this.notifyAnswers.set(key, response);
        if (this.notifyAnswers.size > 64) this.notifyAnswers.delete(this.notifyAnswers.keys().next().value!); // bounded: oldest first
        await this.send(response, from);
        return;
      }
      case 'OPTIONS':
        await reply(200, { headers: [['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY']] });
        return;
      case 'INVITE':
        return this.invite(req, from);
      case 'ACK':
        if (this.call && this.call.callId === v.callId) {
          this.call.acked = true;
          clearTimeout(this.call.timer);
          if (this.call.lastResponse?.status === 200) this.setState('connected', v.callId);
          else this.endCall(); // ACK of 486/487 ends the transaction
        }
        return;
      case 'BYE':
        if (this.call && this.call.callId === v.callId) {
          await reply(200);
          this.endCall();
        } else await reply(481);
        return;
      case 'CANCEL':
        if (this.call && this.call.callId === v.callId && !this.call.acked && this.call.lastResponse?.status !== 200) {
          await reply(200);
          const r487 = buildResponse(this.call.invite, 487, { toTag: this.call.toTag });
          this.call.lastResponse = r487;
          await this.send(r487, this.call.from);
          this.endCall();
        } else await reply(481);
        return;
      default:
        await reply(405, { headers: [['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY']] });
    }
  }

  private async invite(req: SipRequest, from: Endpoint): Promise<void> {
    const callId = sipView(req).callId ?? '';
    if (this.call && this.call.callId === callId) {
      // A retransmitted INVITE: repeat the last response (RFC 3261 section 17.2.1).
      if (this.call.lastResponse) await this.send(this.call.lastResponse, from);
      return;
    }
    if (this.call) {
      await this.send(buildResponse(req, 486, { toTag: this.token(8) }), from);
      return;
    }
    const call: Call = { callId, invite: req, from, toTag: this.token(8), acked: false };
    this.call = call;
    await this.send(buildResponse(req, 100), from);
    const ringing = buildResponse(req, 180, { toTag: call.toTag, headers: [['Contact', `<${this.contactUri}>`]] });
    call.lastResponse = ringing;
    await this.send(ringing, from);
    this.setState('ringing', callId);
    if (this.o.answerAfterMs) await new Promise((r) => setTimeout(r, this.o.answerAfterMs));
    if (this.call !== call) return; // cancelled meanwhile
    const sdp = `v=0\r\no=- 1 1 IN IP4 ${this.ep.local.address}\r\ns=-\r\nc=IN IP4 ${this.ep.local.address}\r\nt=0 0\r\nm=audio ${this.ep.local.port + 2} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
    const ok = buildResponse(req, 200, { toTag: call.toTag, headers: [['Contact', `<${this.contactUri}>`]], contentType: 'application/sdp', body: sdp });
    call.lastResponse = ok;
    await this.send(ok, from);
    // RFC 3261 section 13.3.1.4: retransmit 200 at T1 doubling to T2 until the ACK, for at most 64*T1.
    let interval = this.t1;
    const deadline = Date.now() + 64 * this.t1;
    const again = () => {
      if (call.acked || this.call !== call) return;
      if (Date.now() >= deadline) { this.endCall(); return; }
      void this.send(ok, from).catch(() => undefined);
      interval = Math.min(interval * 2, 4000);
      call.timer = setTimeout(again, interval);
    };
    call.timer = setTimeout(again, interval);
  }

  private endCall(): void {
    const id = this.call?.callId;
    if (this.call?.timer) clearTimeout(this.call.timer);
    this.call = undefined;
    this.setState('idle', id);
  }

  async close(): Promise<void> {
    if (this.call?.timer) clearTimeout(this.call.timer);
    this.call = undefined;
    await this.ep.close();
  }
}
