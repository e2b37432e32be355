import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { runCli, hasStack } from '../helpers/cli.js';
import { aes128gcmDecrypt, opensslDecrypt, opensslEncrypt, parseAes128gcmHeader, parseIkm } from '../../lib/crypto/index.js';

const XML = '<?xml version="1.0"?>\n<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>\n';
const IKM = 'yqdlZ-tYemfogSmv7Ws5PQ';
const opensslMissing = spawnSync('openssl', ['version']).status === 0 ? false : 'openssl not installed';

function workdir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'provcert-crypto-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'p.xml'), XML);
  return dir;
}
const cli = (dir: string, ...argv: string[]) => runCli(argv, { cwd: dir });

t.test('encrypt --key writes FILE.enc with md5 by default; openssl and decrypt read it', async (t) => {
  const dir = workdir(t);
  const r = await cli(dir, 'profile', 'encrypt', 'p.xml', '--key', 'SecretPhrase1234');
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /wrote p\.xml\.enc .*kdf md5/);
  const enc = readFileSync(join(dir, 'p.xml.enc'));
  t.equal(enc.subarray(0, 8).toString('latin1'), 'Salted__');
  t.equal(Buffer.from(opensslDecrypt(enc, 'SecretPhrase1234', { kind: 'evp', md: 'md5' })).toString(), XML);
  t.equal(readFileSync(join(dir, 'p.xml'), 'utf8'), XML, 'input untouched');
  const d = await cli(dir, 'profile', 'decrypt', 'p.xml.enc', '--key', 'SecretPhrase1234');
  t.equal(d.code, 0, d.stderr);
  t.equal(d.stdout, XML, 'plaintext on stdout');
});

t.test('openssl CLI both ways through the commands', { skip: opensslMissing }, async (t) => {
  const dir = workdir(t);
  for (const [flags, oflags] of [[['--md', 'md5'], ['-md', 'md5']], [['--md', 'sha256'], ['-md', 'sha256']], [['--pbkdf2'], ['-pbkdf2']], [['--pbkdf2', '--iter', '77'], ['-pbkdf2', '-iter', '77']]] as const) {
    const e = await cli(dir, 'profile', 'encrypt', 'p.xml', '--key', 'k w', ...flags, '--out', 'o.cfg');
    t.equal(e.code, 0, e.stderr);
    const o = spawnSync('openssl', ['enc', '-d', '-aes-256-cbc', ...oflags, '-k', 'k w', '-in', join(dir, 'o.cfg')], { encoding: 'utf8' });
    t.equal(o.status, 0, o.stderr);
    t.equal(o.stdout, XML, `openssl decrypts ${flags.join(' ')}`);
    const made = spawnSync('openssl', ['enc', '-e', '-aes-256-cbc', ...oflags, '-k', 'k w', '-in', join(dir, 'p.xml'), '-out', join(dir, 'their.cfg')]);
    t.equal(made.status, 0);
    const d = await cli(dir, 'profile', 'decrypt', 'their.cfg', '--key', 'k w', ...flags);
    t.equal(d.code, 0, d.stderr);
    t.equal(d.stdout, XML, `we decrypt openssl's ${flags.join(' ')}`);
  }
  // Without flags decrypt finds the KDF itself (openssl's default is sha256 today).
  spawnSync('openssl', ['enc', '-e', '-aes-256-cbc', '-k', 'k', '-in', join(dir, 'p.xml'), '-out', join(dir, 'def.cfg')]);
  const d = await cli(dir, 'profile', 'decrypt', 'def.cfg', '--key', 'k', '--out', 'def.xml');
  t.equal(d.code, 0, d.stderr);
  t.match(d.stdout, /kdf sha256/);
  t.equal(readFileSync(join(dir, 'def.xml'), 'utf8'), XML);
});

t.test('RFC 8188: encrypt --rfc8188 and decrypt --ikm', async (t) => {
  const dir = workdir(t);
  const e = await cli(dir, 'profile', 'encrypt', 'p.xml', '--rfc8188', '--ikm', IKM, '--rs', '40', '--keyid', 'a1', '--out', 'p.ece');
  t.equal(e.code, 0, e.stderr);
  const body = readFileSync(join(dir, 'p.ece'));
  const h = parseAes128gcmHeader(body);
  t.equal(h.rs, 40);
  t.equal(Buffer.from(h.keyid).toString(), 'a1');
  t.equal(Buffer.from(aes128gcmDecrypt(body, parseIkm(IKM)).plain).toString(), XML);
  const d = await cli(dir, 'profile', 'decrypt', 'p.ece', '--ikm', IKM);
  t.equal(d.code, 0, d.stderr);
  t.equal(d.stdout, XML);
  const wrong = await cli(dir, 'profile', 'decrypt', 'p.ece', '--ikm', 'AAAAAAAAAAAAAAAAAAAAAA');
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /PC_ERR_CRYPTO_KEY/);
});

