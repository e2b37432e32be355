/**
 * CI fuzz budget over ALL our own decoders (issue 7 part 5): DHCP, DNS, TFTP, SIP, CWMP, HTTP,
 * syslog (UDP and TCP framing), pcap, pcapng, the profile pipeline, profile rules and conditions,
 * and the crypto wrappers. Inputs: valid encodings from the codec arbitraries, byte mutations of
 * them, and raw bytes. Fails on any exception that is not a ProvcertError/DecodeError (crash),
 * and on any single input taking more than HANG_MS (hang). Fixed seed and budgets: at most 2.5 s per
 * decoder, well under 60 s in total on 2 cores.
 */
import t from 'tap';
import fc from 'fast-check';
import { OWN_DECODERS } from '../../lib/fuzz/decoders.js';
import { observeInProcess } from '../../lib/fuzz/targets/own.js';
import { mutatedBytesArb } from '../../lib/fuzz/gen/bytes.js';
import { fuzzCaseArb } from '../../lib/fuzz/gen/index.js';
import { anyRuleArb, brokenRuleTextArb, conditionArb } from '../../lib/fuzz/gen/rule.js';
import { printCondition, printRule } from '../../lib/profile-rule/index.js';
import { encode as dhcpEncode } from '../../lib/codec/dhcp/index.js';
import { encode as tftpEncode } from '../../lib/codec/tftp/index.js';
import { encode as sipEncode } from '../../lib/codec/sip/index.js';
import { cwmpCodec } from '../../lib/codec/cwmp/index.js';
import { httpRequestCodec, httpResponseCodec } from '../../lib/codec/http/index.js';
import { encode as syslogEncode, encodeFrame } from '../../lib/codec/syslog/index.js';
import { pcapFileHeader, pcapRecordCodec } from '../../lib/codec/pcap/file-header.js';
import { pcapngBlockCodec } from '../../lib/codec/pcapng/blocks.js';
import { PcapngWriter } from '../../lib/codec/pcapng/writer.js';
import { dhcpMessageArb } from '../helpers/arbitraries/dhcp.js';
import { tftpPacket } from '../helpers/arbitraries/tftp.js';
import { sipMessage } from '../helpers/arbitraries/sip.js';
import { cwmpEnvelopeArb } from '../helpers/arbitraries/cwmp.js';
import { httpRequestArb, httpResponseArb } from '../helpers/arbitraries/http.js';
import { syslogFrame, syslogMessage } from '../helpers/arbitraries/syslog.js';
import { pcapFileHeaderArb, pcapRecordArb, pcapngBlockArb } from '../helpers/arbitraries/pcap.js';

const SEED = 20261125;
const RUNS = 2000;
const TIME_MS = 2500;
const HANG_MS = 1000;

/** Encodes a generated value; a value the encoder refuses becomes an empty input. */
function encoded<T>(arb: fc.Arbitrary<T>, encode: (v: T) => Uint8Array): fc.Arbitrary<Uint8Array> {
  return arb.map((v) => { try { return encode(v); } catch { return new Uint8Array(0); } });
}

const textBytes = (a: fc.Arbitrary<string>) => a.map((s) => new Uint8Array(Buffer.from(s, 'latin1')));
// Wrapper and gzip cases are costly to generate (each carries its reference verdict: a gzip bomb
// inflates up to 64 MiB), so the three wrapper decoders draw from one fixed sample of them, and
// byte mutations of it: under CPU contention the 2.5 s budget still runs hundreds of inputs.
const wrappers = fc.constantFrom(...fc.sample(fuzzCaseArb({ layers: ['wrapper', 'gzip'] }).map((c) => c.bytes), { seed: 20261125, numRuns: 48 }));

const SEEDS: Record<string, fc.Arbitrary<Uint8Array>> = {
  dhcp: encoded(dhcpMessageArb(), dhcpEncode),
  dns: fc.uint8Array({ minLength: 12, maxLength: 80 }),
  tftp: encoded(tftpPacket, tftpEncode),
  sip: encoded(sipMessage, sipEncode),
  cwmp: encoded(cwmpEnvelopeArb, (e) => cwmpCodec.encode(e)),
  'http-request': encoded(httpRequestArb, (m) => httpRequestCodec.encode(m)),
  'http-response': encoded(httpResponseArb, (m) => httpResponseCodec.encode(m)),
  syslog: encoded(syslogMessage, syslogEncode),
  'syslog-tcp': encoded(syslogFrame, encodeFrame),
  pcap: encoded(fc.tuple(pcapFileHeaderArb, fc.array(pcapRecordArb, { maxLength: 3 })), ([h, recs]) =>
    Buffer.concat([pcapFileHeader.encode(h), ...recs.map((r) => pcapRecordCodec(h.byteOrder).encode(r))])),
  pcapng: encoded(fc.array(pcapngBlockArb('le'), { maxLength: 3 }), (blocks) =>
    Buffer.concat([new PcapngWriter().section(), ...blocks.map((b) => pcapngBlockCodec('le').encode(b))])),
  profile: fuzzCaseArb({ layers: ['profile', 'rule', 'value', 'xml', 'wrapper', 'gzip'] }).map((c) => c.bytes),
  'profile-rule': textBytes(fc.oneof(anyRuleArb.map(printRule), brokenRuleTextArb)),
  'rule-condition': textBytes(fc.oneof(conditionArb().map(printCondition), brokenRuleTextArb)),
  'openssl-enc': wrappers,
  aes128gcm: wrappers,
  'decrypt-auto': wrappers,
};

t.test('every own decoder has a seed generator', async (t) => {
  t.same(OWN_DECODERS.map((d) => d.name).filter((n) => !(n in SEEDS)), [], 'no decoder without seeds');
});

for (const dec of OWN_DECODERS) {
  t.test(`fuzz ${dec.name}: only typed errors, no hang (seed ${SEED}, ${RUNS} runs / ${TIME_MS} ms)`, async (t) => {
    const seed = SEEDS[dec.name] as fc.Arbitrary<Uint8Array>;
    const input = fc.oneof(
      { weight: 2, arbitrary: seed },
      { weight: 5, arbitrary: mutatedBytesArb(seed).map((m) => new Uint8Array(m.bytes)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    );
    let runs = 0;
    const outcomes = new Set<string>();
    const details = fc.check(fc.property(input, (bytes) => {
      runs++;
      const o = observeInProcess(() => { dec.run(bytes); return { valid: true, reason: 'ok' }; }, HANG_MS);
      outcomes.add(o.outcome);
      // A failing property shrinks the input: the report shows a minimal reproducer.
      if (o.outcome === 'crash') throw new Error(`untyped error from ${dec.name}: ${o.stderr}`);
      return o.outcome !== 'hang';
    }), { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false });
    if (details.failed) {
      t.fail(`${dec.name}: ${details.errorInstance instanceof Error ? details.errorInstance.message : 'hang'}; counterexample ${
        Buffer.from(details.counterexample?.[0] ?? []).toString('hex').slice(0, 400)} (seed ${details.seed}, path ${details.counterexamplePath})`);
    } else t.pass(`${runs} inputs, outcomes ${[...outcomes].join('/')}`);
    t.ok(runs >= 20, `ran a meaningful number of inputs (${runs})`);
  });
}
