#!/usr/bin/env node
// Regenerates every generated document from the built code (run `npm run build` first; `npm run docs` does).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const { GENERATED_DOCS } = await import('../dist/lib/docs/generated.js');
const root = fileURLToPath(new URL('..', import.meta.url));
for (const doc of GENERATED_DOCS) {
  const path = root + doc.path;
  writeFileSync(path, await doc.render(existsSync(path) ? readFileSync(path, 'utf8') : ''));
  console.log(`wrote ${doc.path}`);
}
