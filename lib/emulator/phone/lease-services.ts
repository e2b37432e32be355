/**
 * The sockets a phone opens on its leased address and closes when it loses it (reboot, lease
 * expiry): the source address itself, its route on the shared web endpoint, the SIP user agent
 * (line 1) and a syslog sender. They turn what arrives into model events through `sink`; they make
 * no decision themselves (a NOTIFY is handed to the model, which decides resync or 489).
 */
import { headerValue, sipView, type SipRequest } from '../../codec/sip/index.js';
import type { PhoneEvent } from '../../phone-model/index.js';
import { SipUserAgent, type LineState, type NotifyAnswer } from '../clients/sip-ua.js';
import { SyslogSender } from '../clients/syslog-sender.js';
import type { ResyncAnswer, ResyncCommand } from '../clients/web-endpoint.js';
import { seededRandom } from '../clients/dhcp-dora.js';
import type { PhoneEnv } from './phone-env.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type PhoneInput = DistributiveOmit<PhoneEvent, 'at'>;

export interface LeaseSink {
  /** Queue an event (time stamped by the phone's clock). */
  push(e: PhoneInput): void;
  /** Feed a web request now and return the model's web-response status. */
  web(cmd: ResyncCommand): ResyncAnswer;
  /** Feed a SIP NOTIFY now and return the model's send-sip-response status (200 / 489, X-SIP rows). */
  notify(e: Extract<PhoneInput, { type: 'sip-notify' }>): NotifyAnswer;
  note(kind: 'io' | 'error', text: string): void;
}

export class LeaseServices {
  private sip: SipUserAgent | undefined;
  private syslogSender: SyslogSender | undefined;
  private inCall = false;
  private closed = false;

  private constructor(readonly ip: string, readonly prefix: number, private readonly env: PhoneEnv, private readonly mac: string) {}

  /** Claims `ip` and opens the per-lease sockets; a SIP bind failure is noted, not fatal. */
  static async open(ip: string, prefix: number, env: PhoneEnv, mac: string, seed: number, sink: LeaseSink): Promise<LeaseServices> {
    const s = new LeaseServices(ip, prefix, env, mac);
    env.addresses.add(ip, prefix);
    env.web?.route(ip, (cmd) => sink.web(cmd));
    if (env.sip) {
      try {
        s.sip = await SipUserAgent.start({
          localAddress: ip, localPort: env.sip.port ?? 5060, server: env.sip.server, user: mac, random: seededRandom(seed ^ 0x51b),
          ...(env.sip.password !== undefined ? { password: env.sip.password } : {}), t1Ms: env.sip.t1Ms ?? 500,
          tap: env.tap, phone: mac,
          onNotify: (_ev, req: SipRequest) => {
            const v = sipView(req);
            return sink.notify({ type: 'sip-notify', line: 1, event: headerValue(req, 'Event') ?? '', callId: v.callId ?? '', cseq: v.cseq?.seq ?? 0 });
          },
          onLineState: (state: LineState) => s.lineState(state, sink),
        });
        sink.note('io', `SIP UA listening on ${ip}:${s.sip.local.port}`);
        if (env.sip.register) {
          const r = await s.sip.register();
          sink.note('io', `REGISTER -> ${r.status ?? 'no answer'} (${r.sent} sent)`);
        }
      } catch (e) {
        sink.note('error', `SIP UA on ${ip}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (s.closed) await s.close(); // closed while opening
    return s;
  }

  get sipPort(): number | undefined {
    return this.sip?.local.port;
  }

  private lineState(state: LineState, sink: LeaseSink): void {
    // A ringing or connected line is in use (RESYNC-009 defers resyncs until idle).
    if (state !== 'idle' && !this.inCall) { this.inCall = true; sink.push({ type: 'call-start', line: 1 }); }
    else if (state === 'idle' && this.inCall) { this.inCall = false; sink.push({ type: 'call-end', line: 1 }); }
  }

  async syslog(content: string): Promise<void> {
    if (!this.env.syslog) return;
    this.syslogSender ??= await SyslogSender.open({ localAddress: this.ip, server: this.env.syslog, tap: this.env.tap, phone: this.mac });
    // local0.info: the facility/severity are not modelled (NOT_MODELLED: syslog identifier).
    await this.syslogSender.send({ facility: 16, severity: 6, time: new Date(), hostname: this.ip, tag: 'provcert-phone', content });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.env.web?.route(this.ip, undefined);
    const sip = this.sip;
    this.sip = undefined;
    const sl = this.syslogSender;
    this.syslogSender = undefined;
    await Promise.all([sip?.close(), sl?.close()]);
    // The address itself stays until the fleet ends (addresses.clear()): in the lab the first
    // secondary address carries the subnet route, and a rebooting phone usually gets it back.
  }
}
