import t from 'tap';
import { loaderFlags, nodeEntryArgv } from '../../lib/lab/node-entry.js';

t.test('loader flags: both spellings, values kept, other flags dropped', async (t) => {
  t.same(loaderFlags(['--import', 'a.mjs', '--max-old-space-size=100', '--import=b.mjs', '--enable-source-maps', '--inspect', '--require', 'r.cjs']), ['--import', 'a.mjs', '--import=b.mjs', '--enable-source-maps', '--require', 'r.cjs']);
  t.same(loaderFlags([]), []);
});

t.test('the entry follows the caller: .ts from sources, .js from dist', async (t) => {
  const ts = nodeEntryArgv('file:///x/lib/runner/lab-run.ts', 'lab-worker-main');
  t.equal(ts[0], process.execPath);
  t.equal(ts.at(-1), '/x/lib/runner/lab-worker-main.ts');
  const js = nodeEntryArgv('file:///x/dist/lib/runner/lab-run.js', 'lab-worker-main');
  t.same(js, [process.execPath, '/x/dist/lib/runner/lab-worker-main.js'], 'no loader flags for built code');
});
