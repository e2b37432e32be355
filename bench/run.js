#!/usr/bin/env node
// `npm run bench`: runs every benchmark module listed in BENCHMARKS (each exports
// `name` and `async run()` returning a JSON-able result), writes bench/results/<name>.json and
// prints all results as one JSON object on stdout. Benchmarks import the built code from dist/
// (run `npm run build` first). Each benchmark bounds its own duration.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The registry: add a module here to add a benchmark. */
const BENCHMARKS = ['./fuzz.bench.js', './phones.bench.js'];

const only = process.argv.slice(2);
const results = {};
mkdirSync(join(here, 'results'), { recursive: true });
for (const path of BENCHMARKS) {
  let mod;
  try {
    mod = await import(path);
  } catch (e) {
    if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('/dist/')) {
      process.stderr.write('bench: dist/ is missing or stale: run `npm run build` first\n');
      process.exit(2);
    }
    throw e;
  }
  if (only.length && !only.includes(mod.name)) continue;
  process.stderr.write(`bench: ${mod.name} ...\n`);
  const result = { name: mod.name, date: new Date().toISOString(), node: process.version, ...(await mod.run()) };
  writeFileSync(join(here, 'results', `${mod.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  results[mod.name] = result;
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