t.test('gzip plaintext: stdout refused with a hint, --out works', async (t) => {
  const dir = workdir(t);
  writeFileSync(join(dir, 'p.xml.gz'), gzipSync(XML));
  t.equal((await cli(dir, 'profile', 'encrypt', 'p.xml.gz', '--key', 'k')).code, 0);
  const s = await cli(dir, 'profile', 'decrypt', 'p.xml.gz.enc', '--key', 'k');
  t.equal(s.code, 2);
  t.match(s.stderr, /give --out FILE/);
  const f = await cli(dir, 'profile', 'decrypt', 'p.xml.gz.enc', '--key', 'k', '--out', 'back.gz');
  t.equal(f.code, 0, f.stderr);
  t.same(readFileSync(join(dir, 'back.gz')), gzipSync(XML));
});

t.test('bad input exits 1 with one line, usage errors exit 2, never a stack', async (t) => {
  const dir = workdir(t);
  writeFileSync(join(dir, 'k.enc'), opensslEncrypt(Buffer.from(XML), 'right', { kind: 'evp', md: 'md5' }));
  writeFileSync(join(dir, 'junk.bin'), Buffer.from('hello'));
  writeFileSync(join(dir, 'notxml.txt'), 'plain words');
  const cases: Array<[string[], number, RegExp]> = [
    [['profile', 'decrypt', 'k.enc', '--key', 'wrong'], 1, /PC_ERR_CRYPTO_KEY/],
    [['profile', 'decrypt', 'p.xml', '--key', 'k'], 1, /not encrypted/],
    [['profile', 'decrypt', 'junk.bin', '--key', 'k'], 1, /PC_ERR_CRYPTO_FORMAT/],
    [['profile', 'decrypt', 'missing.enc', '--key', 'k'], 1, /PC_ERR_IO.*ENOENT/],
    [['profile', 'encrypt', 'missing.xml', '--key', 'k'], 1, /PC_ERR_IO/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--out', 'nodir/x.enc'], 1, /PC_ERR_IO/],
    [['profile', 'decrypt', 'k.enc', '--ikm', IKM], 1, /no passphrase/],
    [['profile', 'decrypt', 'k.enc', '--key', 'k', '--ikm', IKM], 2, /not both/],
    [['profile', 'decrypt', 'k.enc'], 2, /missing --key/],
    [['profile', 'decrypt', 'k.enc', '--key', 'k', '--md', 'sha1'], 2, /--md must be md5 or sha256/],
    [['profile', 'decrypt', 'k.enc', '--key', 'k', '--md', 'md5', '--pbkdf2'], 2, /cannot be combined/],
    [['profile', 'decrypt', 'k.enc', '--key', 'k', '--iter', 'x'], 2, /--iter needs an integer/],
    [['profile', 'decrypt', 'k.enc', '--ikm', 'bad+ikm'], 2, /PC_ERR_CONFIG.*base64url/],
    [['profile', 'decrypt', 'k.enc', '--key', 'right', '--out', 'k.enc'], 2, /refusing to overwrite/],
    [['profile', 'decrypt', '--key', 'k'], 2, /missing FILE/],
    [['profile', 'decrypt', 'a', 'b', '--key', 'k'], 2, /exactly one FILE/],
    [['profile', 'encrypt', 'p.xml'], 2, /missing --key/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--ikm', IKM], 2, /not both/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--rfc8188'], 2, /not both/],
    [['profile', 'encrypt', 'p.xml', '--rfc8188'], 2, /needs --ikm/],
    [['profile', 'encrypt', 'p.xml', '--ikm', IKM], 2, /add --rfc8188/],
    [['profile', 'encrypt', 'p.xml', '--rfc8188', '--ikm', IKM, '--rs', '17'], 2, /--rs must be between 18/],
    [['profile', 'encrypt', 'p.xml', '--rfc8188', '--ikm', IKM, '--md', 'md5'], 2, /apply to --key/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--rs', '100'], 2, /apply to --rfc8188/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--out', 'p.xml'], 2, /refusing to overwrite/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--out', '-'], 2, /binary/],
    [['profile', 'encrypt', 'p.xml', '--key', 'k', '--bogus'], 2, /PC_ERR_USAGE/],
  ];
  for (const [argv, code, re] of cases) {
    const r = await cli(dir, ...argv);
    t.equal(r.code, code, `${argv.slice(1).join(' ')} -> ${code}`);
    t.match(r.stderr, re, argv.slice(1).join(' '));
    t.notOk(hasStack(r.stderr + r.stdout), 'no stack');
    t.ok(r.stderr.trim().split('\n').length <= 2, 'one error line (plus the --help hint for usage errors)');
  }
  t.equal(readFileSync(join(dir, 'k.enc')).subarray(0, 8).toString('latin1'), 'Salted__', 'input never overwritten');
  t.notOk(existsSync(join(dir, 'missing.xml.enc')));
});

t.test('encrypting a non-profile warns (ENC-003) but still succeeds; --help exits 0', async (t) => {
  const dir = workdir(t);
  writeFileSync(join(dir, 'n.txt'), 'not xml');
  const r = await cli(dir, 'profile', 'encrypt', 'n.txt', '--key', 'k');
  t.equal(r.code, 0);
  t.match(r.stderr, /warning: input is neither XML nor gzip.*ENC-003/);
  for (const c of ['encrypt', 'decrypt']) {
    const h = await cli(dir, 'profile', c, '--help');
    t.equal(h.code, 0);
    t.match(h.stdout, new RegExp(`usage: provcert profile ${c}`));
  }
});
