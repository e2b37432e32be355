#!/usr/bin/env node
// Entry point: loads the compiled CLI from dist/ (built by `npm install` through `prepare`).
let mod;
try {
  mod = await import('../dist/lib/cli/main.js');
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/lib/cli/main.js')) {
    process.stderr.write('provcert: not built yet: run `npm install` (or `npm run build`) in the provcert folder\n');
    process.exit(2);
  }
  throw e;
}
process.exitCode = await mod.main(process.argv.slice(2));
