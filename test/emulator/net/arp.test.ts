import t from 'tap';
import fc from 'fast-check';
import { buildArpReply, parseArpRequest } from '../../../lib/emulator/net/arp.js';
import { buildUdpFrame } from '../../../lib/emulator/net/frames.js';

/** An ARP request as a Linux kernel sends it (broadcast, RFC 826 layout). */
function request(senderMac: number[], senderIp: number[], targetIp: number[]): Uint8Array {
  return Uint8Array.from([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...senderMac, 0x08, 0x06,
    0, 1, 0x08, 0x00, 6, 4, 0, 1, ...senderMac, ...senderIp, 0, 0, 0, 0, 0, 0, ...targetIp,
  ]);
}

const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join('');

t.test('parseArpRequest reads sender and target; the reply answers the asker with our MAC', async (t) => {
  fc.assert(fc.property(
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    (asker, own, askerIp, ownIp) => {
      const req = parseArpRequest(request(asker, askerIp, ownIp));
      if (!req) return false;
      if (req.senderMac !== hex(asker) || req.senderIp !== askerIp.join('.') || req.targetIp !== ownIp.join('.')) return false;
      const reply = buildArpReply(req, hex(own), req.targetIp);
      const expected = [...asker, ...own, 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 2, ...own, ...ownIp, ...asker, ...askerIp];
      return reply.length === 42 && hex([...reply]) === hex(expected) && parseArpRequest(reply) === undefined;
    },
  ), { seed: 826, numRuns: 200 });
});

t.test('parseArpRequest ignores IPv4 frames, short frames and non-Ethernet ARP', async (t) => {
  const udp = buildUdpFrame({ srcMac: '02:00:00:00:00:01', dstMac: 'ff:ff:ff:ff:ff:ff', src: { address: '0.0.0.0', port: 68 }, dst: { address: '255.255.255.255', port: 67 }, payload: new Uint8Array(300), ipId: 1, ttl: 64 });
  t.equal(parseArpRequest(udp), undefined, 'UDP frame');
  const req = request([2, 0, 0, 0, 0, 1], [10, 77, 2, 1], [10, 77, 2, 9]);
  t.ok(parseArpRequest(req), 'a well-formed request parses');
  t.equal(parseArpRequest(req.subarray(0, 41)), undefined, 'truncated');
  const token = Uint8Array.from(req);
  token[15] = 6; // htype 6 (IEEE 802)
  t.equal(parseArpRequest(token), undefined, 'hardware type other than Ethernet');
});
