/**
 * fast-check arbitraries for DHCPv4 messages, shaped like what `dhcpCodec.decode` returns (so a
 * round trip compares equal without normalising): full 16/64/128-byte fields, explicit framing,
 * Pad items, duplicates and unknown codes, and option overload (52 = 1/2/3) with options placed
 * in the file/sname fields. Exported for reuse by later suites.
 */
import fc from 'fast-check';
import { MAGIC_COOKIE } from '../../../lib/codec/dhcp/codes.js';
import type { DhcpAreaFraming, DhcpMessage, DhcpOption } from '../../../lib/codec/dhcp/types.js';

export const ipv4Arb: fc.Arbitrary<string> = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));

/** fc.nat stops at 2^31-1: build a full unsigned 32-bit value from two halves. */
export const u32Arb: fc.Arbitrary<number> = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x10000 + lo);

const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** One option (not 52, not END): Pad, or any other code with up to `maxData` bytes. */
export function dhcpOptionArb(maxData = 24): fc.Arbitrary<DhcpOption> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<DhcpOption>({ code: 0, data: new Uint8Array(0) }) },
    {
      weight: 6,
      arbitrary: fc.record({
        code: fc.integer({ min: 1, max: 254 }).filter((c) => c !== 52),
        data: bytesArb(0, maxData),
      }).map((r): DhcpOption => ({ code: r.code, data: r.data })), // plain objects, as decode makes
    },
  );
}

function itemsLength(items: readonly DhcpOption[]): number {
  return items.reduce((n, o) => n + (o.code === 0 ? 1 : 2 + o.data.length), 0);
}

/** Options for one fixed-size field (file 128, sname 64), closed by END and filled exactly. */
function fieldArb(area: 'file' | 'sname', size: number): fc.Arbitrary<{ items: DhcpOption[]; framing: DhcpAreaFraming }> {
  return fc.tuple(fc.array(dhcpOptionArb(12), { maxLength: 6 }), fc.boolean()).chain(([items, zeroFill]) => {
    const kept: DhcpOption[] = [];
    for (const o of items) if (itemsLength([...kept, o]) + 1 <= size) kept.push({ ...o, area });
    const rest = size - itemsLength(kept) - 1;
    const trailer = zeroFill ? fc.constant(new Uint8Array(rest)) : bytesArb(rest, rest);
    return trailer.map((t) => ({ items: kept, framing: { end: true, trailer: t } }));
  });
}

export interface DhcpMessageArbOptions {
  /** Allow option overload (file/sname carrying options). Default true. */
  overload?: boolean;
  maxOptions?: number;
}

export function dhcpMessageArb(o: DhcpMessageArbOptions = {}): fc.Arbitrary<DhcpMessage> {
  const overloadArb = o.overload === false ? fc.constant(0) : fc.integer({ min: 0, max: 3 });
  return fc.record({
    op: fc.integer({ min: 1, max: 2 }),
    htype: fc.nat(255),
    hlen: fc.nat(16),
    hops: fc.nat(255),
    xid: u32Arb,
    secs: fc.nat(0xffff),
    flags: fc.oneof(fc.constant(0), fc.constant(0x8000), fc.nat(0xffff)),
    ciaddr: ipv4Arb,
    yiaddr: ipv4Arb,
    siaddr: ipv4Arb,
    giaddr: ipv4Arb,
    chaddr: bytesArb(16, 16),
    sname: bytesArb(64, 64),
    file: bytesArb(128, 128),
    main: fc.array(dhcpOptionArb(), { maxLength: o.maxOptions ?? 12 }),
    // END present with any trailing bytes, or no END (options run to the end of the message).
    mainFraming: fc.oneof(
      bytesArb(0, 12).map((trailer): DhcpAreaFraming => ({ end: true, trailer })),
      fc.constant<DhcpAreaFraming>({ end: false, trailer: new Uint8Array(0) }),
    ),
    overload: overloadArb,
    overloadAt: fc.nat(),
    fileField: fieldArb('file', 128),
    snameField: fieldArb('sname', 64),
  }).map((r) => {
    const main = [...r.main];
    if (r.overload !== 0) main.splice(r.overloadAt % (main.length + 1), 0, { code: 52, data: Uint8Array.of(r.overload) });
    const useFile = (r.overload & 1) !== 0;
    const useSname = (r.overload & 2) !== 0;
    const msg: DhcpMessage = {
      op: r.op, htype: r.htype, hlen: r.hlen, hops: r.hops, xid: r.xid, secs: r.secs, flags: r.flags,
      ciaddr: r.ciaddr, yiaddr: r.yiaddr, siaddr: r.siaddr, giaddr: r.giaddr,
      chaddr: r.chaddr,
      sname: useSname ? new Uint8Array(0) : r.sname,
      file: useFile ? new Uint8Array(0) : r.file,
      cookie: MAGIC_COOKIE,
      options: [...main, ...(useFile ? r.fileField.items : []), ...(useSname ? r.snameField.items : [])],
      framing: {
        options: r.mainFraming,
        ...(useFile ? { file: r.fileField.framing } : {}),
        ...(useSname ? { sname: r.snameField.framing } : {}),
      },
    };
    return msg;
  });
}
