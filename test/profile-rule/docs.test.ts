/** docs/profile-rules.md: its macro table is the generated one, and the doc cites only known IDs. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { macroTableMarkdown } from '../../lib/profile-rule/index.js';
import { isKnownRequirement } from '../../lib/requirements/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/profile-rules.md', import.meta.url)), 'utf8');

t.test('the generated macro table is current', async (t) => {
  const m = /<!-- BEGIN GENERATED[^\n]*-->\n([\s\S]*?)<!-- END GENERATED -->/.exec(doc);
  t.ok(m, 'doc has the generated section');
  t.equal(m?.[1], macroTableMarkdown(), 'regenerate the table from macroTableMarkdown() when MACROS changes');
});

t.test('every requirement ID in the doc exists', async (t) => {
  const ids = new Set(doc.match(/\b(?:X-)?[A-Z]+-\d{3}\b/g) ?? []);
  t.ok(ids.size > 20, `doc cites ${ids.size} IDs`);
  for (const id of ids) t.ok(isKnownRequirement(id), id);
});
