import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../lib/phone-model/', import.meta.url));
/** Every .ts file of the model, subfolders included (tr69/, pfs/, ...), as paths relative to `dir`. */
function walk(rel: string): string[] {
  return readdirSync(join(dir, rel)).sort().flatMap((f) => {
    const r = rel === '' ? f : `${rel}/${f}`;
    return statSync(join(dir, r)).isDirectory() ? walk(r) : r.endsWith('.ts') ? [r] : [];
  });
}
const files = walk('');
const subfolders = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))];
/** Strip comments so that the rules can be named in them. */
const code = (f: string) => readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

t.test('lib/phone-model has no node:* imports, Date, Math.random, timers or process', async (t) => {
  t.ok(files.length > 10, 'found the model files');
  // The newer sub-machines live in subfolders: the scan must reach them.
  for (const sub of ['tr69', 'pfs']) t.ok(subfolders.includes(sub), `scans ${sub}/`);
  t.ok(files.includes('pfs/machine.ts') && files.includes('tr69/session.ts'), 'subfolder files are in the scan');
  const banned: [RegExp, string][] = [
    [/from\s+['"]node:/, 'node:* import'], [/import\(\s*['"]node:/, 'dynamic node:* import'], [/\bDate\b/, 'Date'],
    [/Math\.random/, 'Math.random'], [/\bset(Timeout|Interval|Immediate)\b/, 'timers'], [/\bprocess\./, 'process'],
    [/\bperformance\./, 'performance'], [/\brequire\(/, 'require'],
  ];
  for (const f of files) {
    const c = code(f);
    for (const [re, what] of banned) t.notOk(re.test(c), `${f}: no ${what}`);
  }
});

t.test('every subfolder of lib/phone-model is scanned', async (t) => {
  const onDisk = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory());
  t.ok(onDisk.length >= 2, onDisk.join(', '));
  for (const d of onDisk) t.ok(subfolders.includes(d) || readdirSync(join(dir, d)).every((f) => !f.endsWith('.ts')), `${d}/ is scanned`);
});

t.test('the purity scan itself catches a violation', async (t) => {
  t.ok(/\bDate\b/.test('const x = Date.now();'));
  t.ok(/from\s+['"]node:/.test("import x from 'node:fs';"));
});
