import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../lib/phone-model/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
/** Strip comments so that the rules can be named in them. */
const code = (f: string) => readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

t.test('lib/phone-model has no node:* imports, Date, Math.random, timers or process', async (t) => {
  t.ok(files.length > 10, 'found the model files');
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

t.test('the purity scan itself catches a violation', async (t) => {
  t.ok(/\bDate\b/.test('const x = Date.now();'));
  t.ok(/from\s+['"]node:/.test("import x from 'node:fs';"));
});
