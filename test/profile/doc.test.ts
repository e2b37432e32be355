import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_BEGIN, GENERATED_END, profileDocMarkdown, replaceGeneratedSection } from '../../lib/profile/doc.js';

const docPath = fileURLToPath(new URL('../../docs/profile.md', import.meta.url));

t.test('docs/profile.md carries the generated section exactly as lib/profile/doc.ts makes it', async (t) => {
  const doc = readFileSync(docPath, 'utf8');
  const a = doc.indexOf(GENERATED_BEGIN);
  const b = doc.indexOf(GENERATED_END);
  t.ok(a >= 0 && b > a, 'markers present');
  t.equal(doc.slice(a, b + GENERATED_END.length), profileDocMarkdown(), 'regenerate with the command in docs/profile.md');
});

t.test('the doc keeps the pointers to the other helpers\' docs', async (t) => {
  const doc = readFileSync(docPath, 'utf8');
  t.match(doc, /^## Encryption\n\n[^\n]*\[encryption\.md\]\(encryption\.md\)/m);
  t.match(doc, /^## Profile rules\n\nSee \[profile-rules\.md\]/m);
  t.match(doc, /X-PROF-001/);
});

t.test('replaceGeneratedSection is idempotent and appends when markers are missing', async (t) => {
  const once = replaceGeneratedSection('# x\n');
  t.match(once, /BEGIN generated/);
  t.equal(replaceGeneratedSection(once), once);
});
