/**
 * `provcert profile decrypt`: decrypts a served profile as the phone model does (decryptAuto):
 * openssl enc with the documented KDF order or a fixed one, or RFC 8188 aes128gcm with an IKM.
 */
import type { Command } from '../command.js';
import { parseFlags } from '../command.js';
import { ProvcertError, usageError } from '../../errors.js';
import { decryptAuto, kdfName, type DecryptOptions } from '../../crypto/index.js';
import { KDF_FLAGS, kdfFromFlags, oneFile, readInput, writeOutput } from './profile-encrypt.js';

const USAGE = `usage: provcert profile decrypt FILE --key K [--md md5|sha256] [--pbkdf2 [--iter N]] [--out F]
       provcert profile decrypt FILE --ikm B64URL [--out F]

Decrypts an encrypted profile; the format is detected from the bytes ("Salted__" header for
openssl enc, header structure for RFC 8188 aes128gcm).

  --key K        openssl enc passphrase (profile rule [--key K], ENC-004)
  --md D         only try EVP_BytesToKey with D (md5 or sha256)
  --pbkdf2       only try PBKDF2-HMAC-SHA256, --iter N iterations (default 10000)
                 without --md/--pbkdf2: md5, then sha256, then pbkdf2/10000, and a result is
                 accepted only if it is XML or gzip (X-ENC-002)
  --ikm B64URL   RFC 8188 input keying material (IKM_HTTP_Encrypt_Content, ENC-009)
  --out F        write the plaintext to F (never FILE itself); default: standard output,
                 which needs a text (XML) plaintext: gzip plaintext needs --out
  equivalent:    openssl enc -d -aes-256-cbc -md md5 -k K -in FILE

exit codes: 0 decrypted, 1 wrong key, not encrypted, malformed or unreadable, 2 usage error
`;

export const profileDecryptCommand: Command = {
  name: 'profile decrypt',
  summary: 'Decrypt an openssl enc or RFC 8188 aes128gcm profile',
  usage: USAGE,
  async run(args, io) {
    const { values: v, positionals } = parseFlags(args, KDF_FLAGS);
    const file = oneFile(positionals);
    if (v.key !== undefined && v.ikm !== undefined) throw usageError('give either --key or --ikm, not both');
    if (v.key === undefined && v.ikm === undefined) throw usageError('missing --key K or --ikm B64URL');
    if (v.ikm !== undefined && (v.md !== undefined || v.pbkdf2 || v.iter !== undefined)) throw usageError('--md/--pbkdf2/--iter apply to --key only');
    const kdf = kdfFromFlags(v);
    const opts: DecryptOptions = v.ikm !== undefined ? { ikm: v.ikm } : { key: v.key as string };
    if (kdf?.kind === 'evp') opts.md = kdf.md;
    if (kdf?.kind === 'pbkdf2') {
      opts.pbkdf2 = true;
      opts.iter = kdf.iter;
    }

    const data = readInput(io, file);
    const r = decryptAuto(data, opts);
    if (r.method === 'none') {
      throw new ProvcertError('PC_ERR_CRYPTO_FORMAT', `'${file}' is not encrypted (it is plain ${r.wrapper})`, { proto: r.wrapper, offset: 0 });
    }
    const how = r.kdf ? `${r.method}, kdf ${kdfName(r.kdf)}` : r.method;
    if (v.out !== undefined && v.out !== '-') {
      writeOutput(io, file, v.out, r.plain);
      io.stdout(`wrote ${v.out} (${r.plain.length} bytes, ${how})\n`);
      return 0;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(r.plain);
    } catch {
      throw usageError(`the plaintext is binary (${r.wrapper === 'openssl-salted' || r.wrapper === 'aes128gcm' ? 'gzip or non-UTF-8' : r.wrapper}); give --out FILE`);
    }
    io.stdout(text);
    return 0;
  },
};
