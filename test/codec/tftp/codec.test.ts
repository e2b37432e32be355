import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import { tftpPacket } from '../../helpers/arbitraries/tftp.js';
import { tftpCodec, type TftpPacket } from '../../../lib/codec/tftp/index.js';
import { DecodeError, ProvcertError } from '../../../lib/errors.js';
import { loadHexFixtures } from '../sip/hex-fixture.js';

const SEED = 1350;

/**
 * The datagram is the packet, so some prefixes are themselves complete packets: a DATA with a
 * shorter payload, a request/OACK cut right after a NUL with whole name/value pairs, or any
 * unknown-opcode packet. Every other prefix must throw.
 */
function prefixIsPacket(prefix: Uint8Array, full: Uint8Array): boolean {
  if (prefix.length < 2) return false;
  const op = (full[0]! << 8) | full[1]!;
  const nuls = prefix.subarray(2).filter((b) => b === 0).length;
  const endsOnNul = prefix[prefix.length - 1] === 0;
  switch (op) {
    case 1: case 2: return endsOnNul && nuls >= 2 && nuls % 2 === 0;
    case 3: return prefix.length >= 4;
    case 4: case 5: return false;
    case 6: return nuls % 2 === 0 && (prefix.length === 2 || endsOnNul);
    default: return true;
  }
}

const fixtures = loadHexFixtures('tftp');

t.test('tftp codec laws over arbitrary packets and captured vectors', async (t) => {
  assertCodecLaws(t, tftpCodec, tftpPacket, fixtures.map((f) => ({ name: f.name, bytes: f.bytes })), {
    seed: SEED,
    numRuns: 150,
    truncationMayDecode: prefixIsPacket,
  });
});

