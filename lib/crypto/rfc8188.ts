/**
 * RFC 8188 "aes128gcm" content coding (ENC-008..010): header salt(16) | rs(4) | idlen(1) |
 * keyid(idlen), then records of exactly rs octets (the last may be shorter), each the
 * AEAD_AES_128_GCM sealing of data || delimiter || zero padding.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ProvcertError } from '../errors.js';

const PROTO = 'aes128gcm';
export const SALT_LEN = 16;
export const HEADER_FIXED_LEN = SALT_LEN + 4 + 1;
export const TAG_LEN = 16;
/** RFC 8188 §2.1: "Values smaller than 18 are invalid." */
export const MIN_RS = 18;
export const MAX_RS = 0xffffffff;
export const DEFAULT_RS = 4096;
const DELIM_MORE = 0x01;
const DELIM_LAST = 0x02;

const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0', 'latin1');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0', 'latin1');

export interface Aes128gcmHeader {
  readonly salt: Uint8Array;
  readonly rs: number;
  readonly keyid: Uint8Array;
  /** Octets the header occupies; records start here. */
  readonly length: number;
}

export interface Aes128gcmOptions {
  rs?: number;
  keyid?: Uint8Array;
  salt?: Uint8Array;
  /** Zero octets after the delimiter, per record (index = record number); missing entries are 0. */
  padding?: number[];
}

function formatError(offset: number, message: string): ProvcertError {
  return new ProvcertError('PC_ERR_CRYPTO_FORMAT', message, { proto: PROTO, offset, requirementId: 'ENC-010' });
}

/**
 * RFC 8188 §2.2 and §2.3: PRK = HMAC-SHA-256(salt, IKM); CEK and base nonce are single-block
 * HKDF-Expand outputs (info || 0x01) cut to 16 and 12 octets.
 */
export function deriveKeyAndNonce(ikm: Uint8Array, salt: Uint8Array): { prk: Buffer; cek: Buffer; nonce: Buffer } {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const expand = (info: Buffer, len: number) => createHmac('sha256', prk).update(info).update(Buffer.from([1])).digest().subarray(0, len);
  return { prk, cek: expand(CEK_INFO, 16), nonce: expand(NONCE_INFO, 12) };
}

/** RFC 8188 §2.3: NONCE = base XOR SEQ, SEQ a 96-bit big-endian record counter from 0. */
export function recordNonce(base: Uint8Array, seq: number): Buffer {
  const n = Buffer.from(base);
  let s = seq;
  for (let i = n.length - 1; i >= 0 && s > 0; i--) {
    n[i] = (n[i] as number) ^ (s % 256);
    s = Math.floor(s / 256);
  }
  return n;
}

/** Seals one record's plaintext (data || delimiter || padding) into ciphertext || tag. */
export function sealRecord(cek: Uint8Array, nonce: Uint8Array, recordPlain: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-gcm', cek, nonce);
  const body = Buffer.concat([c.update(recordPlain), c.final()]);
  return Buffer.concat([body, c.getAuthTag()]);
}

/** RFC 8188 §2.1 header bytes. */
export function encodeHeader(salt: Uint8Array, rs: number, keyid: Uint8Array): Buffer {
  const h = Buffer.alloc(HEADER_FIXED_LEN + keyid.length);
  h.set(salt, 0);
  h.writeUInt32BE(rs, SALT_LEN);
  h[SALT_LEN + 4] = keyid.length;
  h.set(keyid, HEADER_FIXED_LEN);
  return h;
}

/** Parses and checks the header (salt, rs >= 18, idlen, keyid). Throws PC_ERR_CRYPTO_FORMAT. */
export function parseHeader(data: Uint8Array): Aes128gcmHeader {
  if (data.length < HEADER_FIXED_LEN) throw formatError(data.length, `body ends inside the 21-octet aes128gcm header (${data.length} octets)`);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const rs = view.readUInt32BE(SALT_LEN);
  if (rs < MIN_RS) throw formatError(SALT_LEN, `record size ${rs} is below the minimum of 18 (RFC 8188 section 2.1)`);
  const idlen = view[SALT_LEN + 4] as number;
  const length = HEADER_FIXED_LEN + idlen;
  if (data.length < length) throw formatError(data.length, `body ends inside the ${idlen}-octet keyid`);
  return { salt: data.subarray(0, SALT_LEN), rs, keyid: data.subarray(HEADER_FIXED_LEN, length), length };
}

