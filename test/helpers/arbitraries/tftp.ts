/** fast-check arbitraries for TFTP packets (lib/codec/tftp), reusable by suites. */
import fc from 'fast-check';


import type { TftpOption, TftpPacket } from '../../../lib/codec/tftp/index.js';

/** Plain-prototype records, so that round trips compare ordinary objects (fast-check 4 defaults to null prototypes). */
const NN = { noNullPrototype: true } as const;

/** Octet strings without NUL (the TFTP string terminator). */
export const tftpString = (maxLength = 24): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 1, max: 255 }), { maxLength }).map((a) => String.fromCharCode(...a));

export const tftpOptionName = fc.oneof(
  fc.constantFrom('blksize', 'BLKSIZE', 'timeout', 'tsize', 'windowsize', 'Blksize'),
  tftpString(12),
);

export const tftpOption: fc.Arbitrary<TftpOption> = fc.record({
  name: tftpOptionName,
  value: fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), tftpString(8)),
}, NN);

export const tftpOptions = fc.array(tftpOption, { maxLength: 5 });

export const tftpPacket: fc.Arbitrary<TftpPacket> = fc.oneof(
  fc.record({
    opcode: fc.constantFrom('RRQ' as const, 'WRQ' as const),
    filename: tftpString(),
    mode: fc.oneof(fc.constantFrom('octet', 'netascii', 'mail', 'OCTET'), tftpString(8)),
    options: tftpOptions,
  }, NN),
  fc.record({ opcode: fc.constant('DATA' as const), block: fc.integer({ min: 0, max: 0xffff }), data: fc.uint8Array({ maxLength: 1500 }) }, NN),
  fc.record({ opcode: fc.constant('ACK' as const), block: fc.integer({ min: 0, max: 0xffff }) }, NN),
  fc.record({ opcode: fc.constant('ERROR' as const), code: fc.integer({ min: 0, max: 0xffff }), message: tftpString(40) }, NN),
  fc.record({ opcode: fc.constant('OACK' as const), options: tftpOptions }, NN),
  fc.record({
    opcode: fc.constant('unknown' as const),
    code: fc.oneof(fc.integer({ min: 7, max: 0xffff }), fc.constant(0)),
    payload: fc.uint8Array({ maxLength: 40 }),
  }, NN),
);
