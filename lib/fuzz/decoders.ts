/**
 * Our own decoders as in-process fuzz targets (issue 7 part 5): each takes untrusted bytes and
 * must answer with a value, findings or a typed error (ProvcertError / DecodeError), never with
 * another exception (ARCHITECTURE.md invariant). The CI test test/fuzz/own-decoders.test.ts runs
 * fixed budgets over every entry; the bench measures some of them.
 */
import { decode as dhcpDecode } from '../codec/dhcp/index.js';
import { decode as dnsDecode } from '../codec/dns/index.js';
import { decode as tftpDecode } from '../codec/tftp/index.js';
import { decode as sipDecode } from '../codec/sip/index.js';
import { cwmpCodec } from '../codec/cwmp/index.js';
import { decodeRequest, decodeResponse } from '../codec/http/index.js';
import { decode as syslogDecode, decodeFrame as syslogFrameDecode } from '../codec/syslog/index.js';
import { PcapReader } from '../codec/pcap/reader.js';
import { PcapngReader } from '../codec/pcapng/reader.js';
import { parseRule } from '../profile-rule/rule.js';
import { parseCondition } from '../profile-rule/evaluate.js';
import { decryptAuto } from '../crypto/auto.js';
import { aes128gcmDecrypt } from '../crypto/rfc8188.js';
import { opensslDecrypt } from '../crypto/openssl.js';
import { parseIkm } from '../crypto/base64url.js';
import { FUZZ_KEYS, runProfilePipeline } from './reference.js';

export interface OwnDecoder {
  readonly name: string;
  /** Decodes the bytes; throws what the decoder throws. */
  run(bytes: Uint8Array): void;
}

const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const IKM = parseIkm(FUZZ_KEYS.ikm);

/** Feeds a streaming reader in two chunks split at `split` (chunk boundaries are a classic bug). */
function stream(reader: { push(c: Uint8Array): unknown; end(): unknown }, b: Uint8Array): void {
  const split = b.length >>> 1;
  reader.push(b.subarray(0, split));
  reader.push(b.subarray(split));
  reader.end();
}

export const OWN_DECODERS: readonly OwnDecoder[] = [
  { name: 'dhcp', run: (b) => void dhcpDecode(b) },
  { name: 'dns', run: (b) => void dnsDecode(b) },
  { name: 'tftp', run: (b) => void tftpDecode(b) },
  { name: 'sip', run: (b) => void sipDecode(b) },
  { name: 'cwmp', run: (b) => void cwmpCodec.decode(b) },
  { name: 'http-request', run: (b) => void decodeRequest(b) },
  { name: 'http-response', run: (b) => void decodeResponse(b) },
  { name: 'syslog', run: (b) => void syslogDecode(b) },
  { name: 'syslog-tcp', run: (b) => void syslogFrameDecode(b) },
  { name: 'pcap', run: (b) => stream(new PcapReader(), b) },
  { name: 'pcapng', run: (b) => stream(new PcapngReader(), b) },
  { name: 'profile', run: (b) => void runProfilePipeline(b) },
  { name: 'profile-rule', run: (b) => void parseRule(text(b), b[0] === 0x55 ? 'upgrade' : 'profile') },
  { name: 'rule-condition', run: (b) => void parseCondition(text(b)) },
  { name: 'openssl-enc', run: (b) => void opensslDecrypt(b, FUZZ_KEYS.passphrase, { kind: 'evp', md: FUZZ_KEYS.md }) },
  { name: 'aes128gcm', run: (b) => void aes128gcmDecrypt(b, IKM) },
  { name: 'decrypt-auto', run: (b) => void decryptAuto(b, { key: FUZZ_KEYS.passphrase, md: FUZZ_KEYS.md, ikm: FUZZ_KEYS.ikm }) },
];
