/**
 * `openssl enc -aes-256-cbc -k PASS` file format (ENC-002): "Salted__" | salt(8) | AES-256-CBC
 * ciphertext with PKCS#7 padding. CBC has no integrity check: a wrong key is noticed only
 * through bad padding (about 255 times in 256) or, by decryptAuto, through content that is
 * neither XML nor gzip (X-ENC-003).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ProvcertError } from '../errors.js';
import { deriveKeyIv, kdfName, type Kdf } from './kdf.js';

export const OPENSSL_MAGIC = Buffer.from('Salted__', 'latin1');
export const OPENSSL_SALT_LEN = 8;
export const OPENSSL_HEADER_LEN = OPENSSL_MAGIC.length + OPENSSL_SALT_LEN;
const BLOCK = 16;
const PROTO = 'openssl-enc';

function formatError(offset: number, message: string): ProvcertError {
  return new ProvcertError('PC_ERR_CRYPTO_FORMAT', message, { proto: PROTO, offset, requirementId: 'ENC-002' });
}

export function hasOpensslMagic(data: Uint8Array): boolean {
  return data.length >= OPENSSL_MAGIC.length && OPENSSL_MAGIC.equals(data.subarray(0, OPENSSL_MAGIC.length));
}

/** Encrypts like `openssl enc -e -aes-256-cbc -k PASS [-md M | -pbkdf2 -iter N]`; salt random unless given. */
export function opensslEncrypt(plain: Uint8Array, pass: string, kdf: Kdf, salt?: Uint8Array): Uint8Array {
  const s = salt ?? randomBytes(OPENSSL_SALT_LEN);
  if (s.length !== OPENSSL_SALT_LEN) {
    throw new ProvcertError('PC_ERR_CONFIG', `openssl enc salt must be ${OPENSSL_SALT_LEN} bytes, got ${s.length}`);
  }
  const { key, iv } = deriveKeyIv(pass, s, kdf);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([OPENSSL_MAGIC, s, cipher.update(plain), cipher.final()]);
}

/** Splits and checks the frame; returns the salt and the ciphertext. Throws PC_ERR_CRYPTO_FORMAT. */
export function parseOpensslFrame(data: Uint8Array): { salt: Uint8Array; body: Uint8Array } {
  if (!hasOpensslMagic(data)) {
    throw formatError(0, 'no "Salted__" header: not an openssl enc file with salt');
  }
  if (data.length < OPENSSL_HEADER_LEN) {
    throw formatError(data.length, `file ends inside the 8-byte salt (${data.length} bytes)`);
  }
  const body = data.subarray(OPENSSL_HEADER_LEN);
  // PKCS#7 always adds 1..16 bytes, so even an empty plaintext gives one full block.
  if (body.length === 0) throw formatError(OPENSSL_HEADER_LEN, 'no ciphertext after the salt (at least one 16-byte block expected)');
  if (body.length % BLOCK !== 0) {
    const lastBlock = OPENSSL_HEADER_LEN + body.length - (body.length % BLOCK);
    throw formatError(lastBlock, `ciphertext length ${body.length} is not a multiple of 16 (truncated or not AES-CBC)`);
  }
  return { salt: data.subarray(OPENSSL_MAGIC.length, OPENSSL_HEADER_LEN), body };
}

/**
 * Decrypts like `openssl enc -d -aes-256-cbc -k PASS ...`. Bad PKCS#7 padding is reported as
 * PC_ERR_CRYPTO_KEY at the last block; a wrong key with valid-looking padding cannot be noticed here.
 */
export function opensslDecrypt(data: Uint8Array, pass: string, kdf: Kdf): Uint8Array {
  const { salt, body } = parseOpensslFrame(data);
  const { key, iv } = deriveKeyIv(pass, salt, kdf);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  const head = decipher.update(body);
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    throw new ProvcertError('PC_ERR_CRYPTO_KEY', `bad padding after AES-256-CBC decryption with KDF ${kdfName(kdf)}: wrong key, wrong KDF or corrupted file`, {
      proto: PROTO,
      offset: data.length - BLOCK,
      requirementId: 'ENC-004',
    });
  }
}
