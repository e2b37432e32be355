import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../lib/profile/', import.meta.url));

t.test('lib/profile is pure except body.ts (the phone model imports the parser)', async (t) => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const src = readFileSync(dir + f, 'utf8');
    const nodeImports = /from ['"]node:/.test(src);
    t.equal(nodeImports, f === 'body.ts', `${f}${f === 'body.ts' ? ' uses node:zlib' : ' imports no node:*'}`);
    t.notMatch(src, /\bDate\.now\(|Math\.random\(|setTimeout\(/, `${f} has no clock or randomness`);
  }
});
