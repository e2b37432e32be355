/** One A query through the emulator's UDP endpoint (recorded in the test's capture); bounded wait. */
import { decode, encode } from '../../lib/codec/dns/index.js';
import { UdpEndpoint } from '../../lib/emulator/net/udp-endpoint.js';
import type { TestContext } from '../../lib/runner/types.js';

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
