/**
 * Real XML parsers as command targets (issue 7 part 5): xmllint (libxml2-utils) and xmlwf
 * (expat), differential between them and compared with our pipeline. What they find is recorded
 * in docs/fuzzing.md; here we assert what must hold on every run with this seed.
 */
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hasStack, runCli } from '../helpers/cli.js';
import type { FindingRecord } from '../../lib/fuzz/store.js';

const has = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
const missing = ['xmllint', 'xmlwf'].filter((c) => !has(c));

t.test('xmllint vs xmlwf vs provcert', { skip: missing.length ? `not installed: ${missing.join(', ')}` : false }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'provcert-fuzz-real-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const r = await runCli(['fuzz', '--cmd', 'xmllint --noout -', '--cmd', 'xmlwf', '--diff-exit-only', '--layers', 'profile,xml',
    '--oracles', 'crash,differential,accepts-invalid,rejects-valid', '--runs', '120', '--time', '40', '--seed', '1', '--out', out, '--minimise-time', '20']);
  t.notOk(hasStack(r.stderr + r.stdout), 'no stack');
  t.equal(r.code, 1, 'the two parsers and provcert disagree somewhere');
  const dir = join(out, 'findings');
  const found = existsSync(dir) ? readdirSync(dir).map((d) => JSON.parse(readFileSync(join(dir, d, 'finding.json'), 'utf8')) as FindingRecord) : [];
  t.notOk(found.some((f) => f.oracle === 'crash'), `neither parser crashed (${found.map((f) => f.signature).join(', ')})`);
  const doctype = found.find((f) => f.signature === 'accepts-invalid-t0-doctype-refused');
  t.ok(doctype, 'xmllint accepts a DOCTYPE that provcert refuses (X-PROF-002)');
  if (doctype) {
    t.ok(doctype.sizeAfter < 120, `minimised to ${doctype.sizeAfter} bytes`);
    t.equal(spawnSync('sh', [join(doctype.dir, 'replay.sh')]).status, 0, 'replay.sh: xmllint accepts it (first target)');
  }
  t.ok(found.every((f) => f.sizeAfter <= f.sizeBefore), 'minimisation never grows an input');
});
