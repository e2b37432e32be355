/**
 * SIP NOTIFY sender for `act({ type: 'notify-resync' })`: an out-of-dialog NOTIFY with
 * `Event: resync;profile="..."` (SIP-005; SIP-001) over UDP to the phone, retransmitted per
 * RFC 3261 section 17.1.2.2 (timer E from T1 doubling to T2; after a provisional response every T2)
 * until a final response or timer F (64*T1). Tags, branches and Call-IDs come from the run's seed.
 */
import { buildNotify, headerValue, sipCodec, vias, type SipMessage } from '../../codec/sip/index.js';
import { ProvcertError } from '../../errors.js';
import type { RunningService } from './dhcp-server.js';
import type { LogFn } from './log.js';
import { bindUdp, boundPort, closeUdp, sendUdp } from './udp.js';

export interface SipServiceOptions {
  readonly bind: string;
  readonly port: number;
  /** Address written in Via/From (the server's lab address). */
  readonly serverIp: string;
  readonly seed: number;
  /** RFC 3261 T1 (default 500 ms) and T2 (default 4 s); small values keep tests fast. */
  readonly t1Ms?: number;
  readonly t2Ms?: number;
  readonly log: LogFn;
}

export interface NotifyRequest {
  readonly phoneMac: string;
  /** sip:user@host[:port], or host[:port]. */
  readonly phoneSip: string;
  readonly profileUrl?: string;
}

export interface SipService extends RunningService {
  /** Resolves on a 2xx; rejects (PC_ERR_TARGET) on another final response or timer F. */
  notifyResync(r: NotifyRequest): Promise<number>;
}

/** host and port of a SIP URI or host:port (RFC 3261 section 19.1.1; default port 5060). */
export function sipTarget(s: string): { uri: string; host: string; port: number } {
  const m = /^(?:sips?:)?(?:[^@;]*@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?/.exec(s);
  if (!m) throw new ProvcertError('PC_ERR_CONFIG', `'${s}' is not a SIP address`);
  const host = m[1]!.replace(/^\[|\]$/g, '');
  const port = m[2] ? Number(m[2]) : 5060;
  const uri = /^sips?:/.test(s) ? s : `sip:${s}`;
  return { uri, host, port };
}

export async function startSip(o: SipServiceOptions): Promise<SipService> {
  const sock = await bindUdp(o.bind, o.port);
  const port = boundPort(sock);
  const t1 = o.t1Ms ?? 500;
  const t2 = o.t2Ms ?? 4000;
  const pending = new Map<string, (m: SipMessage) => void>();
  let counter = 0;
  sock.on('message', (bytes, rinfo) => {
    let m: SipMessage;
    try { m = sipCodec.decode(bytes).value; } catch { return; }
    if (m.kind !== 'response') {
      o.log('sip', `${rinfo.address}:${rinfo.port} ${m.method} ignored (this server only sends NOTIFY)`);
      return;
    }
    const branch = vias(m)[0]?.branch;
    const waiter = branch ? pending.get(branch) : undefined;
    if (waiter) waiter(m);
    else o.log('sip', `${rinfo.address}:${rinfo.port} stray response ${m.status} (no transaction)`);
  });
  sock.on('error', (e) => o.log('sip', `socket error: ${e.message}`));
  o.log('sip', `listening on ${o.bind}:${port} (NOTIFY sender)`);

  const notifyResync = (r: NotifyRequest): Promise<number> => {
    const target = sipTarget(r.phoneSip);
    const n = ++counter;
    const branch = `z9hG4bK${o.seed.toString(36)}n${n}`;
    const notify = buildNotify({
      uri: target.uri,
      via: { sentBy: `${o.serverIp}:${port}`, branch },
      from: { uri: `sip:provcert@${o.serverIp}`, tag: `pc${o.seed.toString(36)}${n}` },
      to: { uri: target.uri },
      callId: `notify-${o.seed.toString(36)}-${n}@${o.serverIp}`,
      cseq: 1,
      // SIP-005: Event resync (never check-sync) for Cisco MPP phones; RFC 6665 section 8.2.3 state.
      event: r.profileUrl !== undefined ? { type: 'resync', profile: r.profileUrl } : { type: 'resync' },
      subscriptionState: 'terminated;reason=noresource',
    });
    const bytes = sipCodec.encode(notify);
    const deadline = 64 * t1; // timer F
    return new Promise<number>((resolve, reject) => {
      let interval = t1;
      let elapsed = 0;
      let sends = 0;
      let timer: NodeJS.Timeout | undefined;
      const end = (status: number | undefined, err?: ProvcertError) => {
        if (timer) clearTimeout(timer);
        pending.delete(branch);
        if (err) reject(err);
        else resolve(status ?? 0);
      };
      const fire = () => {
        if (elapsed >= deadline) {
          o.log('sip', `NOTIFY resync to ${target.host}:${target.port} (${r.phoneMac}): no final response after ${sends} sends (timer F)`);
          return end(undefined, new ProvcertError('PC_ERR_TARGET', `no final response to NOTIFY from ${target.host}:${target.port} within ${deadline} ms`));
        }
        sends++;
        void sendUdp(sock, bytes, target.port, target.host);
        o.log('sip', `NOTIFY ${headerValue(notify, 'Event')} -> ${target.host}:${target.port} (${r.phoneMac}) send ${sends}`);
        timer = setTimeout(fire, Math.min(interval, deadline - elapsed));
        elapsed += Math.min(interval, deadline - elapsed);
        interval = Math.min(interval * 2, t2);
      };
      pending.set(branch, (m) => {
        if (m.kind !== 'response') return;
        if (m.status < 200) {
          // Proceeding: keep retransmitting, every T2 (RFC 3261 section 17.1.2.2).
          interval = t2;
          o.log('sip', `NOTIFY to ${target.host}:${target.port}: ${m.status} ${m.reason}`);
          return;
        }
        o.log('sip', `NOTIFY to ${target.host}:${target.port}: final ${m.status} ${m.reason} after ${sends} send(s)`);
        if (m.status < 300) end(m.status);
        else end(undefined, new ProvcertError('PC_ERR_TARGET', `phone answered NOTIFY with ${m.status} ${m.reason}`));
      });
      fire();
    });
  };
  return { port, notifyResync, stop: () => closeUdp(sock) };
}
