import t from 'tap';
import fc from 'fast-check';
import { assertCodecLaws } from '../../helpers/codec-laws.js';
import {
  dnsCodec, DNS_TYPES, ipv6Text, labelToText, nameToLabels, type DnsMessage, type DnsRecord, type DnsRecordData,
} from '../../../lib/codec/dns/index.js';
import { DecodeError, ProvcertError } from '../../../lib/errors.js';

const SEED = 1035;
const NN = { noNullPrototype: true } as const;

/** Labels as bytes (mostly hostname letters, sometimes any octet) rendered to their one text form. */
const labelArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...'abcPROV-0123'.split('')), { minLength: 1, maxLength: 10 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map(labelToText) },
);
/** A few fixed suffixes so that compression actually triggers. */
const nameArb = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.array(labelArb, { maxLength: 3 }), fc.constantFrom('provcert.lab', 'lab', 'Provcert.LAB', '')).map(([ls, suffix]) => [...ls, ...(suffix ? [suffix] : [])].join('.')),
);
const ipv4Arb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'));

const recordArb: fc.Arbitrary<DnsRecord> = fc.oneof(
  fc.record({ type: fc.constant(DNS_TYPES.A), data: ipv4Arb.map((address): DnsRecordData => ({ kind: 'A', address })) }, NN),
  fc.record({ type: fc.constant(DNS_TYPES.AAAA), data: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b): DnsRecordData => ({ kind: 'AAAA', address: ipv6Text(b) })) }, NN),
  fc.record({ type: fc.constant(DNS_TYPES.CNAME), data: nameArb.map((target): DnsRecordData => ({ kind: 'CNAME', target })) }, NN),
  fc.record({ type: fc.constant(DNS_TYPES.PTR), data: nameArb.map((target): DnsRecordData => ({ kind: 'PTR', target })) }, NN),
  fc.record({ type: fc.constant(DNS_TYPES.TXT), data: fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 3 }).map((strings): DnsRecordData => ({ kind: 'TXT', strings })) }, NN),
  fc.record({
    type: fc.constant(DNS_TYPES.SRV),
    data: fc.record({ priority: fc.nat(0xffff), weight: fc.nat(0xffff), port: fc.nat(0xffff), target: nameArb }, NN).map((s): DnsRecordData => ({ kind: 'SRV', ...s })),
  }, NN),
  fc.record({ type: fc.constantFrom(99, 257, 65280), data: fc.uint8Array({ maxLength: 30 }).map((data): DnsRecordData => ({ kind: 'raw', data })) }, NN),
).chain((p) => fc.record({
  name: nameArb, type: fc.constant(p.type), class: fc.constantFrom(1, 3, 255), ttl: fc.nat(0xffffffff), data: fc.constant(p.data),
}, NN));

const messageArb: fc.Arbitrary<DnsMessage> = fc.record({
  id: fc.nat(0xffff), qr: fc.boolean(), opcode: fc.nat(15), aa: fc.boolean(), tc: fc.boolean(), rd: fc.boolean(), ra: fc.boolean(),
  z: fc.nat(7), rcode: fc.nat(15),
  questions: fc.array(fc.record({ name: nameArb, type: fc.constantFrom(1, 28, 12, 33, 255), class: fc.constant(1) }, NN), { maxLength: 2 }),
  answers: fc.array(recordArb, { maxLength: 3 }),
  authorities: fc.array(recordArb, { maxLength: 1 }),
  additionals: fc.array(recordArb, { maxLength: 2 }),
}, NN);

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
/** Written by hand from RFC 1035 section 4.1: a query and the answer with a pointer to offset 12. */
const QUERY = hex('1234 0100 0001 0000 0000 0000 04 70726f76 08 70726f7663657274 03 6c6162 00 0001 0001');
const ANSWER = hex('1234 8580 0001 0001 0000 0000 04 70726f76 08 70726f7663657274 03 6c6162 00 0001 0001 c00c 0001 0001 0000003c 0004 0a4d0001');

t.test('dns codec laws over arbitrary messages and hand-written vectors', async (t) => {
  assertCodecLaws(t, dnsCodec, messageArb, [{ name: 'query', bytes: QUERY }, { name: 'answer with pointer', bytes: ANSWER }], { seed: SEED, numRuns: 150 });
});

