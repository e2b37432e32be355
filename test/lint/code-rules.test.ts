import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

t.test('no `any` in lib/ (DEVELOPERS.md: TypeScript strict, no any in lib/)', async (t) => {
  const offenders: string[] = [];
  for (const f of tsFiles(join(root, 'lib'))) {
    const src = stripComments(readFileSync(f, 'utf8'));
    src.split('\n').forEach((line, i) => {
      if (/(:\s*any\b|\bas\s+any\b|<any>|any\[\])/.test(line)) offenders.push(`${f.slice(root.length)}:${i + 1}: ${line.trim()}`);
    });
  }
  t.same(offenders, [], 'lines using any');
});

t.test('lib/ never reads ../shared at run time', async (t) => {
  const offenders = tsFiles(join(root, 'lib')).filter((f) => /\.\.\/shared\b|\/work\/shared/.test(stripComments(readFileSync(f, 'utf8'))));
  t.same(offenders.map((f) => f.slice(root.length)), []);
});
