import t from 'tap';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_DOCS } from '../../lib/docs/generated.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

for (const doc of GENERATED_DOCS) {
  t.test(`${doc.path} is current (npm run docs regenerates it)`, async (t) => {
    t.ok(existsSync(root + doc.path), `${doc.path} exists`);
    const current = readFileSync(root + doc.path, 'utf8');
    t.equal(current, await doc.render(current));
  });
}