t.test('the answer vector decodes to the lab name and address', async (t) => {
  const m = dnsCodec.decode(ANSWER).value;
  t.equal(m.qr, true);
  t.equal(m.aa, true);
  t.equal(m.questions[0]?.name, 'prov.provcert.lab');
  t.strictSame(m.answers[0], { name: 'prov.provcert.lab', type: 1, class: 1, ttl: 60, data: { kind: 'A', address: '10.77.0.1' } });
});

t.test('encode compresses repeated names (RFC 1035 section 4.1.4)', async (t) => {
  const m = dnsCodec.decode(ANSWER).value;
  const bytes = dnsCodec.encode(m);
  t.equal(bytes.length, ANSWER.length, 'the answer name became a 2-octet pointer');
  const two = dnsCodec.encode({ ...m, answers: [m.answers[0]!, { ...m.answers[0]!, name: 'x.provcert.lab' }] });
  t.equal(two.length, ANSWER.length + 2 + 2 + 10 + 4, 'x + pointer to provcert.lab');
  t.equal(dnsCodec.encode({ ...m, answers: [{ ...m.answers[0]!, name: 'PROV.provcert.lab' }] }).length, ANSWER.length + 5, 'a differently cased first label is written, the suffix pointed at');
});

t.test('bad pointers are DecodeErrors with offsets, never loops', async (t) => {
  const forward = hex('0000 0000 0001 0000 0000 0000 c00e 0001 0001');
  const self = hex('0000 0000 0001 0000 0000 0000 c00c 0001 0001');
  const loop = hex('0000 0000 0001 0000 0000 0000 01 61 c00c 0001 0001');
  for (const [name, b] of [['forward', forward], ['self', self], ['loop', loop]] as const) {
    const e = t.throws(() => dnsCodec.decode(b)) as DecodeError;
    t.ok(e instanceof DecodeError, name);
    t.equal(e.code, 'PC_ERR_DECODE_INVALID', name);
    t.ok(e.offset >= 12 && e.offset <= b.length, `${name} offset ${e.offset}`);
  }
  const ext = hex('0000 0000 0001 0000 0000 0000 41 00 0001 0001');
  t.equal((t.throws(() => dnsCodec.decode(ext)) as DecodeError).code, 'PC_ERR_DECODE_INVALID', 'extended label type');
});

t.test('names over 255 octets are refused both ways; labels over 63 on encode', async (t) => {
  const long = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
  t.equal((t.throws(() => nameToLabels(long)) as ProvcertError).code, 'PC_ERR_ENCODE_INVALID');
  t.equal((t.throws(() => nameToLabels('a'.repeat(64))) as ProvcertError).code, 'PC_ERR_ENCODE_INVALID');
  t.equal((t.throws(() => nameToLabels('a..b')) as ProvcertError).code, 'PC_ERR_ENCODE_INVALID');
  const labels = Array.from({ length: 5 }, () => `3c${'61'.repeat(60)}`).join('');
  const b = hex(`0000 0000 0001 0000 0000 0000 ${labels} 00 0001 0001`);
  t.equal((t.throws(() => dnsCodec.decode(b)) as DecodeError).code, 'PC_ERR_DECODE_LIMIT');
});

t.test('malformed RDATA is kept raw with a finding; trailing octets are a finding', async (t) => {
  const badA = hex('0000 8000 0000 0001 0000 0000 00 0001 0001 00000000 0003 0a4d00 ff');
  const d = dnsCodec.decode(badA);
  t.strictSame(d.value.answers[0]?.data, { kind: 'raw', data: hex('0a4d00') });
  t.strictSame(d.findings.map((f) => f.code), ['dns-rdata-malformed', 'dns-trailing-bytes']);
  t.equal(d.bytesRead, badA.length - 1);
});

t.test('escaped labels round-trip through text (RFC 1035 section 5.1)', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 63 }), (b) => {
    const back = nameToLabels(labelToText(b));
    return back.length === 1 && Buffer.from(back[0]!).equals(Buffer.from(b));
  }), { seed: SEED, numRuns: 200 });
  t.equal(labelToText(Uint8Array.from([0x61, 0x2e, 0x5c, 0x20])), 'a\\.\\\\\\032');
});

t.test('mutated messages throw only DecodeError', async (t) => {
  fc.assert(fc.property(messageArb, fc.nat(), fc.nat(255), (m, at, byte) => {
    const b = dnsCodec.encode(m);
    if (b.length === 0) return true;
    b[at % b.length] = byte;
    try { dnsCodec.decode(b); } catch (e) { if (!(e instanceof DecodeError)) throw e; }
    return true;
  }), { seed: SEED, numRuns: 300 });
  t.pass('no other exception');
});
