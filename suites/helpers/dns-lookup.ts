/**
 * DNS as a phone uses it: which server it asks (option 6; in loopback runs the target's own DNS on its
 * unprivileged port) and one A query through the emulator's UDP endpoint (recorded in the test's
 * capture; bounded wait).
 */
import { isIP } from 'node:net';
import { decode, encode } from '../../lib/codec/dns/index.js';
import { UdpEndpoint } from '../../lib/emulator/net/udp-endpoint.js';
import type { TargetView, TestContext } from '../../lib/runner/types.js';

/** A DNS server to query: address and UDP port. */
export interface DnsServer {
  readonly address: string;
  readonly port: number;
}

/** The lab adaptation recorded when loopback runs ask the target's DNS on its unprivileged port. */
export const LOOPBACK_DNS_ADAPTATION = 'DNS on the target\'s unprivileged port: on loopback the option 6 server is asked at the target\'s own DNS port, not 53';

/**
 * Why names cannot be looked up in this run, or undefined when they can: lab mode with a lab DNS (the
 * target's own or lib/lab/services), or loopback against a target that serves DNS itself (builtin).
 */
export function dnsUnavailable(t: TargetView): string | undefined {
  if (t.labDns) return undefined;
  if (t.mode === 'loopback') return t.serves.includes('dns') ? undefined : 'on loopback only the target\'s own DNS can be asked, and this target serves none';
  return 'this lab run has no lab DNS server';
}

/**
 * Where the phone's DNS query goes for the option 6 address `option6`: port 53 in a lab; on loopback
 * the target's DNS port, and only when option 6 names the target (nothing else is reachable there).
 * Returns a reason string when it cannot be asked.
 */
export function phoneDnsServer(ctx: TestContext, option6: string): DnsServer | { readonly unreachable: string } {
  if (ctx.target.mode === 'lab') return { address: option6, port: 53 };
  const port = ctx.running.ports.dns;
  if (port === undefined) return { unreachable: 'the target serves no DNS on loopback' };
  if (option6 !== ctx.running.serverIp) return { unreachable: `option 6 names ${option6}, not the target (${ctx.running.serverIp}); on loopback only the target's own DNS is asked` };
  ctx.adapt(LOOPBACK_DNS_ADAPTATION);
  return { address: option6, port };
}

/** True for an IPv4/IPv6 literal (brackets allowed): no lookup needed. */
export function isAddressLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

export async function lookupA(ctx: TestContext, server: string, name: string, port = 53): Promise<string[]> {
  const ep = await UdpEndpoint.bind({ proto: 'udp', tap: ctx.tap });
  try {
    const id = Math.floor(ctx.random() * 0xffff);
    const answer = new Promise<string[]>((resolve) => {
      const timer = setTimeout(() => resolve([]), ctx.replyTimeoutMs);
      ep.onDatagram((bytes) => {
        try {
          const m = decode(bytes).value;
          if (m.id !== id || !m.qr) return;
          clearTimeout(timer);
          resolve(m.answers.flatMap((r) => (r.data.kind === 'A' ? [r.data.address] : [])));
        } catch {
          // not a DNS answer: keep waiting until the timer
        }
      });
    });
    await ep.send(encode({
      id, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, z: 0, rcode: 0,
      questions: [{ name, type: 1, class: 1 }], answers: [], authorities: [], additionals: [],
    }), { address: server, port });
    return await answer;
  } finally {
    await ep.close();
  }
}
