/**
 * `provcert profile encrypt`: writes an encrypted profile the way a provisioning server should
 * serve it: `openssl enc -aes-256-cbc` (ENC-002, default digest md5 as the phone model assumes,
 * X-ENC-001) or RFC 8188 aes128gcm (ENC-008..010). Also exports the flag helpers that
 * `profile decrypt` shares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIO, Command } from '../command.js';
import { intFlag, parseFlags } from '../command.js';
import { ProvcertError, usageError } from '../../errors.js';
import {
  aes128gcmEncrypt,
  DEFAULT_RS,
  isProfilePlaintext,
  kdfName,
  opensslEncrypt,
  parseIkm,
  PBKDF2_DEFAULT_ITER,
  PBKDF2_MAX_ITER,
  type Kdf,
} from '../../crypto/index.js';

export const KDF_FLAGS = {
  key: { type: 'string' },
  md: { type: 'string' },
  pbkdf2: { type: 'boolean' },
  iter: { type: 'string' },
  ikm: { type: 'string' },
  out: { type: 'string' },
} as const;

/** The one FILE operand; usage error for none or several. */
export function oneFile(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing FILE' : `exactly one FILE expected, got ${positionals.length}`);
  return positionals[0] as string;
}

/** --md / --pbkdf2 / --iter as a KDF choice; undefined when none was given. `--iter` implies --pbkdf2 like openssl. */
export function kdfFromFlags(v: { md?: string; pbkdf2?: boolean; iter?: string }): Kdf | undefined {
  if (v.md !== undefined && v.md !== 'md5' && v.md !== 'sha256') throw usageError(`--md must be md5 or sha256, got '${v.md}'`);
  const iter = intFlag(v.iter, 'iter', 1, PBKDF2_MAX_ITER);
  if (v.md !== undefined && (v.pbkdf2 || iter !== undefined)) {
    throw usageError('--md selects the EVP_BytesToKey digest and cannot be combined with --pbkdf2/--iter (PBKDF2 here is always HMAC-SHA256)');
  }
  if (v.md !== undefined) return { kind: 'evp', md: v.md };
  if (v.pbkdf2 || iter !== undefined) return { kind: 'pbkdf2', iter: iter ?? PBKDF2_DEFAULT_ITER };
  return undefined;
}

export function readInput(io: CliIO, file: string): Uint8Array {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'unreadable';
    throw new ProvcertError('PC_ERR_IO', `cannot read '${file}' (${why})`);
  }
}

export function writeOutput(io: CliIO, input: string, out: string, bytes: Uint8Array): void {
  if (resolve(io.cwd, out) === resolve(io.cwd, input)) throw usageError(`--out '${out}' is the input file; refusing to overwrite it`);
  try {
    writeFileSync(resolve(io.cwd, out), bytes);
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'unwritable';
    throw new ProvcertError('PC_ERR_IO', `cannot write '${out}' (${why})`);
  }
}

const USAGE = `usage: provcert profile encrypt FILE --key K [--md md5|sha256] [--pbkdf2 [--iter N]] [--out F]
       provcert profile encrypt FILE --rfc8188 --ikm B64URL [--rs N] [--keyid ID] [--out F]

Encrypts a profile (compress it with gzip first if you want both: ENC-003).

openssl enc -aes-256-cbc format ("Salted__" + 8-byte random salt + AES-256-CBC, ENC-002):
  --key K        passphrase, the value of the profile rule's [--key K] (ENC-004)
  --md D         EVP_BytesToKey digest: md5 (default; openssl 0.9.7c, what Cisco firmware was
                 tested against) or sha256 (openssl >= 1.1.0 default)
  --pbkdf2       PBKDF2-HMAC-SHA256 instead (openssl -pbkdf2); --iter N iterations (default ${PBKDF2_DEFAULT_ITER})
  equivalent:    openssl enc -e -aes-256-cbc -md md5 -k K -in FILE -out FILE.enc

RFC 8188 aes128gcm (ENC-008..010; serve with Content-Encoding: aes128gcm):
  --rfc8188      select this format
  --ikm B64URL   input keying material, base64url (IKM_HTTP_Encrypt_Content, ENC-009)
  --rs N         record size, 18..4294967295 (default ${DEFAULT_RS})
  --keyid ID     key identifier written in the header (UTF-8, at most 255 octets)

  --out F        output file (default FILE.enc, overwritten if it exists; never FILE itself)

exit codes: 0 written, 1 unreadable input or unwritable output, 2 usage error
`;

export const profileEncryptCommand: Command = {
  name: 'profile encrypt',
  summary: 'Encrypt a profile (openssl enc aes-256-cbc or RFC 8188 aes128gcm)',
  usage: USAGE,
  async run(args, io) {
    const { values: v, positionals } = parseFlags(args, { ...KDF_FLAGS, rfc8188: { type: 'boolean' }, rs: { type: 'string' }, keyid: { type: 'string' } });
    const file = oneFile(positionals);
    const rfc8188 = v.rfc8188 === true;
    if (v.key !== undefined && (v.ikm !== undefined || rfc8188)) throw usageError('give either --key (openssl enc) or --rfc8188 --ikm, not both');
    if (rfc8188 && v.ikm === undefined) throw usageError('--rfc8188 needs --ikm B64URL');
    if (!rfc8188 && v.ikm !== undefined) throw usageError('--ikm is for RFC 8188: add --rfc8188');
    if (!rfc8188 && v.key === undefined) throw usageError('missing --key K (or --rfc8188 --ikm B64URL)');
    if (rfc8188 && (v.md !== undefined || v.pbkdf2 || v.iter !== undefined)) throw usageError('--md/--pbkdf2/--iter apply to --key (openssl enc) only');
    if (!rfc8188 && (v.rs !== undefined || v.keyid !== undefined)) throw usageError('--rs/--keyid apply to --rfc8188 only');
    const out = v.out ?? `${file}.enc`;
    if (out === '-') throw usageError('the encrypted output is binary: give --out FILE, not -');

    let encrypted: Uint8Array;
    let what: string;
    if (rfc8188) {
      const ikm = parseIkm(v.ikm as string);
      const rs = intFlag(v.rs, 'rs', 18, 0xffffffff) ?? DEFAULT_RS;
      const keyid = Buffer.from(v.keyid ?? '', 'utf8');
      if (keyid.length > 255) throw usageError(`--keyid is ${keyid.length} octets in UTF-8; at most 255`);
      const plain = readInput(io, file);
      warnIfNotProfile(io, plain);
      encrypted = aes128gcmEncrypt(plain, ikm, { rs, keyid });
      what = `aes128gcm, rs ${rs}${keyid.length ? `, keyid '${v.keyid}'` : ''}`;
    } else {
      const kdf = kdfFromFlags(v) ?? { kind: 'evp', md: 'md5' };
      const plain = readInput(io, file);
      warnIfNotProfile(io, plain);
      encrypted = opensslEncrypt(plain, v.key as string, kdf);
      what = `aes-256-cbc, kdf ${kdfName(kdf)}`;
    }
    writeOutput(io, file, out, encrypted);
    io.stdout(`wrote ${out} (${encrypted.length} bytes, ${what})\n`);
    return 0;
  },
};

/** ENC-003: a phone recognises only XML or gzip after decryption; say so, but still encrypt. */
function warnIfNotProfile(io: CliIO, plain: Uint8Array): void {
  if (!isProfilePlaintext(plain)) {
    io.stderr('provcert profile encrypt: warning: input is neither XML nor gzip; a phone will not recognise it after decryption (ENC-003)\n');
  }
}
