import t from 'tap';
import fc from 'fast-check';
import { buildTcpFrame, buildUdpFrame, parseUdpFrame } from '../../../lib/emulator/net/frames.js';
import { macBytes, macFromChaddr, macWithColons, normalizeMac } from '../../../lib/emulator/net/mac.js';
import { isLoopbackPhoneAddress, loopbackPhoneAddress, LoopbackAddresses } from '../../../lib/emulator/net/source-addresses.js';
import { PacketTap, nowNs, type PacketEvent } from '../../../lib/emulator/net/packet-events.js';
import { ethernet } from '../../../lib/codec/link/ethernet.js';
import { ipv4 } from '../../../lib/codec/ipv4/ipv4.js';
import { udp } from '../../../lib/codec/udp/udp.js';
import { tcp } from '../../../lib/codec/tcp/tcp.js';
import { parseIpv4 } from '../../../lib/codec/ipv4/address.js';
import { isProvcertError } from '../../../lib/errors.js';

const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => Buffer.from(b).toString('hex'));
const ep = fc.record({ address: ip, port: fc.nat(65535) });

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return isProvcertError(e) ? e.code : 'other'; }
  return undefined;
}

t.test('UDP frames: build then parse gives the same addresses and payload; checksums verify', async (t) => {
  fc.assert(fc.property(mac, mac, ep, ep, fc.uint8Array({ maxLength: 1400 }), (a, b, src, dst, payload) => {
    const frame = buildUdpFrame({ srcMac: macWithColons(a), dstMac: macWithColons(b), src, dst, payload, ipId: 7 });
    const p = parseUdpFrame(frame);
    const eth = ethernet.decode(frame).value;
    const ipd = ipv4.decode(eth.payload);
    const u = udp.decode(ipd.value.payload, 0, { pseudo: { src: parseIpv4(src.address), dst: parseIpv4(dst.address) } });
    return p !== undefined && p.src.address === src.address && p.src.port === src.port && p.dst.port === dst.port
      && Buffer.compare(Buffer.from(p.payload), Buffer.from(payload)) === 0 && p.srcMac === macWithColons(a)
      && ipd.findings.length === 0 && u.findings.length === 0;
  }), { seed: 768, numRuns: 200 });
  t.pass('property held');
});

t.test('TCP frames carry seq/ack/flags and a valid checksum; non-UDP frames are not parsed as UDP', async (t) => {
  const f = buildTcpFrame({ srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02', src: { address: '127.77.0.1', port: 40000 }, dst: { address: '127.0.0.1', port: 80 }, seq: 0xfffffff0, ack: 5, flags: 0x18, payload: new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n') });
  const ipd = ipv4.decode(ethernet.decode(f).value.payload).value;
  const seg = tcp.decode(ipd.payload, 0, { pseudo: { src: parseIpv4('127.77.0.1'), dst: parseIpv4('127.0.0.1') } });
  t.match(seg.value, { seq: 0xfffffff0, ack: 5, flags: 0x18, srcPort: 40000, dstPort: 80 });
  t.equal(seg.findings.length, 0, 'checksum verifies');
  t.equal(parseUdpFrame(f), undefined);
  t.equal(parseUdpFrame(new Uint8Array(10)), undefined, 'garbage is ignored');
});

t.test('MAC spellings', async (t) => {
  t.equal(normalizeMac('00:0E:08:AB:CD:EF'), '000e08abcdef');
  t.equal(normalizeMac('00-0e-08-ab-cd-ef'), '000e08abcdef');
  t.equal(macWithColons('000e08abcdef'), '00:0e:08:ab:cd:ef');
  t.same([...macBytes('000e08abcdef')], [0, 0x0e, 0x08, 0xab, 0xcd, 0xef]);
  t.equal(macFromChaddr(Uint8Array.from([0, 0x0e, 8, 0xab, 0xcd, 0xef, 0, 0])), '000e08abcdef');
  t.equal(code(() => normalizeMac('000e08abcde')), 'PC_ERR_CONFIG');
});

t.test('loopback phone addresses: 127.77.0.0/16 without .0/.255, bounded', async (t) => {
  t.equal(loopbackPhoneAddress(0), '127.77.0.1');
  t.equal(loopbackPhoneAddress(253), '127.77.0.254');
  t.equal(loopbackPhoneAddress(254), '127.77.1.1');
  t.equal(loopbackPhoneAddress(254 * 256 - 1), '127.77.255.254');
  t.equal(code(() => loopbackPhoneAddress(254 * 256)), 'PC_ERR_CONFIG');
  fc.assert(fc.property(fc.integer({ min: 0, max: 254 * 256 - 1 }), (n) => isLoopbackPhoneAddress(loopbackPhoneAddress(n))), { seed: 77, numRuns: 500 });
  t.notOk(isLoopbackPhoneAddress('127.78.0.1'));
  t.notOk(isLoopbackPhoneAddress('127.77.0.256'));
  t.equal(code(() => new LoopbackAddresses().add('10.77.0.5')), 'PC_ERR_TARGET');
  t.equal(code(() => new LoopbackAddresses().add('127.77.3.4')), undefined);
});

t.test('PacketTap: fan-out, unsubscribe, a throwing listener is isolated', async (t) => {
  const tap = new PacketTap();
  const got: PacketEvent[] = [];
  t.notOk(tap.active);
  const off = tap.on((e) => got.push(e));
  tap.on(() => { throw new Error('broken observer'); });
  const e: PacketEvent = { kind: 'udp', dir: 'tx', proto: 'udp', local: { address: '127.0.0.1', port: 1 }, remote: { address: '127.0.0.1', port: 2 }, bytes: new Uint8Array(1), ts: nowNs() };
  tap.emit(e);
  off();
  tap.emit(e);
  t.equal(got.length, 1);
  const a = nowNs();
  const b = nowNs();
  t.ok(b >= a && a > 1_600_000_000_000_000_000n, 'wall-clock nanoseconds, monotone here');
});