t.test('captured vectors: fields equal what tshark decoded', async (t) => {
  t.ok(fixtures.length >= 10, `${fixtures.length} vectors`);
  for (const f of fixtures) {
    const { value } = tftpCodec.decode(f.bytes);
    const op = value.opcode === 'unknown' ? value.code : ({ RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const)[value.opcode];
    t.equal(String(op), f.tshark['tftp.opcode'], `${f.name}: opcode`);
    if (value.opcode === 'RRQ' || value.opcode === 'WRQ') {
      const file = value.opcode === 'RRQ' ? f.tshark['tftp.source_file'] : f.tshark['tftp.destination_file'];
      t.equal(value.filename, file, `${f.name}: filename`);
      // tshark reports the mode field as tftp.type; it shows the last string when names are empty.
      if (value.options.length === 0) t.equal(value.mode, f.tshark['tftp.type'], `${f.name}: mode`);
    }
    if (value.opcode === 'RRQ' || value.opcode === 'WRQ' || value.opcode === 'OACK') {
      t.equal(value.options.map((o) => o.name).join(','), f.tshark['tftp.option.name'], `${f.name}: option names`);
      t.equal(value.options.map((o) => o.value).join(','), f.tshark['tftp.option.value'], `${f.name}: option values`);
    }
    if (value.opcode === 'DATA' || value.opcode === 'ACK') t.equal(String(value.block), f.tshark['tftp.block'], `${f.name}: block`);
  }
});

t.test('RRQ with options in order, unknown ones kept, names matched case-insensitively', async (t) => {
  const rrq: TftpPacket = {
    opcode: 'RRQ', filename: 'SEP001122334455.cnf.xml', mode: 'octet',
    options: [{ name: 'BLKSIZE', value: '1428' }, { name: 'x-vendor', value: 'abc' }, { name: 'tsize', value: '0' }],
  };
  const bytes = tftpCodec.encode(rrq);
  t.equal(Buffer.from(bytes).toString('latin1'), '\x00\x01SEP001122334455.cnf.xml\x00octet\x00BLKSIZE\x001428\x00x-vendor\x00abc\x00tsize\x000\x00');
  const back = tftpCodec.decode(bytes);
  t.strictSame(back.value, rrq);
  t.strictSame(back.findings, []);
});

t.test('option edge cases are findings, not errors', async (t) => {
  const cases: Array<[string, string, string | undefined]> = [
    ['blksize', '8', undefined], ['blksize', '65464', undefined], ['blksize', '7', 'tftp-blksize-out-of-range'],
    ['blksize', '65465', 'tftp-blksize-out-of-range'], ['timeout', '1', undefined], ['timeout', '255', undefined],
    ['timeout', '0', 'tftp-timeout-out-of-range'], ['timeout', '5000', 'tftp-timeout-out-of-range'],
    ['windowsize', '1', undefined], ['windowsize', '65535', undefined], ['windowsize', '0', 'tftp-windowsize-out-of-range'],
    ['windowsize', '65536', 'tftp-windowsize-out-of-range'], ['tsize', '0', undefined], ['tsize', '-1', 'tftp-option-not-numeric'],
    ['blksize', '1e3', 'tftp-option-not-numeric'], ['Timeout', '256', 'tftp-timeout-out-of-range'],
  ];
  for (const [name, value, code] of cases) {
    const bytes = tftpCodec.encode({ opcode: 'OACK', options: [{ name, value }] });
    const { findings } = tftpCodec.decode(bytes);
    t.strictSame(findings.map((f) => f.code), code ? [code] : [], `${name}=${value}`);
    if (code) t.equal(findings[0]!.offset, 2, `${name}=${value} finding offset`);
  }
  const ms = tftpCodec.decode(tftpCodec.encode({ opcode: 'RRQ', filename: 'f', mode: 'octet', options: [{ name: 'timeout', value: '5000' }] }));
  t.match(ms.findings[0]!.message, /milliseconds/);
  t.equal(ms.findings[0]!.requirementId, 'X-TFTP-001');
});

t.test('other findings: unknown mode, empty filename, duplicates, trailing bytes, unknown opcode/error', async (t) => {
  const codes = (p: Uint8Array) => tftpCodec.decode(p).findings.map((f) => f.code);
  t.strictSame(codes(Uint8Array.from([0, 1, 0x61, 0, 0x78, 0])), ['tftp-unknown-mode']);
  t.strictSame(codes(Uint8Array.from([0, 1, 0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0])), ['tftp-empty-filename']);
  t.strictSame(codes(tftpCodec.encode({ opcode: 'OACK', options: [{ name: 'tsize', value: '1' }, { name: 'TSIZE', value: '2' }] })), ['tftp-duplicate-option']);
  t.strictSame(codes(Uint8Array.from([0, 4, 0, 1, 0, 0])), ['tftp-trailing-bytes']);
  t.strictSame(codes(Uint8Array.from([0, 5, 0, 9, 0x78, 0])), ['tftp-unknown-error-code']);
  t.strictSame(codes(Uint8Array.from([0, 6])), ['tftp-oack-empty']);
  const unknown = tftpCodec.decode(Uint8Array.from([0, 42, 1, 2, 3]));
  t.strictSame(unknown.value, { opcode: 'unknown', code: 42, payload: Uint8Array.from([1, 2, 3]) });
  t.strictSame([...tftpCodec.encode(unknown.value)], [0, 42, 1, 2, 3]);
  const long = tftpCodec.encode({ opcode: 'RRQ', filename: 'x'.repeat(600), mode: 'octet', options: [] });
  t.strictSame(codes(long), ['tftp-request-over-512']);
});

t.test('ERROR packets: RFC 1350 codes and RFC 2347 code 8 round trip', async (t) => {
  for (let code = 0; code <= 8; code++) {
    const p: TftpPacket = { opcode: 'ERROR', code, message: `m${code}` };
    const back = tftpCodec.decode(tftpCodec.encode(p));
    t.strictSame(back.value, p);
    t.strictSame(back.findings, []);
  }
});

t.test('missing terminating NUL is a DecodeError with the offset', async (t) => {
  const bad: Array<[number[], number]> = [
    [[0, 1, 0x66], 3], [[0, 1, 0x66, 0, 0x6f], 5], [[0, 6, 0x62, 0], 4], [[0, 6, 0x62, 0, 0x31], 5], [[0, 5, 0, 1, 0x78], 5], [[0, 3, 0], 3], [[0], 1],
  ];
  for (const [bytes, offset] of bad) {
    const err = t.throws(() => tftpCodec.decode(Uint8Array.from(bytes))) as unknown;
    t.ok(err instanceof DecodeError, `${bytes.join(',')} throws DecodeError`);
    t.equal((err as DecodeError).offset, offset, `${bytes.join(',')} offset`);
    t.equal((err as DecodeError).proto, 'tftp');
  }
  const shifted = t.throws(() => tftpCodec.decode(Uint8Array.from([9, 9, 0, 1, 0x66]), 2)) as DecodeError;
  t.equal(shifted.offset, 5, 'offset is absolute when decoding at an offset');
});

t.test('encode refuses values that cannot be framed', async (t) => {
  const bad: TftpPacket[] = [
    { opcode: 'RRQ', filename: 'a\u0000b', mode: 'octet', options: [] },
    { opcode: 'DATA', block: 65536, data: new Uint8Array() },
    { opcode: 'ERROR', code: -1, message: '' },
    { opcode: 'OACK', options: [{ name: 'blksize', value: '\u0100' }] },
  ];
  for (const p of bad) {
    const err = t.throws(() => tftpCodec.encode(p)) as ProvcertError;
    t.equal(err.code, 'PC_ERR_ENCODE_INVALID');
  }
});

t.test('decoding arbitrary bytes throws only DecodeError', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
    try { tftpCodec.decode(bytes); } catch (e) { if (!(e instanceof DecodeError)) throw e; }
  }), { seed: SEED, numRuns: 500 });
  t.pass('no other exception type');
});