function checkOptions(rs: number, keyid: Uint8Array, salt: Uint8Array, padding: readonly number[]): void {
  const bad = (m: string) => new ProvcertError('PC_ERR_CONFIG', `aes128gcm: ${m}`);
  if (!Number.isInteger(rs) || rs < MIN_RS || rs > MAX_RS) throw bad(`record size must be an integer ${MIN_RS}..${MAX_RS}, got ${rs}`);
  if (keyid.length > 255) throw bad(`keyid must be at most 255 octets, got ${keyid.length}`);
  if (salt.length !== SALT_LEN) throw bad(`salt must be ${SALT_LEN} octets, got ${salt.length}`);
  for (const p of padding) {
    if (!Number.isInteger(p) || p < 0 || p > rs - TAG_LEN - 1) throw bad(`padding per record must be an integer 0..rs-17 (${rs - 17}), got ${p}`);
  }
}

/**
 * Encrypts into records of rs octets (RFC 8188 §2). A record is the last one when the data
 * ends in it; it then carries delimiter 2 and may be shorter than rs. Empty content gives one
 * 17-octet record holding only the delimiter.
 */
export function aes128gcmEncrypt(plain: Uint8Array, ikm: Uint8Array, opts: Aes128gcmOptions = {}): Uint8Array {
  const rs = opts.rs ?? DEFAULT_RS;
  const keyid = opts.keyid ?? new Uint8Array(0);
  const salt = opts.salt ?? randomBytes(SALT_LEN);
  const padding = opts.padding ?? [];
  checkOptions(rs, keyid, salt, padding);
  const { cek, nonce } = deriveKeyAndNonce(ikm, salt);
  const parts: Buffer[] = [encodeHeader(salt, rs, keyid)];
  let pos = 0;
  for (let seq = 0; ; seq++) {
    const pad = padding[seq] ?? 0;
    const room = rs - TAG_LEN - 1 - pad;
    const take = Math.min(room, plain.length - pos);
    const last = pos + take >= plain.length;
    const record = Buffer.alloc(take + 1 + pad);
    record.set(plain.subarray(pos, pos + take), 0);
    record[take] = last ? DELIM_LAST : DELIM_MORE;
    parts.push(sealRecord(cek, recordNonce(nonce, seq), record));
    pos += take;
    if (last) break;
  }
  return Buffer.concat(parts);
}

/** Removes the padding of one opened record (RFC 8188 §2): the delimiter is the last non-zero octet. */
function unpad(record: Buffer, isLast: boolean, start: number): Buffer {
  let i = record.length - 1;
  while (i >= 0 && record[i] === 0) i--;
  if (i < 0) throw formatError(start, 'record has no padding delimiter (all octets zero after decryption)');
  const delim = record[i];
  if (delim === DELIM_LAST && !isLast) {
    throw formatError(start, 'record with the last-record delimiter 2 is followed by more records');
  }
  if (delim === DELIM_MORE && isLast) {
    // RFC 8188 section 4 (Message Truncation): a body without a delimiter-2 record was cut off.
    throw formatError(start, 'last record has delimiter 1: the body is truncated');
  }
  if (delim !== DELIM_LAST && delim !== DELIM_MORE) {
    throw formatError(start, `padding delimiter is 0x${(delim as number).toString(16).padStart(2, '0')}, not 0x01/0x02 (non-zero padding octet or bad delimiter)`);
  }
  return record.subarray(0, i);
}

/** Decrypts and checks every RFC 8188 §2 rule; malformations are PC_ERR_CRYPTO_FORMAT, failed tags PC_ERR_CRYPTO_KEY. */
export function aes128gcmDecrypt(data: Uint8Array, ikm: Uint8Array): { plain: Uint8Array; rs: number; keyid: Uint8Array; records: number } {
  const header = parseHeader(data);
  const { rs } = header;
  if (data.length === header.length) {
    throw formatError(header.length, 'no records after the header: the body is truncated (a final record with delimiter 2 is required)');
  }
  const { cek, nonce } = deriveKeyAndNonce(ikm, header.salt);
  const out: Buffer[] = [];
  let seq = 0;
  for (let start = header.length; start < data.length; start += rs, seq++) {
    const end = Math.min(start + rs, data.length);
    const isLast = end === data.length;
    if (end - start < TAG_LEN + 1) {
      throw formatError(start, `record of ${end - start} octets is shorter than tag plus delimiter (17): truncated record`);
    }
    const d = createDecipheriv('aes-128-gcm', cek, recordNonce(nonce, seq));
    d.setAuthTag(data.subarray(end - TAG_LEN, end));
    let opened: Buffer;
    try {
      opened = Buffer.concat([d.update(data.subarray(start, end - TAG_LEN)), d.final()]);
    } catch {
      throw new ProvcertError('PC_ERR_CRYPTO_KEY', `record ${seq} does not authenticate: wrong IKM, or the body was truncated or altered`, {
        proto: PROTO,
        offset: start,
        requirementId: 'ENC-009',
      });
    }
    out.push(unpad(opened, isLast, start));
  }
  return { plain: Buffer.concat(out), rs, keyid: header.keyid, records: seq };
}
